"""Transactional outbox: events written with the change, relayed at least once, consumed once.

Why not a queue library: procrastinate (the PostgreSQL-backed candidate) defers jobs through
its own psycopg connection, so a job cannot join the SQLAlchemy/asyncpg transaction that
holds the business change; see docs/decisions/0003-outbox.md.

- `emit()` inserts an event row in the caller's transaction: rolled back with it, or kept.
- The relay (one asyncio task per process; any number of replicas) fans each event out to
  the subscribers whose topic prefix matches, claims due deliveries with
  `FOR UPDATE SKIP LOCKED` and a lease, POSTs them to `<subscriber>/internal/events` with a
  service token, and retries with exponential backoff until `outbox_max_attempts`, after
  which the delivery is marked dead (and listed for operators).
- `make_event_router()` gives a service its `/internal/events` endpoint; it records the event
  id in `processed_event` in the same transaction as the handler's work, so a redelivery is
  acknowledged without running the handler again.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.auth import Authenticator, Principal, ServiceTokenIssuer
from servicekit.db import Base, SessionDep, TransactionalRoute, jsonable, utcnow
from servicekit.observability import current_request_id
from servicekit.workers import PollingWorker

log = logging.getLogger("servicekit.outbox")


class OutboxEvent(Base):
    __tablename__ = "outbox_event"
    __table_args__ = (Index("ix_outbox_event_unfanned", "created_at", postgresql_where=text("NOT fanned_out")),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    topic: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    org_path: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    request_id: Mapped[str | None] = mapped_column(String(64))
    fanned_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class OutboxDelivery(Base):
    __tablename__ = "outbox_delivery"
    __table_args__ = (
        Index("ix_outbox_delivery_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("outbox_event.id"))
    subscriber: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ProcessedEvent(Base):
    """Event ids this service has handled: the idempotency record of consumers."""

    __tablename__ = "processed_event"

    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    topic: Mapped[str] = mapped_column(String(80))
    source: Mapped[str | None] = mapped_column(String(60))
    processed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


async def emit(
    session: AsyncSession, topic: str, payload: dict[str, Any], *, org_path: str | None = None
) -> uuid.UUID:
    """Queue an event in the current transaction; it leaves only if the transaction commits."""
    event = OutboxEvent(
        id=uuid.uuid4(), topic=topic, payload=jsonable(payload), org_path=org_path,
        request_id=current_request_id(),
    )
    session.add(event)
    await session.flush()
    return event.id


class EventEnvelope(BaseModel):
    """What a subscriber receives at /internal/events."""

    id: uuid.UUID
    topic: str = Field(max_length=80)
    source: str = Field(max_length=60)
    occurred_at: dt.datetime
    org_path: str | None = None
    payload: dict[str, Any]


ServiceCaller = Annotated[Principal, Depends(Authenticator(service_only=True))]
EventHandler = Callable[[AsyncSession, EventEnvelope], Awaitable[None]]


class EventAck(BaseModel):
    status: str


def make_event_router(handlers: Mapping[str, EventHandler]) -> APIRouter:
    """The consumer side: `POST /internal/events`, idempotent by event id."""
    router = APIRouter(route_class=TransactionalRoute, tags=["internal"])

    @router.post("/internal/events", response_model=EventAck, operation_id="receive_event")
    async def receive_event(
        event: EventEnvelope,
        session: SessionDep,
        _: ServiceCaller,
    ) -> EventAck:
        inserted = await session.scalar(
            insert(ProcessedEvent)
            .values(event_id=event.id, topic=event.topic, source=event.source)
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(ProcessedEvent.event_id)
        )
        if inserted is None:
            return EventAck(status="duplicate")
        handler = handlers.get(event.topic)
        if handler is None:
            return EventAck(status="ignored")
        await handler(session, event)
        return EventAck(status="processed")

    return router


def _backoff(attempts: int) -> dt.timedelta:
    base = min(2 ** attempts, 300)
    return dt.timedelta(seconds=base * (0.75 + random.random() / 2))


class OutboxRelay(PollingWorker):
    """Delivers pending events; safe to run in every replica at once."""

    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        subscribers: list[tuple[str, str]],
        token_issuer: ServiceTokenIssuer | None,
        source: str,
        poll_seconds: float = 0.5,
        max_attempts: int = 12,
        batch_size: int = 50,
        lease_seconds: int = 30,
        http_timeout: float = 5.0,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.subscribers = subscribers
        self.token_issuer = token_issuer
        self.source = source
        self.poll_seconds = poll_seconds
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.http_timeout = http_timeout
        self.name = f"outbox-relay-{source}"
        super().__init__()

    def subscribers_for(self, topic: str) -> list[str]:
        return sorted({url for prefix, url in self.subscribers if prefix == "*" or topic.startswith(prefix)})

    async def fan_out(self) -> int:
        """Create one delivery per matching subscriber for events not yet fanned out."""
        async with self.sessionmaker() as session, session.begin():
            events = (
                await session.execute(
                    select(OutboxEvent.id, OutboxEvent.topic)
                    .where(OutboxEvent.fanned_out.is_(False))
                    .order_by(OutboxEvent.created_at)
                    .limit(500)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            rows = [
                {"event_id": ev.id, "subscriber": url}
                for ev in events
                for url in self.subscribers_for(ev.topic)
            ]
            if rows:
                await session.execute(insert(OutboxDelivery), rows)
            if events:
                await session.execute(
                    update(OutboxEvent).where(OutboxEvent.id.in_([e.id for e in events])).values(fanned_out=True)
                )
            return len(events)

    async def _claim(self) -> list[tuple[int, str, int, dict[str, Any]]]:
        now = utcnow()
        async with self.sessionmaker() as session, session.begin():
            due = (
                select(OutboxDelivery.id)
                .where(
                    OutboxDelivery.status == "pending",
                    OutboxDelivery.next_attempt_at <= now,
                    (OutboxDelivery.lease_until.is_(None)) | (OutboxDelivery.lease_until < now),
                )
                .order_by(OutboxDelivery.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            )
            ids = list((await session.scalars(due)).all())
            if not ids:
                return []
            await session.execute(
                update(OutboxDelivery)
                .where(OutboxDelivery.id.in_(ids))
                .values(lease_until=now + dt.timedelta(seconds=self.lease_seconds))
            )
            rows = (
                await session.execute(
                    select(
                        OutboxDelivery.id, OutboxDelivery.subscriber, OutboxDelivery.attempts,
                        OutboxEvent.id.label("event_id"), OutboxEvent.topic, OutboxEvent.payload,
                        OutboxEvent.org_path, OutboxEvent.created_at,
                    )
                    .join(OutboxEvent, OutboxEvent.id == OutboxDelivery.event_id)
                    .where(OutboxDelivery.id.in_(ids))
                    .order_by(OutboxDelivery.id)
                )
            ).all()
        return [
            (
                r.id, r.subscriber, r.attempts,
                {
                    "id": str(r.event_id), "topic": r.topic, "source": self.source,
                    "occurred_at": r.created_at.isoformat(), "org_path": r.org_path, "payload": r.payload,
                },
            )
            for r in rows
        ]

    async def deliver_due(self, client: httpx.AsyncClient) -> int:
        """Send every due delivery once; returns how many succeeded."""
        claimed = await self._claim()
        ok = 0
        for delivery_id, subscriber, attempts, body in claimed:
            error: str | None = None
            try:
                headers = {"content-type": "application/json"}
                if self.token_issuer is not None:
                    headers["authorization"] = f"Bearer {self.token_issuer.token()}"
                resp = await client.post(f"{subscriber}/internal/events", json=body, headers=headers)
                if resp.status_code >= 300:
                    error = f"HTTP {resp.status_code}: {resp.text[:300]}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:300]
            await self._record(delivery_id, attempts, error)
            ok += error is None
        return ok

    async def _record(self, delivery_id: int, attempts: int, error: str | None) -> None:
        async with self.sessionmaker() as session, session.begin():
            if error is None:
                values: dict[str, Any] = {
                    "status": "delivered", "delivered_at": utcnow(), "attempts": attempts + 1,
                    "lease_until": None, "last_error": None,
                }
            else:
                dead = attempts + 1 >= self.max_attempts
                values = {
                    "status": "dead" if dead else "pending",
                    "attempts": attempts + 1,
                    "next_attempt_at": utcnow() + _backoff(attempts),
                    "lease_until": None,
                    "last_error": error,
                }
                log.warning("event delivery failed", extra={"delivery": delivery_id, "attempt": attempts + 1, "dead": dead})
            await session.execute(update(OutboxDelivery).where(OutboxDelivery.id == delivery_id).values(**values))

    async def run_once(self, client: httpx.AsyncClient) -> int:
        await self.fan_out()
        return await self.deliver_due(client)
