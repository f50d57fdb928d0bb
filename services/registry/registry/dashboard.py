"""The archive's dashboard figures (F6), counted per org path by the dashboard job.

One pass over the enterprises grouped by their org path, and one anti-join for responsible
persons overdue (the rule of `/v1/overdue`). Definitions, in Chinese as the dashboard shows them,
are in docs/api/registry.md, 首页看板.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.internal.audit_figures import responsible_overdue_cutoff
from registry.models import Enterprise, ResponsiblePerson
from registry.models.enterprise import CLOSED_STATUSES
from servicekit.dashboard import StatRow, unpivot

# 2023：属地建立重要工业产品生产和销售单位质量安全档案（方案 主要目标）
FIRST_GOAL_END = dt.date(2023, 12, 31)


async def compute(session: AsyncSession, today: dt.date) -> list[StatRow]:
    e = Enterprise
    in_archive = and_(e.archive_status == "archived", e.status.not_in(CLOSED_STATUSES))
    pending = e.archive_status == "pending"
    required = and_(in_archive, e.director_required.is_(True))
    year_start = dt.date(today.year, 1, 1)
    rows = (await session.execute(
        select(
            e.org_path,
            func.count().filter(in_archive).label("units_total"),
            func.count().filter(in_archive, e.archived_on <= FIRST_GOAL_END).label("archived_by_2023"),
            func.count().filter(in_archive, e.archived_on >= year_start).label("archived_this_year"),
            func.count().filter(pending).label("archives_pending"),
            func.count().filter(pending, e.archive_deadline < today).label("archives_overdue"),
            func.count().filter(in_archive, e.archived_on > e.archive_deadline).label("archived_late"),
            func.count().filter(in_archive, e.unit_types.contains(["production"])).label("type_production"),
            func.count().filter(in_archive, e.unit_types.overlap(["wholesale", "retail"]))
            .label("type_sale"),
            func.count().filter(required).label("director_required"),
            func.count().filter(required, e.director_count > 0).label("director_covered"),
            func.count().filter(required, e.officer_count > 0).label("officer_covered"),
            func.count().filter(e.status.in_(CLOSED_STATUSES)).label("units_closed"),
        ).group_by(e.org_path)
    )).all()
    out = unpivot(rows)

    rp = ResponsiblePerson
    cutoff = await responsible_overdue_cutoff(session, today)
    overdue = (await session.execute(
        select(e.org_path, func.count().label("responsible_overdue")).where(
            exists().where(rp.enterprise_id == e.id, rp.ended_on <= cutoff),
            ~exists().where(rp.enterprise_id == e.id, or_(rp.ended_on.is_(None), rp.ended_on > cutoff)),
        ).group_by(e.org_path)
    )).all()
    return out + unpivot(overdue)
