"""Chinese working days: weekends, statutory holidays and make-up workdays (调休).

The table `work_calendar_day` holds every exception to "Monday–Friday work": holidays on
weekdays (is_workday = false) and make-up Saturdays/Sundays (is_workday = true), seeded from the
`chinesecalendar` package and editable by administrators. `work_calendar_year` records which
years the table covers. For a year it does not cover, the count falls back to Monday–Friday and
says so (`fallback_years`), so nobody silently trusts a guess.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import WorkCalendarDay, WorkCalendarYear
from servicekit.workdays import WorkCalendar

__all__ = ["WorkCalendar", "deadline", "load_calendar"]


async def load_calendar(session: AsyncSession, years: set[int]) -> WorkCalendar:
    years = years | {y + 1 for y in years}  # a deadline late in December runs into January
    rows = (
        await session.execute(
            select(WorkCalendarDay.day, WorkCalendarDay.is_workday).where(
                WorkCalendarDay.day >= dt.date(min(years), 1, 1), WorkCalendarDay.day <= dt.date(max(years), 12, 31)
            )
        )
    ).all()
    covered = set((await session.scalars(select(WorkCalendarYear.year).where(WorkCalendarYear.year.in_(years)))).all())
    return WorkCalendar(exceptions={r.day: r.is_workday for r in rows}, covered_years=covered)


async def deadline(session: AsyncSession, start: dt.date, workdays: int = 5) -> tuple[dt.date, bool]:
    """(deadline, whether it rests on the Monday–Friday fallback)."""
    cal = await load_calendar(session, {start.year})
    due = cal.add_workdays(start, workdays)
    return due, bool(cal.fallback_years)
