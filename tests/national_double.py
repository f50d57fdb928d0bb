"""A test double of the national platform's receiving API (市场监管总局监管督查信息化平台).

The contract is docs/integration/national-platform.md (and the OpenAPI file beside it). This
double checks it with its own code (nothing from services/ is imported): headers, HMAC-SM3 /
HMAC-SHA256 signatures, the timestamp window, nonce reuse, the record schemas, the Idempotency-Key,
and it answers exactly-once: a record it has is answered `duplicate: true` with the first receipt.
Accepted records are appended to `records.jsonl` in the state directory and fsynced; every POST is
logged in `requests.jsonl`. Both are reloaded on start, so a restarted double still knows what it
received, its counters and the nonces of the last 15 minutes.

Run it as a process:

    python tests/national_double.py --port 8765 --app-id xz540000 --secret S --method HMAC-SM3 --state-dir DIR

`--method` takes one method or a comma-separated list (`HMAC-SM3,HMAC-SHA256`): the methods this
app id may sign with; any other method is SIGNATURE_INVALID.

Control endpoints (no authentication, test-only):

    POST /_control/mode      {"mode": "ok"|"fail"|"slow"|"conflict", "status": 503, "count": null|n,
                              "delay": 10, "retry_after": null|s, "code": null|"CODE"}
    GET  /_control/received  {"records": [...], "attempts": n, "duplicates": n, "rejected": {code: n}, "requests": [...]}
    POST /_control/reset     forget everything (files included) and go back to mode ok
    GET  /_control/health    {"ok": true}

`fail` answers the next `count` POSTs (all of them while the mode is fail when count is null)
with `status` before looking at them; `conflict` does the same with 409 IDEMPOTENCY_CONFLICT;
`slow` sleeps `delay` seconds (default 10) and then handles the request normally, so a client
that timed out finds the record already there when it retries. After `count` requests the mode
goes back to ok. The mode is not persisted: a restarted double starts in mode ok.

In tests, `NationalDouble` starts it as a subprocess on a free port:

    double = NationalDouble(tmp_path / "national", secret="S")
    double.start()
    ...  # point NATIONAL_URL at double.url
    double.set_mode("fail", status=503, count=2)
    double.stop(); double.start()   # same port, same state directory
    assert double.received()["records"][0]["record_type"] == "audit"
    double.stop()
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac as std_hmac
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

RECORDS_PATH = "/api/v1/records"
MAX_BODY_BYTES = 1024 * 1024
MAX_CLOCK_SKEW_S = 300
NONCE_TTL_S = 15 * 60
MAX_IDEMPOTENCY_KEY = 200
METHODS = ("HMAC-SM3", "HMAC-SHA256")
DEFAULT_METHOD = "HMAC-SM3"

# --------------------------------------------------------------------------------------------
# Signing (the double's own implementation of the contract)


def _hash_algorithm(method: str) -> hashes.HashAlgorithm:
    return hashes.SM3() if method == "HMAC-SM3" else hashes.SHA256()


def body_digest(method: str, body: bytes) -> str:
    """Lowercase hex digest of the raw body with the method's hash (SM3 or SHA-256)."""
    h = hashes.Hash(_hash_algorithm(method))
    h.update(body)
    return h.finalize().hex()


def string_to_sign(*, path: str, app_id: str, timestamp: str, nonce: str, idempotency_key: str,
                   digest: str) -> str:
    return "\n".join(["POST", path, app_id, timestamp, nonce, idempotency_key, digest])


def signature(method: str, secret: str, text: str) -> str:
    mac = crypto_hmac.HMAC(secret.encode("utf-8"), _hash_algorithm(method))
    mac.update(text.encode("utf-8"))
    return mac.finalize().hex()


