"""In-app reminders (F9): what a bureau or an enterprise has to do, and by when.

Each service knows its own deadlines. A service gives `install_reminders()` a `compute`
function that returns, per kind, every reminder open today (set-based SQL over its own tables).
A job runs it at start and then every `reminder_interval_seconds` (a day by default) and
`sync()` makes the `reminder` table match: new ones appear, changed ones are updated, and the ones
no longer returned are resolved. Where a user's action ends a deadline the service also calls
`resolve()` in that action's transaction, so the reminder disappears at once, not the next day.

The owner is a bureau (`owner_path`: the regulators of exactly that org unit) or an enterprise
(`enterprise_id`). `GET /v1/reminders` lists the caller's own; a bureau may also look at its
subtree. The bell in the frontends sums `GET /v1/reminders/summary` over the services.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from pydantic import BaseModel
from sqlalchemy import BigInteger, Boolean, Date, DateTime, Index, String, Text, func, select, text, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.auth import REGULATOR_ROLES, Authenticator, Principal, jurisdiction_filter
from servicekit.db import Base, SessionDep, TransactionalRoute, utcnow
from servicekit.pagination import Page, PageDep, paginate
from servicekit.workers import PeriodicJob

log = logging.getLogger("servicekit.reminders")


class Reminder(Base):
    __tablename__ = "reminder"
    __table_args__ = (
        Index("uq_reminder_open", "kind", "ref_id", unique=True, postgresql_where=text("resolved_at IS NULL")),
        Index("ix_reminder_owner_path", "owner_path", postgresql_ops={"owner_path": "text_pattern_ops"}),
        Index("ix_reminder_enterprise", "enterprise_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40))
    ref_id: Mapped[str] = mapped_column(String(80))
    owner_path: Mapped[str | None] = mapped_column(Text)
    enterprise_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class ReminderItem:
    kind: str
    ref_id: str
    title: str
    link: str
    owner_path: str | None = None
    enterprise_id: uuid.UUID | None = None
    detail: str | None = None
    due_on: dt.date | None = None
    overdue: bool = False


# kind → Chinese label; each service registers its own kinds
KIND_LABELS: dict[str, str] = {}
Compute = Callable[[AsyncSession, dt.date], Awaitable[dict[str, list[ReminderItem]]]]


async def sync(session: AsyncSession, current: dict[str, list[ReminderItem]],
               only: Iterable[str] | None = None) -> dict[str, int]:
    """Make the open reminders of the given kinds exactly `current`: add, update, resolve.

    `only` narrows the resolving to those ref_ids: an action refreshing one unit's reminders
    passes the ids it recomputed, and leaves every other open reminder of the kind alone.

    Set-based, whatever the count: the items go to PostgreSQL as arrays (one statement upserts
    them against the partial unique index, one resolves the open ones no longer present), so a
    run over hundreds of thousands of reminders does not load the table into Python.
    """
    kinds = list(current)
    if not kinds:
        return {"upserted": 0, "resolved": 0}
    items = list({(i.kind, i.ref_id): i for k in kinds for i in current[k]}.values())
    cols: dict[str, list[Any]] = {
        "kind": [i.kind for i in items], "ref_id": [i.ref_id for i in items],
        "owner_path": [i.owner_path for i in items],
        "enterprise_id": [str(i.enterprise_id) if i.enterprise_id else None for i in items],
        "title": [i.title[:200] for i in items], "detail": [i.detail for i in items],
        "link": [i.link[:300] for i in items], "due_on": [i.due_on for i in items],
        "overdue": [i.overdue for i in items],
    }
    upserted = await session.execute(text("""
        INSERT INTO reminder (kind, ref_id, owner_path, enterprise_id, title, detail, link, due_on, overdue)
        SELECT c.kind, c.ref_id, c.owner_path, c.enterprise_id::uuid, c.title, c.detail, c.link, c.due_on, c.overdue
        FROM unnest(CAST(:kind AS text[]), CAST(:ref_id AS text[]), CAST(:owner_path AS text[]),
                    CAST(:enterprise_id AS text[]), CAST(:title AS text[]), CAST(:detail AS text[]),
                    CAST(:link AS text[]), CAST(:due_on AS date[]), CAST(:overdue AS boolean[]))
             AS c(kind, ref_id, owner_path, enterprise_id, title, detail, link, due_on, overdue)
        ON CONFLICT (kind, ref_id) WHERE resolved_at IS NULL DO UPDATE SET
            owner_path = excluded.owner_path, enterprise_id = excluded.enterprise_id, title = excluded.title,
            detail = excluded.detail, link = excluded.link, due_on = excluded.due_on, overdue = excluded.overdue,
            updated_at = now()
        WHERE (reminder.owner_path, reminder.enterprise_id, reminder.title, reminder.detail, reminder.link,
               reminder.due_on, reminder.overdue)
              IS DISTINCT FROM (excluded.owner_path, excluded.enterprise_id, excluded.title, excluded.detail,
                                excluded.link, excluded.due_on, excluded.overdue)
    """), cols)
    resolved = await session.execute(text("""
        UPDATE reminder SET resolved_at = now()
        WHERE resolved_at IS NULL AND kind = ANY(CAST(:kinds AS text[]))
          AND (CAST(:only AS text[]) IS NULL OR ref_id = ANY(CAST(:only AS text[])))
          AND NOT EXISTS (SELECT 1 FROM unnest(CAST(:kind AS text[]), CAST(:ref_id AS text[])) AS c(kind, ref_id)
                          WHERE c.kind = reminder.kind AND c.ref_id = reminder.ref_id)
    """), {"kinds": kinds, "kind": cols["kind"], "ref_id": cols["ref_id"],
          "only": None if only is None else [str(x) for x in only]})
    for obj in [o for o in session.identity_map.values() if isinstance(o, Reminder)]:
        session.expire(obj)  # written behind the ORM's back; nothing else is touched
    return {"upserted": int(upserted.rowcount or 0), "resolved": int(resolved.rowcount or 0)}


async def resolve(session: AsyncSession, kind: str | Iterable[str], ref_id: object) -> None:
    """The thing is done: its open reminder disappears now (in the caller's transaction)."""
    kinds = [kind] if isinstance(kind, str) else list(kind)
    await session.execute(update(Reminder).where(
        Reminder.kind.in_(kinds), Reminder.ref_id == str(ref_id), Reminder.resolved_at.is_(None)).values(
        resolved_at=utcnow()))


async def open_now(session: AsyncSession, item: ReminderItem) -> None:
    """A deadline that starts with a user's action (a returned answer): its reminder appears at once."""
    await resolve(session, item.kind, item.ref_id)
    session.add(Reminder(kind=item.kind, ref_id=item.ref_id, owner_path=item.owner_path,
                         enterprise_id=item.enterprise_id, title=item.title[:200], detail=item.detail,
                         link=item.link[:300], due_on=item.due_on, overdue=item.overdue))
    await session.flush()


class ReminderJob(PeriodicJob):
    """Runs `compute` + `sync` at start and every `interval` seconds (one replica at a time: advisory lock)."""

    name = "reminders"

    def __init__(self, *, sessionmaker: Callable[[], async_sessionmaker[AsyncSession]], compute: Compute,
                 today: Callable[[], dt.date], interval: float = 86400, poll_seconds: float = 30) -> None:
        super().__init__(interval=interval, poll_seconds=poll_seconds)
        self.sessionmaker, self.compute, self.today = sessionmaker, compute, today

    async def run_now(self) -> dict[str, int]:
        async with self.sessionmaker()() as session, session.begin():
            got = await session.scalar(select(func.pg_try_advisory_xact_lock(7_212_024)))
            if not got:
                return {}
            counts = await sync(session, await self.compute(session, self.today()))
        log.info("reminders computed", extra=counts)
        return counts


class ReminderOut(BaseModel):
    id: int
    kind: str
    kind_label: str
    title: str
    detail: str | None
    link: str
    due_on: dt.date | None
    overdue: bool
    owner_path: str | None
    created_at: dt.datetime


class ReminderSummary(BaseModel):
    total: int
    overdue: int
    by_kind: dict[str, int]


Caller = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"enterprise_user"}))]


