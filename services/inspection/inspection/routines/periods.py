"""Which period a record covers, when it is due, and which periods are expected.

- 日管控 (daily): one record per working day; due by the end of the next working day, so a phone
  that was offline overnight still files on time.
- 周排查 (weekly): Monday–Sunday, expected for every week that has a working day; due by the end
  of the first working day after the week.
- 月调度 (monthly): the calendar month; due by the end of the fifth working day of the next month.

A period is expected of a unit when it starts on or after the day the unit was archived, and is
counted in reporting rates once its due day has passed (a record filed early still counts).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import WorkdayRef, WorkyearRef
from servicekit.workdays import WorkCalendar

Kind = Literal["daily", "weekly", "monthly"]
KINDS: tuple[Kind, ...] = ("daily", "weekly", "monthly")
KIND_LABELS = {"daily": "每日检查记录", "weekly": "每周排查治理报告", "monthly": "每月调度会议纪要"}
MONTHLY_GRACE_WORKDAYS = 5


def period_of(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the period of `kind` that holds `day`."""
    if kind == "daily":
        return day, day
    if kind == "weekly":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    start = day.replace(day=1)
    nxt = (start + dt.timedelta(days=32)).replace(day=1)
    return start, nxt - dt.timedelta(days=1)


def due_on(kind: str, period_end: dt.date, cal: WorkCalendar) -> dt.date:
    return cal.add_workdays(period_end, MONTHLY_GRACE_WORKDAYS if kind == "monthly" else 1)


def expected_periods(kind: str, first: dt.date, last: dt.date, cal: WorkCalendar) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(start, end, due) of every expected period of `kind` that starts within [first, last]."""
    out: list[tuple[dt.date, dt.date, dt.date]] = []
    start, _ = period_of(kind, first)
    if start < first:  # a period already running on `first` belongs to the range before it
        start = period_of(kind, period_of(kind, first)[1] + dt.timedelta(days=1))[0]
    while start <= last:
        s, e = period_of(kind, start)
        if kind == "monthly" or any(True for _ in cal.workdays_in(s, e)):
            out.append((s, e, due_on(kind, e, cal)))
        start = e + dt.timedelta(days=1)
    return out


async def load_calendar(session: AsyncSession, first: dt.date, last: dt.date) -> WorkCalendar:
    """The mirrored working-day calendar for [first, last] plus the months after (for due days)."""
    until = last + dt.timedelta(days=62)
    rows = (await session.execute(select(WorkdayRef.day, WorkdayRef.is_workday)
                                  .where(WorkdayRef.day >= first, WorkdayRef.day <= until))).all()
    years = set((await session.scalars(select(WorkyearRef.year)
                                       .where(WorkyearRef.year >= first.year, WorkyearRef.year <= until.year))).all())
    return WorkCalendar(exceptions={r.day: r.is_workday for r in rows}, covered_years=years)