def signed_headers(body: bytes, *, app_id: str, secret: str, idempotency_key: str, method: str = DEFAULT_METHOD,
                   timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    """Headers a correct client sends (handy for crafting requests in tests)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or uuid.uuid4().hex
    text = string_to_sign(path=RECORDS_PATH, app_id=app_id, timestamp=ts, nonce=nonce,
                          idempotency_key=idempotency_key, digest=body_digest(method, body))
    return {
        "Content-Type": "application/json; charset=utf-8",
        "X-Sd-App-Id": app_id,
        "X-Sd-Timestamp": ts,
        "X-Sd-Nonce": nonce,
        "X-Sd-Signature-Method": method,
        "Idempotency-Key": idempotency_key,
        "X-Sd-Signature": signature(method, secret, text),
    }


# --------------------------------------------------------------------------------------------
# Record schemas (mirror docs/integration/national-platform.openapi.yaml)

UUID_RE = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
ORG_CODE_RE = r"^[0-9]{6}(-[0-9]{2})?$"
PERIOD_RE = r"^[0-9]{4}(-(H[12]|Q[1-4]|(0[1-9]|1[0-2])(-H[12])?))?$"
HALF_MONTH_RE = r"^[0-9]{4}-(0[1-9]|1[0-2])-H[12]$"

Uuid = Annotated[str, StringConstraints(pattern=UUID_RE)]
OrgCode = Annotated[str, StringConstraints(pattern=ORG_CODE_RE)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1)]
DocNumber = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Period = Annotated[str, StringConstraints(pattern=PERIOD_RE)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Figure(_Strict):
    label: Name
    value: Annotated[str, StringConstraints(max_length=200)] | int | float | None = None
    unit: Annotated[str, StringConstraints(max_length=20)] | None = None
    source: Name | None = None


class AuditItem(_Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$", max_length=16)]
    section: Name
    task: Text
    implemented: bool | None = None
    suggested: bool | None = None
    highlights: str | None = None
    figures: list[Figure]


class AuditData(_Strict):
    number: DocNumber
    auditor_org_code: OrgCode
    auditor_org_name: Name
    target_org_code: OrgCode
    target_org_name: Name
    period_start: date
    period_end: date
    status: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,31}$")]
    submitted_at: AwareDatetime | None = None
    conclusion: str | None = None
    items: list[AuditItem]


class FollowupData(_Strict):
    kind: Literal["reminder_letter", "rectification_notice", "interview", "circular"]
    number: DocNumber
    title: Name
    issuer_org_code: OrgCode
    target_org_code: OrgCode
    issued_on: date
    due_on: date | None = None
    status: Literal["issued", "answered", "closed"]
    answered_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    audit_id: Uuid | None = None


class ScoreData(_Strict):
    org_code: OrgCode
    org_name: Name
    period: Period
    points: Annotated[str, StringConstraints(pattern=r"^-?[0-9]{1,6}(\.[0-9]{1,2})?$")]
    reason: Text
    revoked: bool


class ProgressReportData(_Strict):
    org_code: OrgCode
    period_code: Annotated[str, StringConstraints(pattern=HALF_MONTH_RE)]
    progress: Text
    highlights: str | None = None
    difficulties: str | None = None
    next_plan: str | None = None
    submitted_at: AwareDatetime
    on_time: bool


class BriefingData(_Strict):
    issue_no: Annotated[int, Field(ge=1)]
    title: Name
    period_code: Period
    published_at: AwareDatetime
    text: Text


class _Envelope(_Strict):
    record_id: Uuid
    version: Annotated[int, Field(ge=1)]
    province_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}0000$")]
    org_code: OrgCode
    occurred_at: AwareDatetime


class AuditRecord(_Envelope):
    record_type: Literal["audit"]
    data: AuditData


class FollowupRecord(_Envelope):
    record_type: Literal["followup"]
    data: FollowupData


class ScoreRecord(_Envelope):
    record_type: Literal["score"]
    data: ScoreData


class ProgressReportRecord(_Envelope):
    record_type: Literal["progress_report"]
    data: ProgressReportData


class BriefingRecord(_Envelope):
    record_type: Literal["briefing"]
    data: BriefingData


AnyRecord = Annotated[AuditRecord | FollowupRecord | ScoreRecord | ProgressReportRecord | BriefingRecord,
                      Field(discriminator="record_type")]
RECORD_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyRecord)
DATA_MODELS: dict[str, type[BaseModel]] = {
    "audit": AuditData, "followup": FollowupData, "score": ScoreData,
    "progress_report": ProgressReportData, "briefing": BriefingData,
}


# --------------------------------------------------------------------------------------------
# The platform


@dataclass
class Config:
    app_id: str
    secret: str
    methods: tuple[str, ...]
    state_dir: Path
    province_code: str = "540000"


class Rejection(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


FAIL_CODES = {400: "RECORD_INVALID", 401: "SIGNATURE_INVALID", 409: "IDEMPOTENCY_CONFLICT", 413: "PAYLOAD_TOO_LARGE",
              429: "RATE_LIMITED", 500: "INTERNAL_ERROR", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE",
              504: "GATEWAY_TIMEOUT"}


@dataclass
class Mode:
    mode: str = "ok"
    status: int = 503
    remaining: int | None = None
    delay: float = 10.0
    retry_after: int | None = None
    code: str | None = None


def _append_line(path: Path, obj: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _read_lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:  # a torn last line after a crash: the write was not acknowledged
            continue
    return out


@dataclass
class Store:
    state_dir: Path
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    nonces: dict[str, float] = field(default_factory=dict)

    @property
    def records_file(self) -> Path:
        return self.state_dir / "records.jsonl"

    @property
    def requests_file(self) -> Path:
        return self.state_dir / "requests.jsonl"

    def load(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.records.clear()
        self.order.clear()
        self.nonces.clear()
        for rec in _read_lines(self.records_file):
            self.records[rec["idempotency_key"]] = rec
            self.order.append(rec)
        self.requests = _read_lines(self.requests_file)
        now = time.time()
        for req in self.requests:
            if req.get("nonce_used") and now - req["at_epoch"] < NONCE_TTL_S:
                self.nonces[req["nonce"]] = req["at_epoch"]

    def reset(self) -> None:
        for f in (self.records_file, self.requests_file):
            f.unlink(missing_ok=True)
        self.load()

    def seen_nonce(self, nonce: str, now: float) -> bool:
        for n, at in list(self.nonces.items()):
            if now - at >= NONCE_TTL_S:
                del self.nonces[n]
        return nonce in self.nonces

    def add_record(self, rec: dict[str, Any]) -> None:
        _append_line(self.records_file, rec)
        self.records[rec["idempotency_key"]] = rec
        self.order.append(rec)

    def log_request(self, entry: dict[str, Any]) -> None:
        _append_line(self.requests_file, entry)
        self.requests.append(entry)

    def summary(self) -> dict[str, Any]:
        rejected = Counter(r["code"] for r in self.requests if r["status"] != 200)
        return {
            "records": [{k: r[k] for k in ("idempotency_key", "record_type", "record_id", "version", "receipt_id",
                                           "received_at", "body")} for r in self.order],
            "attempts": len(self.requests),
            "duplicates": sum(1 for r in self.requests if r.get("duplicate")),
            "rejected": dict(rejected),
            "requests": [{k: r.get(k) for k in ("at", "status", "code", "idempotency_key", "duplicate")}
                         for r in self.requests],
        }


def _now_iso() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="milliseconds")


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None,
           **extra: Any) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, **extra}, status_code=status, headers=headers)


def _authenticate(cfg: Config, store: Store, request: Request, body: bytes) -> tuple[str, str]:
    """Check the signing headers; returns (nonce, idempotency key). Raises Rejection."""
    h = request.headers
    if h.get("x-sd-app-id") != cfg.app_id:
        raise Rejection(401, "APP_ID_UNKNOWN", "未登记的应用标识（X-Sd-App-Id）")
    method = h.get("x-sd-signature-method", DEFAULT_METHOD)
    if method not in cfg.methods:
        raise Rejection(401, "SIGNATURE_INVALID", f"该应用未登记签名方法 {method}")
    timestamp, nonce, sig = h.get("x-sd-timestamp", ""), h.get("x-sd-nonce", ""), h.get("x-sd-signature", "")
    if not re.fullmatch(r"[0-9]{1,12}", timestamp):
        raise Rejection(401, "SIGNATURE_INVALID", "X-Sd-Timestamp 应为 Unix 秒数")
    if not re.fullmatch(r"[0-9a-f]{32}", nonce):
        raise Rejection(401, "SIGNATURE_INVALID", "X-Sd-Nonce 应为 32 位小写十六进制")
    if not re.fullmatch(r"[0-9a-f]{64}", sig):
        raise Rejection(401, "SIGNATURE_INVALID", "X-Sd-Signature 应为 64 位小写十六进制")
    key = h.get("idempotency-key", "")
    if not key or len(key) > MAX_IDEMPOTENCY_KEY:
        raise Rejection(400, "RECORD_INVALID", "缺少 Idempotency-Key 或超过 200 个字符")
    text = string_to_sign(path=RECORDS_PATH, app_id=cfg.app_id, timestamp=timestamp, nonce=nonce,
                          idempotency_key=key, digest=body_digest(method, body))
    if not std_hmac.compare_digest(signature(method, cfg.secret, text), sig):
        raise Rejection(401, "SIGNATURE_INVALID", "签名校验失败")
    now = time.time()
    if abs(now - int(timestamp)) > MAX_CLOCK_SKEW_S:
        raise Rejection(401, "TIMESTAMP_EXPIRED", "请求时间戳与平台时间相差超过 300 秒", server_time=int(now))
    if store.seen_nonce(nonce, now):
        raise Rejection(401, "NONCE_REUSED", "15 分钟内已使用过该随机数")
    return nonce, key


def _validate(cfg: Config, request: Request, body: bytes, key: str) -> Any:
    ctype = request.headers.get("content-type", "")
    parts = [p.strip().lower() for p in ctype.split(";")]
    if parts[0] != "application/json" or any(p.startswith("charset=") and p != "charset=utf-8" for p in parts[1:]):
        raise Rejection(400, "RECORD_INVALID", "Content-Type 应为 application/json; charset=utf-8")
    try:
        record = RECORD_ADAPTER.validate_json(body)
    except ValidationError as exc:
        errors = [{"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"]} for e in exc.errors()[:50]]
        raise Rejection(400, "RECORD_INVALID", "记录不符合接口规范", errors=errors) from None
    if record.province_code != cfg.province_code:
        raise Rejection(400, "RECORD_INVALID", f"province_code 应为 {cfg.province_code}（与应用标识登记的省份一致）")
    expected = f"{record.record_type}:{record.record_id}:v{record.version}"
    if key != expected:
        raise Rejection(400, "RECORD_INVALID", f"Idempotency-Key 应为 {expected}")
    return record


def create_app(cfg: Config) -> FastAPI:
    store = Store(cfg.state_dir)
    store.load()
    mode = Mode()
    app = FastAPI(title="national platform double", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store, app.state.mode = store, mode

    def _take_injected() -> Mode | None:
        """The injected behaviour for this request, if any (consumes one of `count`)."""
        if mode.mode == "ok":
            return None
        current = Mode(**vars(mode))
        if mode.remaining is not None:
            mode.remaining -= 1
            if mode.remaining <= 0:
                mode.mode, mode.remaining = "ok", None
        return current

    @app.post(RECORDS_PATH)
    async def receive(request: Request) -> JSONResponse:
        entry: dict[str, Any] = {"at": _now_iso(), "at_epoch": time.time(),
                                 "idempotency_key": request.headers.get("idempotency-key"), "duplicate": False}
        injected = _take_injected()
        if injected and injected.mode in ("fail", "conflict"):
            status = injected.status if injected.mode == "fail" else 409
            code = injected.code or FAIL_CODES.get(status, "ERROR")
            headers = None
            retry_after = injected.retry_after if injected.retry_after is not None else (1 if status == 429 else None)
            if retry_after is not None:
                headers = {"Retry-After": str(retry_after)}
            store.log_request({**entry, "status": status, "code": code})
            return _error(status, code, "模拟的平台故障（测试替身）", headers)
        if injected and injected.mode == "slow":
            await asyncio.sleep(injected.delay)

        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            store.log_request({**entry, "status": 413, "code": "PAYLOAD_TOO_LARGE"})
            return _error(413, "PAYLOAD_TOO_LARGE", "请求体超过 1 MiB")
        body = await request.body()
        # Everything from here to the response is synchronous: concurrent requests cannot interleave.
        try:
            if len(body) > MAX_BODY_BYTES:
                raise Rejection(413, "PAYLOAD_TOO_LARGE", "请求体超过 1 MiB")
            nonce, key = _authenticate(cfg, store, request, body)
            entry.update(nonce=nonce, nonce_used=True)
            store.nonces[nonce] = entry["at_epoch"]
            record = _validate(cfg, request, body, key)
        except Rejection as rej:
            store.log_request({**entry, "status": rej.status, "code": rej.code})
            return _error(rej.status, rej.code, rej.message, **rej.extra)

        body_sha256 = hashlib.sha256(body).hexdigest()
        existing = store.records.get(key)
        if existing is not None:
            if existing["body_sha256"] != body_sha256:
                store.log_request({**entry, "status": 409, "code": "IDEMPOTENCY_CONFLICT"})
                return _error(409, "IDEMPOTENCY_CONFLICT", "同一 Idempotency-Key 已以不同的请求体提交",
                              receipt_id=existing["receipt_id"])
            store.log_request({**entry, "status": 200, "code": "0", "duplicate": True})
            return JSONResponse({"code": "0", "message": "成功", "receipt_id": existing["receipt_id"],
                                 "duplicate": True})
        receipt_id = "R" + datetime.now(UTC).strftime("%Y%m%d") + uuid.uuid4().hex[:16]
        store.add_record({
            "idempotency_key": key, "record_type": record.record_type, "record_id": record.record_id,
            "version": record.version, "receipt_id": receipt_id, "received_at": entry["at"],
            "body_sha256": body_sha256, "body": json.loads(body),
        })
        store.log_request({**entry, "status": 200, "code": "0"})
        return JSONResponse({"code": "0", "message": "成功", "receipt_id": receipt_id, "duplicate": False})

    @app.post("/_control/mode")
    async def set_mode(request: Request) -> JSONResponse:
        spec = await request.json()
        if spec.get("mode") not in ("ok", "fail", "slow", "conflict"):
            return _error(400, "MODE_INVALID", "mode 应为 ok/fail/slow/conflict")
        count = spec.get("count")
        mode.mode = spec["mode"]
        mode.status = int(spec.get("status") or 503)
        mode.remaining = int(count) if count is not None else None
        mode.delay = float(spec.get("delay") if spec.get("delay") is not None else 10)
        mode.retry_after = spec.get("retry_after")
        mode.code = spec.get("code")
        if mode.remaining is not None and mode.remaining <= 0:
            mode.mode, mode.remaining = "ok", None
        return JSONResponse({"mode": mode.mode, "status": mode.status, "count": mode.remaining})

    @app.get("/_control/received")
    async def received() -> JSONResponse:
        return JSONResponse(store.summary())

    @app.post("/_control/reset")
    async def reset() -> JSONResponse:
        store.reset()
        vars(mode).update(vars(Mode()))
        return JSONResponse({"ok": True})

    @app.get("/_control/health")
    async def health() -> JSONResponse:
        return JSONResponse({"ok": True, "pid": os.getpid()})

    return app


# --------------------------------------------------------------------------------------------
# Subprocess helper for tests


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class NationalDouble:
    """The double as a real process on a free port; `stop()` / `start()` keep port and state."""

    def __init__(self, state_dir: Path, *, app_id: str = "xz540000", secret: str = "test-secret-please-change",
                 method: str = DEFAULT_METHOD, province_code: str = "540000", port: int | None = None,
                 host: str = "127.0.0.1") -> None:
        self.state_dir = Path(state_dir)
        self.app_id, self.secret, self.method, self.province_code = app_id, secret, method, province_code
        self.host = host
        self.port = port or free_port(host)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 15) -> NationalDouble:
        if self.running:
            return self
        self.state_dir.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--host", self.host, "--port", str(self.port),
               "--app-id", self.app_id, "--secret", self.secret, "--method", self.method,
               "--province-code", self.province_code, "--state-dir", str(self.state_dir)]
        with (self.state_dir / "double.log").open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"national double exited ({self.proc.returncode}); see {self.state_dir}/double.log")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/_control/health", timeout=1).status_code == 200:
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"national double did not answer within {timeout} s")

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def received(self) -> dict[str, Any]:
        r = httpx.get(f"{self.url}/_control/received", timeout=5)
        r.raise_for_status()
        return dict(r.json())

    def set_mode(self, mode: str, status: int = 503, count: int | None = None, *, delay: float | None = None,
                 retry_after: int | None = None, code: str | None = None) -> dict[str, Any]:
        r = httpx.post(f"{self.url}/_control/mode", timeout=5, json={
            "mode": mode, "status": status, "count": count, "delay": delay, "retry_after": retry_after, "code": code})
        r.raise_for_status()
        return dict(r.json())

    def reset(self) -> None:
        httpx.post(f"{self.url}/_control/reset", timeout=5).raise_for_status()

    def __enter__(self) -> NationalDouble:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    p = argparse.ArgumentParser(description="Test double of the national platform's receiving API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--app-id", default="xz540000")
    secret = p.add_mutually_exclusive_group(required=True)
    secret.add_argument("--secret")
    secret.add_argument("--secret-file", type=Path)
    p.add_argument("--method", default=DEFAULT_METHOD, help="HMAC-SM3, HMAC-SHA256 or both, comma-separated")
    p.add_argument("--province-code", default="540000")
    p.add_argument("--state-dir", type=Path, required=True)
    args = p.parse_args(argv)
    methods = tuple(m.strip() for m in args.method.split(",") if m.strip())
    if not methods or any(m not in METHODS for m in methods):
        p.error(f"--method: one or more of {', '.join(METHODS)}")
    secret_value = args.secret if args.secret is not None else args.secret_file.read_text(encoding="utf-8").strip()
    cfg = Config(app_id=args.app_id, secret=secret_value, methods=methods, state_dir=args.state_dir,
                 province_code=args.province_code)
    uvicorn.run(create_app(cfg), host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=1)


if __name__ == "__main__":
    main()