def _mine(principal: Principal, scope: str) -> Any:
    if principal.is_enterprise:
        if not principal.enterprise_id:
            return Reminder.id.is_(None)
        return Reminder.enterprise_id == uuid.UUID(principal.enterprise_id)
    if scope == "subtree":
        return jurisdiction_filter(Reminder.owner_path, principal)
    return Reminder.owner_path == principal.org_path


def make_reminder_router(service: str) -> APIRouter:
    router = APIRouter(route_class=TransactionalRoute, tags=["reminders"])

    @router.get("/v1/reminders", response_model=Page[ReminderOut], operation_id=f"{service}_reminders",
                summary="我的待办提醒（本单位；或本辖区）")
    async def reminders(principal: Caller, session: SessionDep, page: PageDep,
                        scope: Annotated[Literal["own", "subtree"], Query(description="own：本单位；subtree：本辖区")] = "own",
                        kind: Annotated[str | None, Query(max_length=40)] = None) -> Page[ReminderOut]:
        stmt = select(Reminder).where(Reminder.resolved_at.is_(None), _mine(principal, scope))
        if kind:
            stmt = stmt.where(Reminder.kind == kind)
        rows, total = await paginate(session, stmt.order_by(Reminder.overdue.desc(), Reminder.due_on.asc().nulls_last(),
                                                            Reminder.id), page)
        return Page(items=[ReminderOut(id=r.id, kind=r.kind, kind_label=KIND_LABELS.get(r.kind, r.kind), title=r.title,
                                       detail=r.detail, link=r.link, due_on=r.due_on, overdue=r.overdue,
                                       owner_path=r.owner_path, created_at=r.created_at) for (r,) in rows],
                    total=total, page=page.page, size=page.size)

    @router.get("/v1/reminders/summary", response_model=ReminderSummary, operation_id=f"{service}_reminder_summary",
                summary="待办提醒数（铃铛上的数字）")
    async def reminder_summary(principal: Caller, session: SessionDep,
                               scope: Literal["own", "subtree"] = "own") -> ReminderSummary:
        rows = (await session.execute(select(Reminder.kind, func.count(), func.count().filter(Reminder.overdue)).where(
            Reminder.resolved_at.is_(None), _mine(principal, scope)).group_by(Reminder.kind))).all()
        return ReminderSummary(total=sum(int(r[1]) for r in rows), overdue=sum(int(r[2]) for r in rows),
                               by_kind={r[0]: int(r[1]) for r in rows})

    @router.post("/internal/reminders/run", operation_id=f"{service}_reminders_run",
                 summary="立即计算提醒（运维与测试；服务令牌）")
    async def reminders_run(request: Request,
                            _: Annotated[Principal, Depends(Authenticator(service_only=True))]) -> dict[str, int]:
        job: ReminderJob = request.app.state.reminder_job
        return await job.run_now()

    return router


def install_reminders(app: FastAPI, compute: Compute, labels: dict[str, str]) -> ReminderJob:
    """The job (create_service_app starts it with the app unless REMINDERS_ENABLED=false) and the routes."""
    KIND_LABELS.update(labels)
    settings = app.state.settings
    job = ReminderJob(sessionmaker=lambda: app.state.sessionmaker, compute=compute, today=lambda: app.state.today(),
                      interval=settings.reminder_interval_seconds)
    app.state.reminder_job = job
    app.include_router(make_reminder_router(settings.service_name))
    return job


