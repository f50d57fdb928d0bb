"""Async SQLAlchemy engine, the declarative base, and one session per request.

The request's session is opened lazily by `get_session`, and `TransactionalRoute` commits it
once after the endpoint has produced its response and before that response is sent; any
exception rolls it back, so queued outbox events and audit records vanish with the change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import DateTime, MetaData, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every service's tables (each service has its own database)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow, onupdate=utcnow
    )


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    """Create the engine.

    asyncpg prepares every statement; after five executions PostgreSQL may switch a prepared
    statement to a generic plan, which cannot use a text_pattern_ops index for
    `org_path LIKE $1 || '/%'` or estimate a search term's selectivity. Custom plans are forced
    (docs/decisions/0007-search-and-counts.md).
    """
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=1800,  # no pre-ping round trip per request; stale connections are recycled
        connect_args={"server_settings": {
            "timezone": "UTC", "application_name": "qsrp", "plan_cache_mode": "force_custom_plan",
        }},
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


_SESSION_KEY = "servicekit_session"


async def get_session(request: Request) -> AsyncSession:
    """The request's session, opened on first use and finished by TransactionalRoute."""
    session: AsyncSession | None = getattr(request.state, _SESSION_KEY, None)
    if session is None:
        factory: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
        session = factory()
        setattr(request.state, _SESSION_KEY, session)
    return session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


class TransactionalRoute(APIRoute):
    """Commit the request's session once, after the endpoint and before the response is sent."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                response = await handler(request)
            except BaseException:
                await _finish(request, commit=False)
                raise
            await _finish(request, commit=response.status_code < 400)
            return response

        return run


async def _finish(request: Request, *, commit: bool) -> None:
    session: AsyncSession | None = getattr(request.state, _SESSION_KEY, None)
    if session is None:
        return
    setattr(request.state, _SESSION_KEY, None)
    try:
        if commit:
            await session.commit()
        else:
            await session.rollback()
    finally:
        await session.close()


def row_to_dict(obj: Any, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """Column values of an ORM object as JSON-ready data (for audit before/after)."""
    exclude = exclude or set()
    out: dict[str, Any] = {}
    for col in obj.__table__.columns:
        if col.key in exclude:
            continue
        out[col.key] = jsonable(getattr(obj, col.key))
    return out


def jsonable(value: Any) -> Any:
    if isinstance(value, (uuid.UUID, dt.date, dt.datetime)):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    return value


async def copy_rows(session: AsyncSession, table: Any, rows: list[dict[str, Any]]) -> None:
    """COPY rows into `table` inside the session's transaction (bulk loads: one statement, one
    trigger firing, no per-row round trip). JSON/JSONB values are sent as JSON text."""
    if not rows:
        return
    import json

    from sqlalchemy.dialects.postgresql import JSON, JSONB

    columns = list(rows[0])
    json_cols = {c.name for c in table.columns if isinstance(c.type, (JSON, JSONB))}
    records = [
        tuple(json.dumps(r[c], ensure_ascii=False) if c in json_cols and r[c] is not None else r[c] for c in columns)
        for r in rows
    ]
    conn = await session.connection()
    raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    await driver.copy_records_to_table(table.name, records=records, columns=columns)
