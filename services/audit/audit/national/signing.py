"""Request signing for the national platform (docs/integration/national-platform.md §签名).

string_to_sign = "\n".join([method, path, app_id, timestamp, nonce, idempotency_key, hex(H(body))])
signature      = hex(HMAC-H(secret, string_to_sign)), H = SM3 (HMAC-SM3) or SHA-256 (HMAC-SHA256),
both from `cryptography` (OpenSSL), not written here.
"""

from __future__ import annotations

import secrets
import time

from cryptography.hazmat.primitives import hashes, hmac

ALGORITHMS = {"HMAC-SM3": hashes.SM3, "HMAC-SHA256": hashes.SHA256}


def digest(method: str, data: bytes) -> str:
    h = hashes.Hash(ALGORITHMS[method]())
    h.update(data)
    return h.finalize().hex()


def string_to_sign(*, http_method: str, path: str, app_id: str, timestamp: str, nonce: str, idempotency_key: str,
                   body: bytes, method: str) -> str:
    return "\n".join([http_method.upper(), path, app_id, timestamp, nonce, idempotency_key, digest(method, body)])


def sign(secret: str, text: str, method: str) -> str:
    mac = hmac.HMAC(secret.encode(), ALGORITHMS[method]())
    mac.update(text.encode())
    return mac.finalize().hex()


def signed_headers(*, app_id: str, secret: str, method: str, path: str, idempotency_key: str, body: bytes,
                   timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    nonce = nonce or secrets.token_hex(16)
    text = string_to_sign(http_method="POST", path=path, app_id=app_id, timestamp=ts, nonce=nonce,
                          idempotency_key=idempotency_key, body=body, method=method)
    return {"content-type": "application/json; charset=utf-8", "x-sd-app-id": app_id, "x-sd-timestamp": ts,
            "x-sd-nonce": nonce, "x-sd-signature-method": method, "idempotency-key": idempotency_key,
            "x-sd-signature": sign(secret, text, method)}
