"""/v1/routines: what the regulator sees of the routine — reporting rates by org unit and by
period, units that stopped filing, one unit's calendar and problems, the evidence offered to
checklist items 2.1–2.4 — and what the unit sees it still owes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from fastapi import Query
from sqlalchemy import select

from inspection.deps import OrgsDep, Regulator, RegulatorOrEnterprise, org_node
from inspection.models import RoutineProblem, RoutineRecord, WorkdayRef
from inspection.routines import rates as q
from inspection.routines.evidence import evidence
from inspection.routines.periods import KIND_LABELS, KINDS, Kind, due_on, expected_periods, load_calendar, period_of
from inspection.routines.schemas import (
    CalendarDay,
    DueOut,
    EvidenceOut,
    LapsedOut,
    PeriodRate,
    ProblemOut,
    RateRow,
    RatesOut,
    UnitCalendarOut,
)
from inspection.routines.service import filed_records
from inspection.units.access import load_unit, own_unit, unit_names
from servicekit.app import make_router
from servicekit.clock import TodayDep
from servicekit.db import SessionDep
from servicekit.errors import InvalidInput
from servicekit.pagination import Page, PageDep

router = make_router(prefix="/v1/routines", tags=["routines"])
MAX_DAYS = 400
STATE_LABELS = {"on_time": "按时填报", "late": "逾期补报", "missing": "缺报", "pending": "未到截止日",
                "not_expected": "无需填报", "filed_extra": "非工作日填报", "before_archive": "建档前填报"}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _row(code: str, name: str, r: dict) -> RateRow:
    expected, actual, on_time = int(r["expected"]), int(r["actual"]), int(r["on_time"])
    return RateRow(code=code, name=name, units=int(r["units"]), expected=expected, actual=actual, on_time=on_time,
                   missing=max(expected - actual, 0), rate=_ratio(actual, expected), on_time_rate=_ratio(on_time, expected))


def _range(first: dt.date | None, last: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    last = min(last or today, today)
    first = first or last.replace(day=1)
    if first > last:
        raise InvalidInput("开始日期不能晚于结束日期", code="RANGE_INVALID")
    if (last - first).days > MAX_DAYS:
        raise InvalidInput(f"统计区间不能超过 {MAX_DAYS} 天", code="RANGE_TOO_LONG")
    return first, last


@router.get("/rates", response_model=RatesOut, operation_id="routine_rates",
            summary="报告率：应报、实报、按时报（按下级单位或按主体）")
async def routine_rates(principal: Regulator, session: SessionDep, orgs: OrgsDep, today: TodayDep,
                        kind: Kind = "daily", org: str | None = None, first: dt.date | None = None,
                        last: dt.date | None = None, group: Literal["children", "units"] = "children") -> RatesOut:
    node = await org_node(orgs, org, principal)
    first, last = _range(first, last, today)
    cal = await load_calendar(session, first, last)
    periods = q.counted_periods(kind, first, last, today, cal)
    raw = await q.rates(session, kind=kind, org_path=node.path, periods=periods, by_unit=group == "units")
    if group == "units":
        ids = [uuid.UUID(r["grp"]) for r in raw]
        names = await unit_names(session, set(ids))
        rows = [_row(r["grp"], names.get(uuid.UUID(r["grp"]), ""), r) for r in raw]
    else:
        # every org unit one level down, those without units too (as zeros), then units directly under
        found = {r["grp"]: r for r in raw}
        zero = {"units": 0, "expected": 0, "actual": 0, "on_time": 0}
        children = [n for n in await orgs.all() if n.parent_code == node.code]
        rows = [_row(c.code, c.name, found.pop(c.code, zero)) for c in sorted(children, key=lambda n: n.code)]
        for code, r in found.items():
            child = await orgs.get(code) if code else None
            rows.append(_row(code or node.code, child.name if child else f"{node.name}（直属）", r))
    total = {k: sum(int(r[k]) for r in raw) for k in ("units", "expected", "actual", "on_time")}
    return RatesOut(kind=kind, org=node.code, org_name=node.name, first=first, last=last,
                    counted_until=today - dt.timedelta(days=1), periods=len(periods),
                    total=_row(node.code, node.name, total), rows=rows, calendar_fallback_years=sorted(cal.fallback_years))


@router.get("/rates/periods", response_model=list[PeriodRate], operation_id="routine_rates_by_period",
            summary="报告率按期次（日 / 周 / 月）")
async def routine_rates_by_period(principal: Regulator, session: SessionDep, orgs: OrgsDep, today: TodayDep,
                                  kind: Kind = "daily", org: str | None = None, first: dt.date | None = None,
                                  last: dt.date | None = None) -> list[PeriodRate]:
    node = await org_node(orgs, org, principal)
    first, last = _range(first, last, today)
    cal = await load_calendar(session, first, last)
    periods = q.counted_periods(kind, first, last, today, cal)
    by_start = {r["period_start"]: r for r in await q.rates_by_period(session, kind=kind, org_path=node.path, periods=periods)}
    out = []
    for start, end, due in periods:
        r = by_start.get(start, {"expected": 0, "actual": 0, "on_time": 0})
        e, a, o = int(r["expected"]), int(r["actual"]), int(r["on_time"])
        out.append(PeriodRate(period_start=start, period_end=end, due_on=due, expected=e, actual=a, on_time=o,
                              rate=_ratio(a, e), on_time_rate=_ratio(o, e)))
    return out


@router.get("/lapsed", response_model=Page[LapsedOut], operation_id="routine_lapsed",
            summary="停报主体：最近若干期一直没有填报的主体")
async def routine_lapsed(principal: Regulator, session: SessionDep, orgs: OrgsDep, today: TodayDep, page: PageDep,
                         kind: Kind = "daily", org: str | None = None,
                         periods: Annotated[int, Query(ge=1, le=60, description="连续缺报的期数")] = 3) -> Page[LapsedOut]:
    node = await org_node(orgs, org, principal)
    lookback = {"daily": 120, "weekly": 7 * 40, "monthly": 31 * 20}[kind]
    cal = await load_calendar(session, today - dt.timedelta(days=lookback), today)
    due = q.counted_periods(kind, today - dt.timedelta(days=lookback), today, today, cal)
    if len(due) < periods:
        return Page(items=[], total=0, page=page.page, size=page.size)
    threshold = due[-periods][0]
    starts = [p[0] for p in due]
    rows, total = await q.lapsed(session, kind=kind, org_path=node.path, threshold=threshold, limit=page.size,
                                 offset=page.offset)
    names = {n.code: n.name for n in await orgs.all()}
    items = []
    for r in rows:
        parts = r["org_path"].split("/")
        place = " / ".join(names[c] for c in parts[1:] if c in names) or None
        missed = sum(1 for s in starts if r["last_filed"] is None or s > r["last_filed"])
        items.append(LapsedOut(enterprise_id=r["enterprise_id"], name=r["name"], credit_code=r["credit_code"],
                               org_path=r["org_path"], place_name=place, last_filed=r["last_filed"], missed=missed))
    return Page(items=items, total=total, page=page.page, size=page.size)


@router.get("/units/{enterprise_id}/calendar", response_model=UnitCalendarOut, operation_id="routine_unit_calendar",
            summary="某主体某月的填报日历（按时、逾期、缺报）")
async def routine_unit_calendar(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
                                today: TodayDep,
                                month: Annotated[str | None, Query(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM（2000–2099 年）")] = None
                                ) -> UnitCalendarOut:
    unit = await load_unit(session, principal, enterprise_id)
    first = dt.date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
    last = period_of("monthly", first)[1]
    cal = await load_calendar(session, first - dt.timedelta(days=7), last)
    since = unit.archived_on or unit.first_seen
    filed = await filed_records(session, enterprise_id, first - dt.timedelta(days=7), last)
    holidays = await _holiday_names(session, first, last)

    def cells(kind: str) -> list[CalendarDay]:
        out = []
        if kind == "daily":
            spans = [(d, d) for d in (first + dt.timedelta(days=i) for i in range((last - first).days + 1))]
        elif kind == "weekly":
            spans = []
            s = period_of("weekly", first)[0]
            while s <= last:
                spans.append((s, s + dt.timedelta(days=6)))
                s += dt.timedelta(days=7)
        else:
            spans = [(first, last)]
        expected = {p[0] for p in expected_periods(kind, spans[0][0], spans[-1][1], cal)}
        for s, e in spans:
            due = due_on(kind, e, cal)
            is_expected = s in expected and s >= since
            r = filed.get((kind, s))
            if r is not None:
                state = ("on_time" if r.on_time else "late") if is_expected else \
                    "before_archive" if s in expected else "filed_extra"
            elif not is_expected:
                state = "not_expected"
            else:
                state = "missing" if due < today else "pending"
            out.append(CalendarDay(period_start=s, period_end=e, due_on=due, expected=is_expected,
                                   holiday=holidays.get(s) if kind == "daily" else None, state=state,
                                   state_label=STATE_LABELS[state], record_id=r.id if r else None,
                                   revision=r.revision if r else None, record_status=r.status if r else None,
                                   problem_count=r.problem_count if r else 0))
        return out

    return UnitCalendarOut(enterprise_id=enterprise_id, month=first.strftime("%Y-%m"), expected_from=since,
                           daily=cells("daily"), weekly=cells("weekly"), monthly=cells("monthly"))


async def _holiday_names(session: SessionDep, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    rows = await session.execute(select(WorkdayRef.day, WorkdayRef.name).where(WorkdayRef.day >= first, WorkdayRef.day <= last,
                                                                              WorkdayRef.name.is_not(None)))
    return {d: n for d, n in rows.all()}


@router.get("/units/{enterprise_id}/problems", response_model=list[ProblemOut], operation_id="routine_unit_problems",
            summary="日管控、周排查中发现的问题及整改情况")
async def routine_unit_problems(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
                                closed: bool | None = None, first: dt.date | None = None,
                                last: dt.date | None = None) -> list[ProblemOut]:
    await load_unit(session, principal, enterprise_id)
    stmt = select(RoutineProblem).where(RoutineProblem.enterprise_id == enterprise_id) \
        .order_by(RoutineProblem.found_on.desc()).limit(500)
    if closed is not None:
        stmt = stmt.where(RoutineProblem.closed.is_(closed))
    if first:
        stmt = stmt.where(RoutineProblem.found_on >= first)
    if last:
        stmt = stmt.where(RoutineProblem.found_on <= last)
    return [ProblemOut.model_validate(p, from_attributes=True) for p in (await session.scalars(stmt)).all()]


@router.get("/units/{enterprise_id}/evidence", response_model=EvidenceOut, operation_id="routine_unit_evidence",
            summary="检查表 2.1–2.4 的参考：本单位近期的日管控、周排查、月调度和问题整改情况")
async def routine_unit_evidence(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
                                today: TodayDep, days: Annotated[int, Query(ge=7, le=366)] = 90) -> EvidenceOut:
    unit = await load_unit(session, principal, enterprise_id)
    return await evidence(session, unit, today, days)


@router.get("/due", response_model=list[DueOut], operation_id="routine_due",
            summary="待填报：本单位近期应填而未提交的记录（企业；监管部门须指定主体）")
async def routine_due(principal: RegulatorOrEnterprise, session: SessionDep, today: TodayDep,
                      enterprise_id: uuid.UUID | None = None) -> list[DueOut]:
    if principal.is_enterprise:
        enterprise_id = own_unit(principal)
    if enterprise_id is None:
        raise InvalidInput("请指定主体", code="ENTERPRISE_REQUIRED")
    unit = await load_unit(session, principal, enterprise_id)
    since = unit.archived_on or unit.first_seen
    first = max(today - dt.timedelta(days=70), since)
    cal = await load_calendar(session, first, today)
    rows = (await session.scalars(select(RoutineRecord).where(
        RoutineRecord.enterprise_id == enterprise_id, RoutineRecord.period_start >= first - dt.timedelta(days=31),
        RoutineRecord.status.in_(("draft", "submitted", "returned"))))).all()
    state = {(r.kind, r.period_start): r for r in rows}
    out: list[DueOut] = []
    recent = {"daily": today - dt.timedelta(days=14), "weekly": today - dt.timedelta(days=42), "monthly": first}
    for kind in KINDS:
        for start, end, due in expected_periods(kind, max(first, recent[kind]), today, cal):
            if kind != "daily" and end >= today:
                continue  # this week's report and this month's minutes are written when the period ends
            r = state.get((kind, start))
            if r is not None and r.status == "submitted":
                continue
            out.append(DueOut(kind=kind, kind_label=KIND_LABELS[kind], period_start=start, period_end=end, due_on=due,
                              state="missing" if r is None else r.status, overdue=due < today,
                              record_id=r.id if r else None))
    out.sort(key=lambda d: (d.due_on, d.kind))
    return out
