"""The evidence checklist items 2.1–2.4 ask about, from the unit's own filings: how many daily
records, weekly reports and monthly minutes it owed and filed lately, and the problems they found
and closed. Shown to the regulator beside those items (and in the unit's 日常管控 tab)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import RoutineProblem, RoutineRecord, Unit
from inspection.routines.periods import KIND_LABELS, KINDS, expected_periods, load_calendar
from inspection.routines.schemas import EvidenceOut, KindFigures
from inspection.routines.service import current_list, filed_records

ITEMS = ("2.1", "2.2", "2.3", "2.4")


async def evidence(session: AsyncSession, unit: Unit, today: dt.date, days: int = 90) -> EvidenceOut:
    enterprise_id = unit.enterprise_id
    first, last = today - dt.timedelta(days=days), today
    since = unit.archived_on or unit.first_seen
    cal = await load_calendar(session, first, last)
    filed = await filed_records(session, enterprise_id, first, last)
    figures = {}
    for kind in KINDS:
        firsts = {(r.kind, r.period_start): r for r in filed.values() if r.kind == kind}
        # periods past their due day, and those filed already though not yet due
        periods = [p for p in expected_periods(kind, first, last, cal)
                   if p[0] >= since and (p[2] < today or (kind, p[0]) in firsts)]
        actual = [firsts[(kind, p[0])] for p in periods if (kind, p[0]) in firsts]
        last_filed = await session.scalar(select(func.max(RoutineRecord.period_start)).where(
            RoutineRecord.enterprise_id == enterprise_id, RoutineRecord.kind == kind,
            RoutineRecord.submitted_at.is_not(None)))
        figures[kind] = KindFigures(expected=len(periods), actual=len(actual),
                                    on_time=sum(1 for r in actual if r.on_time), last_filed=last_filed)
    counts = (await session.execute(select(func.count(), func.count().filter(RoutineProblem.closed)).where(
        RoutineProblem.enterprise_id == enterprise_id, RoutineProblem.found_on >= first))).one()
    found, closed_n = int(counts[0]), int(counts[1])
    has_list = await current_list(session, enterprise_id) is not None

    def line(kind: str) -> str:
        f = figures[kind]
        if f.expected == 0:
            return f"近 {days} 天无应报的{KIND_LABELS[kind]}"
        return (f"近 {days} 天应报 {f.expected} 期，实报 {f.actual} 期，按时 {f.on_time} 期"
                + (f"，最近一期 {f.last_filed}" if f.last_filed else "，从未填报"))

    summary = {"2.1": line("daily"), "2.2": line("weekly"), "2.3": line("monthly"),
               "2.4": f"近 {days} 天发现问题 {found} 个，已整改 {closed_n} 个，未整改 {found - closed_n} 个"}
    return EvidenceOut(enterprise_id=enterprise_id, first=first, last=last, daily=figures["daily"],
                       weekly=figures["weekly"], monthly=figures["monthly"], problems_found=found,
                       problems_closed=closed_n, problems_open=found - closed_n, has_risk_list=has_list, summary=summary)


