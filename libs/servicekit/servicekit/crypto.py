"""Field encryption for personal information and keyed hashes for equality lookups.

AES-256-GCM through `cryptography`, with a key id prefix so keys can rotate: ciphertext is
`kid(1 byte) | nonce(12) | ct+tag`. The key is derived from the PII_KEY setting.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class FieldCipher:
    def __init__(self, secret: str, *, key_id: int = 1) -> None:
        self.key_id = key_id
        material = hashlib.sha256(("qsrp-pii-enc:" + secret).encode()).digest()
        self._aead = AESGCM(material)
        self._hmac_key = hashlib.sha256(("qsrp-pii-mac:" + secret).encode()).digest()

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(12)
        return bytes([self.key_id]) + nonce + self._aead.encrypt(nonce, plaintext.encode(), None)

    def decrypt(self, blob: bytes) -> str:
        if not blob or blob[0] != self.key_id:
            raise ValueError("unknown key id")
        return self._aead.decrypt(blob[1:13], blob[13:], None).decode()

    def lookup_hash(self, value: str) -> str:
        """HMAC-SHA256 of the normalised value: equality search without storing plaintext."""
        return hmac.new(self._hmac_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask_middle(value: str | None, *, keep_start: int = 3, keep_end: int = 4) -> str | None:
    """'13812345678' → '138****5678'; short values are masked entirely but the last char."""
    if value is None:
        return None
    if len(value) <= keep_start + keep_end:
        return "*" * max(len(value) - 1, 1) + value[-1:]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
