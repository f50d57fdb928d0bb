"""Chinese working days, shared by the services that count them (registry deadlines, routine
reporting rates): weekends, statutory holidays and make-up workdays (调休).

Each service keeps a table of the exceptions to "Monday–Friday work" — holidays on weekdays
(is_workday = false) and make-up Saturdays/Sundays (is_workday = true) — seeded from the
`chinesecalendar` package (`calendar_rows`). The registry's table is the editable one; its edits
travel as `calendar.day_set` / `calendar.year_confirmed` events. For a year nobody covered, the
count falls back to Monday–Friday and says so (`fallback_years`), so nobody silently trusts a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import chinese_calendar

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def calendar_rows() -> tuple[list[dict[str, object]], list[int]]:
    """The exceptions known to `chinesecalendar` and the years it covers."""
    rows: list[dict[str, object]] = []
    for day, name in chinese_calendar.holidays.items():
        if day.weekday() < 5:
            rows.append({"day": day, "is_workday": False, "name": HOLIDAY_NAMES.get(str(name), str(name)),
                         "source": "chinesecalendar"})
    for day, name in chinese_calendar.workdays.items():
        if day.weekday() >= 5:
            rows.append({"day": day, "is_workday": True, "name": f"调休上班（{HOLIDAY_NAMES.get(str(name), str(name))}）",
                         "source": "chinesecalendar"})
    years = sorted({d.year for d in chinese_calendar.holidays})
    return rows, years


@dataclass
class WorkCalendar:
    """An in-memory view of the exceptions for the years asked about."""

    exceptions: dict[dt.date, bool]
    covered_years: set[int]
    fallback_years: set[int] = field(default_factory=set)

    def is_workday(self, day: dt.date) -> bool:
        if day.year not in self.covered_years:
            self.fallback_years.add(day.year)
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The date `count` working days after `start` (start itself not counted)."""
        day = start
        left = count
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]."""
        n = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            n += self.is_workday(day)
        return n

    def workdays_in(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """The working days in [first, last]."""
        day = first
        while day <= last:
            if self.is_workday(day):
                yield day
            day += dt.timedelta(days=1)
