"""Grading's dashboard figures (F6), counted per org path by the dashboard job.

Grades, supervision categories and supervising levels of the open units, and the high-risk
designations in force with their half-yearly visits (the statuses of `/v1/high-risk`).
Definitions, in Chinese as the dashboard shows them, are in docs/api/grading.md, 首页看板.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from grading.highrisk.halves import half_year
from grading.labels import CATEGORIES, GRADES, LEVELS
from grading.models import HighRisk, Unit, UnitGrade, Visit
from servicekit.dashboard import StatRow, unpivot


async def compute(session: AsyncSession, today: dt.date) -> list[StatRow]:
    u, g = Unit, UnitGrade
    active = u.active.is_(True)  # closed units stay in the table, inactive
    columns = [
        func.count().filter(active).label("units_total"),
        func.count().filter(active, g.grade.is_(None)).label("ungraded"),
        *[func.count().filter(active, g.grade == grade).label(f"grade_{grade}") for grade in GRADES],
        *[func.count().filter(active, g.category == cat).label(f"category_{cat}") for cat in CATEGORIES],
        *[func.count().filter(active, g.level == level).label(f"level_{level}") for level in LEVELS],
    ]
    rows = (await session.execute(
        select(u.org_path, *columns).select_from(u).outerjoin(g, g.enterprise_id == u.enterprise_id)
        .group_by(u.org_path)
    )).all()
    out = unpivot(rows)

    h, visit = HighRisk, Visit
    cur_start, _ = half_year(today)
    prev_end = cur_start - dt.timedelta(days=1)
    prev_start, _ = half_year(prev_end)
    visited_now = exists().where(visit.enterprise_id == h.enterprise_id, visit.visited_on.between(cur_start, today))
    visited_prev = exists().where(visit.enterprise_id == h.enterprise_id, visit.visited_on.between(prev_start, prev_end))
    # Every designation in force, as `/v1/high-risk` lists it and the audit figures count it: a unit
    # closed since stays until its designation is ended (the list shows it, so the figure does too).
    high = (await session.execute(
        select(
            Unit.org_path,
            func.count().label("high_risk_units"),
            func.count().filter(visited_now).label("high_risk_visited"),
            func.count().filter(h.designated_on < cur_start, ~visited_now, ~visited_prev).label("high_risk_visit_overdue"),
        ).select_from(h).join(Unit, Unit.enterprise_id == h.enterprise_id)
        .where(h.ended_on.is_(None)).group_by(Unit.org_path)
    )).all()
    return out + unpivot(high)
