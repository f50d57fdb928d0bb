"""/v1/calendar: the working-day table, editable by administrators, with its coverage."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from registry.deps import Admin, Ctx, Regulator
from registry.models import WorkCalendarDay, WorkCalendarYear
from registry.workdays.calendar import load_calendar
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.outbox import emit

router = make_router(prefix="/v1/calendar", tags=["calendar"])


class DayOut(BaseModel):
    day: dt.date
    is_workday: bool
    name: str | None
    source: str


class DayIn(BaseModel):
    is_workday: bool
    name: str = Field(min_length=1, max_length=40, description="如：春节、调休上班")


class Coverage(BaseModel):
    covered_years: list[int]
    current_year_covered: bool
    next_year_covered: bool
    warning: str | None


class DeadlineOut(BaseModel):
    start: dt.date
    workdays: int
    deadline: dt.date
    fallback: bool


@router.get("/coverage", response_model=Coverage, operation_id="calendar_coverage", summary="工作日历覆盖年度")
async def calendar_coverage(_: Regulator, session: SessionDep, ctx: Ctx) -> Coverage:
    years = sorted((await session.scalars(select(WorkCalendarYear.year))).all())
    this, nxt = ctx.today.year, ctx.today.year + 1
    warning = None
    if this not in years:
        warning = f"{this} 年节假日安排尚未录入，工作日期限暂按周一至周五计算，请管理员尽快补充"
    elif nxt not in years and ctx.today.month >= 11:
        warning = f"{nxt} 年节假日安排尚未录入（国务院办公厅通知发布后请及时补充）"
    return Coverage(covered_years=years, current_year_covered=this in years, next_year_covered=nxt in years,
                    warning=warning)


@router.get("/days", response_model=list[DayOut], operation_id="calendar_days", summary="某年的节假日与调休")
async def calendar_days(_: Regulator, session: SessionDep, year: Annotated[int, Query(ge=2000, le=2100)]) -> list[DayOut]:
    rows = await session.scalars(select(WorkCalendarDay).where(
        WorkCalendarDay.day >= dt.date(year, 1, 1), WorkCalendarDay.day <= dt.date(year, 12, 31)).order_by(WorkCalendarDay.day))
    return [DayOut.model_validate(r, from_attributes=True) for r in rows.all()]


@router.put("/days/{day}", response_model=DayOut, operation_id="calendar_day_set", summary="设置某日是否上班")
async def calendar_day_set(day: dt.date, body: DayIn, principal: Admin, session: SessionDep) -> DayOut:
    before = await session.get(WorkCalendarDay, day)
    before_d = {"is_workday": before.is_workday, "name": before.name} if before else None
    await session.execute(insert(WorkCalendarDay).values(day=day, is_workday=body.is_workday, name=body.name, source="admin")
                          .on_conflict_do_update(index_elements=["day"],
                                                 set_={"is_workday": body.is_workday, "name": body.name, "source": "admin"}))
    await record_change(session, actor=principal, action="set_day", entity_type="calendar", entity_id=str(day),
                        before=before_d, after=body.model_dump())
    # The inspection service counts routine filings over working days: it mirrors every edit.
    await emit(session, "calendar.day_set", {"day": day.isoformat(), "is_workday": body.is_workday, "name": body.name})
    return DayOut(day=day, is_workday=body.is_workday, name=body.name, source="admin")


@router.post("/years/{year}/confirm", response_model=Coverage, operation_id="calendar_year_confirm",
             summary="确认某年度节假日已录入完整")
async def calendar_year_confirm(year: int, principal: Admin, session: SessionDep, ctx: Ctx) -> Coverage:
    await session.execute(insert(WorkCalendarYear).values(year=year, source="admin").on_conflict_do_nothing())
    await record_change(session, actor=principal, action="confirm_year", entity_type="calendar", entity_id=str(year))
    await emit(session, "calendar.year_confirmed", {"year": year})
    return await calendar_coverage(principal, session, ctx)


@router.get("/deadline", response_model=DeadlineOut, operation_id="calendar_deadline", summary="计算 N 个工作日后的期限")
async def calendar_deadline(
    _: Regulator, session: SessionDep, start: dt.date, workdays: Annotated[int, Query(ge=1, le=60)] = 5
) -> DeadlineOut:
    cal = await load_calendar(session, {start.year})
    due = cal.add_workdays(start, workdays)
    return DeadlineOut(start=start, workdays=workdays, deadline=due, fallback=bool(cal.fallback_years))
