"""The national platform's test double (tests/national_double.py) keeps the contract in
docs/integration/: signatures computed here independently (stdlib hmac/hashlib) are accepted,
everything else is refused with the documented code, and a restart forgets nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from national_double import DATA_MODELS, AuditItem, Config, NationalDouble, create_app
from pydantic import BaseModel

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "integration"
APP_ID, SECRET = "xz540000", "test-secret-please-change"
PATH = "/api/v1/records"


def _sm3_in_hashlib() -> bool:
    try:
        hashlib.new("sm3")
        return True
    except ValueError:  # an OpenSSL without SM3
        return False


def digest(method: str, data: bytes) -> str:
    if method == "HMAC-SHA256":
        return hashlib.sha256(data).hexdigest()
    if _sm3_in_hashlib():
        return hashlib.new("sm3", data).hexdigest()
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def mac(method: str, secret: str, text: str) -> str:
    if method == "HMAC-SHA256" or _sm3_in_hashlib():
        return hmac.new(secret.encode(), text.encode(), "sha256" if method == "HMAC-SHA256" else "sm3").hexdigest()
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as crypto_hmac

    m = crypto_hmac.HMAC(secret.encode(), hashes.SM3())
    m.update(text.encode())
    return m.finalize().hex()


def sign(body: bytes, key: str, *, method: str = "HMAC-SM3", secret: str = SECRET, app_id: str = APP_ID,
         timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or uuid.uuid4().hex
    text = "\n".join(["POST", PATH, app_id, ts, nonce, key, digest(method, body)])
    return {"Content-Type": "application/json; charset=utf-8", "X-Sd-App-Id": app_id, "X-Sd-Timestamp": ts,
            "X-Sd-Nonce": nonce, "X-Sd-Signature-Method": method, "Idempotency-Key": key,
            "X-Sd-Signature": mac(method, secret, text)}


def score(points: str = "-2.5", *, record_id: str | None = None, version: int = 1) -> tuple[bytes, str]:
    record = {"record_type": "score", "record_id": record_id or str(uuid.uuid4()), "version": version,
              "province_code": "540000", "org_code": "540100", "occurred_at": "2026-11-28T09:30:00+08:00",
              "data": {"org_code": "540100", "org_name": "拉萨市市场监督管理局", "period": "2026",
                       "points": points, "reason": "整改通知书逾期未回复", "revoked": False}}
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    return body, f"score:{record['record_id']}:v{version}"


@pytest.fixture(scope="module")
def double(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NationalDouble]:
    d = NationalDouble(tmp_path_factory.mktemp("national"), app_id=APP_ID, secret=SECRET, method="HMAC-SM3")
    d.start()
    try:
        yield d
    finally:
        d.stop()


@pytest.fixture
def post(double: NationalDouble) -> Iterator[Callable[..., httpx.Response]]:
    double.reset()
    with httpx.Client(base_url=double.url, timeout=10) as http:
        yield lambda body, headers: http.post(PATH, content=body, headers=headers)


def test_signed_record_is_accepted_once_then_answered_as_duplicate(double: NationalDouble, post: Any) -> None:
    body, key = score()
    first = post(body, sign(body, key))
    assert first.status_code == 200, first.text
    assert first.json()["code"] == "0" and first.json()["duplicate"] is False
    again = post(body, sign(body, key))  # a retry: fresh timestamp and nonce, same bytes
    assert again.status_code == 200
    assert again.json() == {**first.json(), "duplicate": True}

    got = double.received()
    assert got["attempts"] == 2 and got["duplicates"] == 1 and got["rejected"] == {}
    [rec] = got["records"]
    assert rec["idempotency_key"] == key and rec["record_type"] == "score" and rec["version"] == 1
    assert rec["receipt_id"] == first.json()["receipt_id"] and rec["body"] == json.loads(body)

    newer, newer_key = score("-3", record_id=rec["record_id"], version=2)  # a new version is a new record
    assert post(newer, sign(newer, newer_key)).json()["duplicate"] is False


def test_same_key_with_a_different_body_conflicts(post: Any) -> None:
    body, key = score("-2.5")
    assert post(body, sign(body, key)).status_code == 200
    other = body.replace(b'"-2.5"', b'"-3"')
    r = post(other, sign(other, key))
    assert r.status_code == 409 and r.json()["code"] == "IDEMPOTENCY_CONFLICT"


@pytest.mark.parametrize(("change", "code"), [
    ({"secret": "wrong-secret"}, "SIGNATURE_INVALID"),
    ({"method": "HMAC-SHA256"}, "SIGNATURE_INVALID"),  # this app id is registered for HMAC-SM3 only
    ({"app_id": "xz999999"}, "APP_ID_UNKNOWN"),
    ({"timestamp": -301}, "TIMESTAMP_EXPIRED"),  # seconds from now
    ({"timestamp": 400}, "TIMESTAMP_EXPIRED"),
])
def test_bad_credentials_are_refused_with_401(double: NationalDouble, post: Any, change: dict[str, Any],
                                             code: str) -> None:
    body, key = score()
    if "timestamp" in change:
        change = {"timestamp": int(time.time()) + change["timestamp"]}
    r = post(body, sign(body, key, **change))
    assert r.status_code == 401 and r.json()["code"] == code
    assert double.received()["records"] == []


def test_tampered_body_and_malformed_headers_are_refused(post: Any) -> None:
    body, key = score()
    headers = sign(body, key)
    assert post(body.replace(b"-2.5", b"-0.5"), headers).json()["code"] == "SIGNATURE_INVALID"
    assert post(body, {**headers, "X-Sd-Nonce": "ABC"}).json()["code"] == "SIGNATURE_INVALID"
    wrong_key = f"score:{uuid.uuid4()}:v1"
    r = post(body, sign(body, wrong_key))
    assert r.status_code == 400 and r.json()["code"] == "RECORD_INVALID"


def test_a_nonce_is_used_once(double: NationalDouble, post: Any) -> None:
    body, key = score()
    nonce = uuid.uuid4().hex
    assert post(body, sign(body, key, nonce=nonce)).status_code == 200
    other, other_key = score()
    r = post(other, sign(other, other_key, nonce=nonce))
    assert r.status_code == 401 and r.json()["code"] == "NONCE_REUSED"
    assert double.received()["rejected"] == {"NONCE_REUSED": 1}


def test_schema_violations_and_size_are_refused(post: Any) -> None:
    record = json.loads(score()[0])
    record["data"]["points"] = -2.5  # a number, not a decimal string
    record["data"]["extra"] = 1
    body = json.dumps(record, ensure_ascii=False).encode()
    r = post(body, sign(body, f"score:{record['record_id']}:v1"))
    assert r.status_code == 400 and r.json()["code"] == "RECORD_INVALID"
    assert {e["loc"] for e in r.json()["errors"]} == {"score.data.points", "score.data.extra"}
    big = b'{"x":"' + b"a" * (1024 * 1024) + b'"}'
    r = post(big, sign(big, "score:x:v1"))
    assert r.status_code == 413 and r.json()["code"] == "PAYLOAD_TOO_LARGE"


def test_injected_failures(double: NationalDouble, post: Any) -> None:
    body, key = score()
    double.set_mode("fail", status=503, count=2)
    assert [post(body, sign(body, key)).status_code for _ in range(3)] == [503, 503, 200]
    double.set_mode("fail", status=429, retry_after=7)
    for _ in range(2):
        r = post(body, sign(body, key))
        assert r.status_code == 429 and r.headers["Retry-After"] == "7" and r.json()["code"] == "RATE_LIMITED"
    double.set_mode("conflict", count=1)
    assert post(body, sign(body, key)).json()["code"] == "IDEMPOTENCY_CONFLICT"
    double.set_mode("slow", delay=0.3, count=1)
    started = time.monotonic()
    assert post(body, sign(body, key)).json()["duplicate"] is True
    assert time.monotonic() - started >= 0.3
    got = double.received()
    assert got["attempts"] == 7 and len(got["records"]) == 1
    assert got["rejected"] == {"SERVICE_UNAVAILABLE": 2, "RATE_LIMITED": 2, "IDEMPOTENCY_CONFLICT": 1}


def test_restart_keeps_records_counters_and_nonces(double: NationalDouble, post: Any) -> None:
    body, key = score()
    nonce = uuid.uuid4().hex
    receipt = post(body, sign(body, key, nonce=nonce)).json()["receipt_id"]
    port = double.port
    double.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{double.url}/_control/health")
    double.start()
    assert double.port == port
    got = double.received()
    assert [r["receipt_id"] for r in got["records"]] == [receipt] and got["attempts"] == 1
    assert post(body, sign(body, key)).json() == {"code": "0", "message": "成功", "receipt_id": receipt,
                                                  "duplicate": True}
    assert post(body, sign(body, key, nonce=nonce)).json()["code"] == "NONCE_REUSED"


def test_hmac_sha256_app_and_the_openapi_examples(tmp_path: Path) -> None:
    """In-process: an app id registered for HMAC-SHA256; every request example in the OpenAPI file is accepted.

    Synchronous (TestClient runs the app in its own thread): the browser tests leave Playwright's
    loop running in the main thread, where pytest-asyncio could not start another."""
    from fastapi.testclient import TestClient

    app = create_app(Config(app_id=APP_ID, secret=SECRET, methods=("HMAC-SHA256",), state_dir=tmp_path))
    spec = yaml.safe_load((DOCS / "national-platform.openapi.yaml").read_text(encoding="utf-8"))
    examples = spec["paths"][PATH]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert set(examples) == set(DATA_MODELS)
    with TestClient(app, base_url="http://double") as http:
        for example in examples.values():
            rec = example["value"]
            body = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode()
            key = f"{rec['record_type']}:{rec['record_id']}:v{rec['version']}"
            r = http.post(PATH, content=body, headers=sign(body, key, method="HMAC-SHA256"))
            assert r.status_code == 200 and r.json()["duplicate"] is False, r.text
        body, key = score()
        r = http.post(PATH, content=body, headers=sign(body, key, method="HMAC-SM3"))
        assert r.status_code == 401 and r.json()["code"] == "SIGNATURE_INVALID"


def _fields(schema: dict[str, Any]) -> tuple[set[str], set[str]]:
    return set(schema["properties"]), set(schema["required"])


def test_openapi_data_schemas_match_the_double() -> None:
    schemas = yaml.safe_load((DOCS / "national-platform.openapi.yaml").read_text(encoding="utf-8"))["components"]["schemas"]
    mapping = schemas["Record"]["discriminator"]["mapping"]
    assert set(mapping) == set(DATA_MODELS)
    for record_type, model in DATA_MODELS.items():
        record_schema = schemas[mapping[record_type].rsplit("/", 1)[1]]
        data_schema = schemas[record_schema["properties"]["data"]["$ref"].rsplit("/", 1)[1]]
        assert _fields(data_schema) == _model_fields(model), record_type
    assert _fields(schemas["AuditItem"]) == _model_fields(AuditItem)


def _model_fields(model: type[BaseModel]) -> tuple[set[str], set[str]]:
    return set(model.model_fields), {n for n, f in model.model_fields.items() if f.is_required()}


def test_worked_example_in_the_guide_is_right() -> None:
    guide = (DOCS / "national-platform.md").read_text(encoding="utf-8")
    body = re.search(r'^(\{"record_type":"score".*\})$', guide, re.M)
    assert body, "the guide shows the example body on one line"
    raw = body.group(1).encode()
    key = re.search(r"Idempotency-Key: (score:\S+)", guide).group(1)  # type: ignore[union-attr]
    for method in ("HMAC-SM3", "HMAC-SHA256"):
        headers = sign(raw, key, method=method, timestamp=1795830000, nonce="0123456789abcdef0123456789abcdef")
        assert digest(method, raw) in guide, method
        assert headers["X-Sd-Signature"] in guide, method
