"""Sends queued records to the national platform: claims due rows with FOR UPDATE SKIP LOCKED
and a lease (any number of replicas may run), signs each request, and records the answer.

- 2xx: delivered, with the platform's receipt id (a duplicate answer counts: the platform
  already had this record version).
- 401 TIMESTAMP_EXPIRED / NONCE_REUSED, 408, 425, 429, 5xx, network errors: retried with
  exponential backoff (2^n s, at most 300 s, ±25 % jitter), `Retry-After` honoured; after
  `national_max_attempts` the row is dead-lettered.
- any other 4xx (bad signature, unknown app, invalid record, idempotency conflict): a permanent
  failure, dead-lettered at once with the platform's code, for an administrator to resend.

A crash between sending and recording leaves the row leased; when the lease ends it is sent
again with the same Idempotency-Key, and the platform answers "duplicate": exactly once there.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from audit.models import NationalPush
from audit.national.signing import signed_headers
from servicekit.db import utcnow
from servicekit.workers import PollingWorker

log = logging.getLogger("audit.national")
RECORDS_PATH = "/api/v1/records"
RETRYABLE_CODES = {"TIMESTAMP_EXPIRED", "NONCE_REUSED", "RATE_LIMITED"}


def backoff(attempts: int, retry_after: float | None = None) -> dt.timedelta:
    base = min(2 ** attempts, 300)
    seconds = base * (0.75 + random.random() / 2)
    if retry_after is not None:
        seconds = max(seconds, min(retry_after, 3600))
    return dt.timedelta(seconds=seconds)


def body_bytes(body: dict[str, object]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


class NationalPusher(PollingWorker):
    name = "national-pusher"

    def __init__(self, *, sessionmaker: async_sessionmaker[AsyncSession], base_url: str, app_id: str, secret: str,
                 method: str, max_attempts: int = 10, poll_seconds: float = 1.0, timeout: float = 10.0,
                 batch_size: int = 20, lease_seconds: int = 60) -> None:
        self.sessionmaker = sessionmaker
        self.url = base_url.rstrip("/") + RECORDS_PATH
        self.path = urlsplit(self.url).path
        self.app_id, self.secret, self.method = app_id, secret, method
        self.max_attempts, self.poll_seconds, self.http_timeout = max_attempts, poll_seconds, timeout
        self.batch_size, self.lease_seconds = batch_size, lease_seconds
        super().__init__()

    async def _claim(self) -> list[NationalPush]:
        now = utcnow()
        async with self.sessionmaker() as session, session.begin():
            rows = list((await session.scalars(
                select(NationalPush).where(
                    NationalPush.status == "pending", NationalPush.next_attempt_at <= now,
                    (NationalPush.lease_until.is_(None)) | (NationalPush.lease_until < now))
                .order_by(NationalPush.id).limit(self.batch_size).with_for_update(skip_locked=True))).all())
            if rows:
                await session.execute(update(NationalPush).where(NationalPush.id.in_([r.id for r in rows])).values(
                    lease_until=now + dt.timedelta(seconds=self.lease_seconds)))
            session.expunge_all()
            return rows

    async def _send(self, client: httpx.AsyncClient, row: NationalPush) -> dict[str, object]:
        data = body_bytes(row.body)
        headers = signed_headers(app_id=self.app_id, secret=self.secret, method=self.method, path=self.path,
                                 idempotency_key=row.idempotency_key, body=data)
        try:
            resp = await client.post(self.url, content=data, headers=headers)
        except httpx.HTTPError as exc:
            return {"ok": False, "retry": True, "status": None, "error": f"{type(exc).__name__}: {exc}"[:300]}
        try:
            answer = resp.json()
        except ValueError:
            answer = {}
        code = str(answer.get("code", "")) if isinstance(answer, dict) else ""
        if 200 <= resp.status_code < 300:
            return {"ok": True, "status": resp.status_code, "receipt_id": str(answer.get("receipt_id") or "")[:80] or None,
                    "duplicate": bool(answer.get("duplicate"))}
        retry_after = None
        if resp.headers.get("retry-after", "").isdigit():
            retry_after = float(resp.headers["retry-after"])
        retry = resp.status_code >= 500 or resp.status_code in (408, 425, 429) or code in RETRYABLE_CODES
        message = answer.get("message", "") if isinstance(answer, dict) else ""
        return {"ok": False, "retry": retry, "status": resp.status_code, "retry_after": retry_after,
                "error": f"HTTP {resp.status_code} {code} {message or resp.text[:200]}".strip()[:300]}

    async def _record(self, row: NationalPush, result: dict[str, object]) -> None:
        attempts = row.attempts + 1
        if result["ok"]:
            values: dict[str, object] = {"status": "delivered", "attempts": attempts, "delivered_at": utcnow(),
                                         "lease_until": None, "last_status": result["status"], "last_error": None,
                                         "receipt_id": result.get("receipt_id"), "duplicate": result.get("duplicate")}
        else:
            dead = not result["retry"] or attempts >= self.max_attempts
            values = {"status": "dead" if dead else "pending", "attempts": attempts, "lease_until": None,
                      "last_status": result["status"], "last_error": result["error"],
                      "next_attempt_at": utcnow() + backoff(row.attempts, result.get("retry_after"))}  # type: ignore[arg-type]
            log.warning("national push failed", extra={"push": row.id, "attempt": attempts, "dead": dead,
                                                       "status": result["status"]})
        async with self.sessionmaker() as session, session.begin():
            await session.execute(update(NationalPush).where(NationalPush.id == row.id).values(**values))

    async def run_once(self, client: httpx.AsyncClient) -> int:
        delivered = 0
        for row in await self._claim():
            result = await self._send(client, row)
            await self._record(row, result)
            delivered += bool(result["ok"])
        return delivered
