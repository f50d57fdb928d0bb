"""Outbox: at-least-once delivery with retries and backoff, exactly-once handling by event id."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.outbox import OutboxDelivery, OutboxRelay, ProcessedEvent
from servicekit.testing import AuthHelper

CHENGGUAN = "540000/540100/540102"


class FlakyTransport(httpx.AsyncBaseTransport):
    """Fails the first `failures` requests with 503, then passes them to the real app."""

    def __init__(self, inner: httpx.AsyncBaseTransport, failures: int) -> None:
        self.inner = inner
        self.failures = failures
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.calls <= self.failures:
            return httpx.Response(503, json={"detail": "暂时不可用"})
        return await self.inner.handle_async_request(request)


def make_relay(app: FastAPI, **kw: object) -> OutboxRelay:
    return OutboxRelay(
        sessionmaker=app.state.sessionmaker, subscribers=[("widget.", "http://kitapp")],
        token_issuer=app.state.service_token_issuer, source="kitapp", **kw,  # type: ignore[arg-type]
    )


async def _handled(session: AsyncSession) -> int:
    from kitapp.app import Handled

    return int(await session.scalar(select(func.count()).select_from(Handled)) or 0)


async def _make_due(session: AsyncSession) -> None:
    await session.execute(update(OutboxDelivery).values(next_attempt_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    await session.commit()


async def test_fails_twice_then_delivered_once(
    client: AsyncClient, session: AsyncSession, service_app: FastAPI, auth: AuthHelper
) -> None:
    resp = await client.post("/v1/widgets", json={"name": "烟花爆竹", "org_path": CHENGGUAN},
                             headers=auth.headers("county_officer", CHENGGUAN))
    assert resp.status_code == 201
    flaky = FlakyTransport(httpx.ASGITransport(app=service_app), failures=2)
    relay = make_relay(service_app)
    async with httpx.AsyncClient(transport=flaky) as http:
        assert await relay.run_once(http) == 0
        delivery = await session.scalar(select(OutboxDelivery))
        assert delivery is not None and delivery.status == "pending" and delivery.attempts == 1
        assert delivery.next_attempt_at > dt.datetime.now(dt.UTC)  # backing off
        assert await relay.run_once(http) == 0  # not due yet: nothing sent
        assert flaky.calls == 1
        await _make_due(session)
        assert await relay.run_once(http) == 0
        await _make_due(session)
        assert await relay.run_once(http) == 1
        await _make_due(session)
        assert await relay.run_once(http) == 0  # nothing left
    await session.refresh(delivery)
    assert delivery.status == "delivered" and delivery.attempts == 3
    assert await _handled(session) == 1


async def test_redelivery_is_handled_once(
    client: AsyncClient, session: AsyncSession, service_app: FastAPI, auth: AuthHelper
) -> None:
    await client.post("/v1/widgets", json={"name": "成品油", "org_path": CHENGGUAN},
                      headers=auth.headers("county_officer", CHENGGUAN))
    relay = make_relay(service_app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service_app)) as http:
        assert await relay.run_once(http) == 1
        # A crash after sending but before recording: the same delivery goes out again.
        await session.execute(update(OutboxDelivery).values(status="pending", lease_until=None))
        await _make_due(session)
        assert await relay.run_once(http) == 1
    assert await _handled(session) == 1
    assert await session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1


async def test_dead_letter_after_max_attempts(
    client: AsyncClient, session: AsyncSession, service_app: FastAPI, auth: AuthHelper
) -> None:
    await client.post("/v1/widgets", json={"name": "电线电缆", "org_path": CHENGGUAN},
                      headers=auth.headers("county_officer", CHENGGUAN))
    relay = make_relay(service_app, max_attempts=2)
    always = FlakyTransport(httpx.ASGITransport(app=service_app), failures=100)
    async with httpx.AsyncClient(transport=always) as http:
        await relay.run_once(http)
        await _make_due(session)
        await relay.run_once(http)
    delivery = await session.scalar(select(OutboxDelivery))
    assert delivery is not None and delivery.status == "dead" and "503" in (delivery.last_error or "")
    assert await _handled(session) == 0


async def test_events_endpoint_requires_service_token(client: AsyncClient, auth: AuthHelper) -> None:
    body = {"id": "7f8e1a52-0c1e-4c58-9d7c-3d6f1f0f2a11", "topic": "widget.created", "source": "x",
            "occurred_at": "2026-11-27T10:00:00Z", "payload": {}}
    assert (await client.post("/internal/events", json=body)).status_code == 401
    user = await client.post("/internal/events", json=body, headers=auth.headers("region_admin", "540000"))
    assert user.status_code == 403 and user.json()["code"] == "INTERNAL_ONLY"
    ok = await client.post("/internal/events", json=body, headers=auth.service_headers())
    assert ok.json() == {"status": "processed"}
    again = await client.post("/internal/events", json=body, headers=auth.service_headers())
    assert again.json() == {"status": "duplicate"}


async def test_rolled_back_change_emits_nothing(
    client: AsyncClient, session: AsyncSession, service_app: FastAPI, auth: AuthHelper
) -> None:
    await client.post("/v1/widgets/then-fail", json={"name": "x", "org_path": CHENGGUAN},
                      headers=auth.headers("county_officer", CHENGGUAN))
    relay = make_relay(service_app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service_app)) as http:
        assert await relay.run_once(http) == 0
    assert await session.scalar(select(func.count()).select_from(OutboxDelivery)) == 0
