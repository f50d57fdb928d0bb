"""GET /internal/audit-figures: the archive's figures for pre-filling a 督查清单 (audit service only).

Two statements whatever the number of units: one pass of filtered counts over the bureau's
enterprises, and one anti-join for responsible persons overdue. Definitions (in Chinese, as the
auditors read them) are in docs/api/registry.md, 审计取数（内部）.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.deps import Ctx
from registry.models import Enterprise, ResponsiblePerson
from registry.models.enterprise import CLOSED_STATUSES
from registry.workdays.calendar import load_calendar
from servicekit.app import make_router
from servicekit.db import SessionDep
from servicekit.figures import AuditFiguresOut, FiguresQuery, FiguresQueryDep, FigureValue
from servicekit.outbox import ServiceCaller

router = make_router(tags=["internal"])

RESPONSIBLE_DUE_WORKDAYS = 5  # as registry.responsibles.service: a successor recorded within 5 working days


async def responsible_overdue_cutoff(session: AsyncSession, today: dt.date) -> dt.date:
    """The latest leaving day that makes a unit without a successor overdue `today`.

    /v1/overdue (kind responsible) lists a unit whose last responsible person left on `ended_on`
    and has no current one when `add_workdays(ended_on, 5) < today`; that deadline never moves
    back as `ended_on` moves forward, so the rule is `ended_on <= cutoff` for one cutoff day.
    """
    cal = await load_calendar(session, {today.year - 1, today.year})
    day = today - dt.timedelta(days=1)
    while cal.add_workdays(day, RESPONSIBLE_DUE_WORKDAYS) >= today:
        day -= dt.timedelta(days=1)
    return day


async def archive_figures(session: AsyncSession, q: FiguresQuery, today: dt.date) -> dict[str, FigureValue]:
    e = Enterprise
    # The archive proper: units archived (not merely pending) and not closed. A deregistered,
    # revoked or moved-out unit (CLOSED_STATUSES) keeps its record but is no longer supervised
    # here; suspended, lost-contact and "other" units still are, so they count.
    in_archive = and_(e.archive_status == "archived", e.status.not_in(CLOSED_STATUSES))
    pending = e.archive_status == "pending"  # as /v1/overdue: whatever the unit's status
    required = and_(in_archive, e.director_required.is_(True))
    archived_in_period = q.on_day(e.archived_on)
    row = (await session.execute(
        select(
            func.count().filter(in_archive).label("units_total"),
            func.count().filter(archived_in_period).label("units_archived_in_period"),
            func.count().filter(q.at_time(e.updated_at), e.created_at < q.starts).label("units_updated_in_period"),
            func.count().filter(pending).label("archives_pending"),
            func.count().filter(pending, e.archive_deadline < today).label("archives_overdue"),
            func.count().filter(archived_in_period, e.archived_on > e.archive_deadline).label("archives_late_in_period"),
            func.count().filter(required).label("director_required"),
            func.count().filter(required, e.director_count > 0).label("director_covered"),
            func.count().filter(required, e.officer_count > 0).label("officer_covered"),
        ).where(q.under(e.org_path))
    )).one()
    figures: dict[str, FigureValue] = {k: int(v) for k, v in row._mapping.items()}

    rp = ResponsiblePerson
    cutoff = await responsible_overdue_cutoff(session, today)
    figures["responsible_overdue"] = int(await session.scalar(
        select(func.count()).select_from(e).where(
            q.under(e.org_path),
            exists().where(rp.enterprise_id == e.id, rp.ended_on <= cutoff),
            ~exists().where(rp.enterprise_id == e.id, or_(rp.ended_on.is_(None), rp.ended_on > cutoff)),
        )
    ) or 0)
    return figures


@router.get("/internal/audit-figures", response_model=AuditFiguresOut, operation_id="audit_figures",
            summary="审计取数：主体档案（仅供平台内部服务调用）")
async def audit_figures(_: ServiceCaller, q: FiguresQueryDep, session: SessionDep, ctx: Ctx) -> AuditFiguresOut:
    return AuditFiguresOut.of("registry", q, ctx.today, await archive_figures(session, q, ctx.today))
