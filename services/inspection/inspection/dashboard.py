"""Inspection's dashboard figures (F6), counted per org path by the dashboard job.

Tasks due, done and overdue; inspections this year; rectifications open, overdue and closed;
routine-filing reporting rates over a recent window (the DHIS2-style rates of `/v1/routines/rates`);
units with a risk-control list. Definitions, in Chinese as the dashboard shows them, are in
docs/api/inspection.md, 首页看板.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import Inspection, Rectification, RiskControlList, Task, Unit
from inspection.rectifications.router import OPEN as RECTIFICATION_OPEN
from inspection.routines.periods import load_calendar
from inspection.routines.rates import counted_periods, rates_by_path
from servicekit.clock import SHANGHAI
from servicekit.dashboard import StatRow, unpivot

# The windows of the reporting rates: daily and weekly filings of the last 28 days, monthly ones of
# the last three months; a period counts once its due day has passed (as everywhere else).
RECENT_DAYS = 28
RECENT_MONTHS = 3


def rate_window(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if kind == "monthly":
        first = today.replace(day=1)
        for _ in range(RECENT_MONTHS):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return first, today
    return today - dt.timedelta(days=RECENT_DAYS), today


async def compute(session: AsyncSession, today: dt.date) -> list[StatRow]:
    year_start = dt.date(today.year, 1, 1)
    year_end = dt.date(today.year, 12, 31)
    out: list[StatRow] = []

    units = (await session.execute(
        select(
            Unit.org_path,
            func.count().label("units_known"),
            func.count().filter(exists().where(RiskControlList.enterprise_id == Unit.enterprise_id))
            .label("units_with_risk_list"),
        ).where(Unit.active.is_(True)).group_by(Unit.org_path)
    )).all()
    out += unpivot(units)

    t = Task
    live = t.status != "cancelled"
    this_year = and_(live, t.due_on.between(year_start, year_end))
    tasks = (await session.execute(
        select(
            t.org_path,
            func.count().filter(this_year).label("tasks_due_year"),
            func.count().filter(this_year, t.status == "submitted").label("tasks_done_year"),
            func.count().filter(t.status == "open").label("tasks_open"),
            func.count().filter(t.status == "open", t.due_on < today).label("tasks_overdue"),
        ).group_by(t.org_path)
    )).all()
    out += unpivot(tasks)

    inspections = (await session.execute(
        select(
            Inspection.org_path,
            func.count().label("inspections_year"),
            func.count(Inspection.enterprise_id.distinct()).label("units_inspected_year"),
        ).where(Inspection.status == "submitted", Inspection.inspected_on.between(year_start, today))
        .group_by(Inspection.org_path)
    )).all()
    out += unpivot(inspections)

    r = Rectification
    rect = (await session.execute(
        select(
            r.org_path,
            func.count().filter(r.created_at >= dt.datetime.combine(year_start, dt.time(), SHANGHAI))
            .label("rectifications_year"),
            func.count().filter(r.status != "closed").label("rectifications_open"),
            func.count().filter(r.status.in_(RECTIFICATION_OPEN), r.deadline < today).label("rectifications_overdue"),
            func.count().filter(r.status == "closed").label("rectifications_closed"),
        ).group_by(r.org_path)
    )).all()
    out += unpivot(rect)

    first = min(rate_window(k, today)[0] for k in ("daily", "weekly", "monthly"))
    cal = await load_calendar(session, first, today)
    for kind in ("daily", "weekly", "monthly"):
        start, end = rate_window(kind, today)
        periods = counted_periods(kind, start, end, today, cal)
        if not periods:
            continue
        for row in await rates_by_path(session, kind=kind, periods=periods):
            path = row["grp"]
            for key in ("expected", "actual", "on_time"):
                if row[key]:
                    out.append((path, f"routine_{kind}_{key}", int(row[key])))
    return out
