"""Half-month periods of the progress reports (2026-11-H1 = 1–15 Nov, H2 = 16 Nov–end) and the
assessment periods of points (2026, 2026-H1/H2, 2026-Q1…Q4)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from servicekit.errors import InvalidInput

HALF_RE = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])-H([12])$")
SCORE_PERIOD_RE = re.compile(r"^20\d\d(-H[12]|-Q[1-4])?$")


def half_month(code: str) -> tuple[dt.date, dt.date]:
    m = HALF_RE.match(code)
    if not m:
        raise InvalidInput("报告期格式应为“年-月-H1/H2”，如 2026-11-H1（上半月）", code="PERIOD_INVALID")
    year, month, half = int(m[1]), int(m[2]), int(m[3])
    if half == 1:
        return dt.date(year, month, 1), dt.date(year, month, 15)
    return dt.date(year, month, 16), dt.date(year, month, calendar.monthrange(year, month)[1])


def half_month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}-H{1 if day.day <= 15 else 2}"


def previous_half(code: str) -> str:
    start, _ = half_month(code)
    return half_month_of(start - dt.timedelta(days=1))


def half_label(code: str) -> str:
    start, _ = half_month(code)
    return f"{start.year}年{start.month}月{'上' if start.day == 1 else '下'}半月"


def score_period(code: str) -> str:
    if not SCORE_PERIOD_RE.match(code):
        raise InvalidInput("考核期格式应为年度（2026）、半年（2026-H1）或季度（2026-Q3）", code="PERIOD_INVALID")
    return code


def score_period_label(code: str) -> str:
    year, _, part = code.partition("-")
    if not part:
        return f"{year}年度"
    return f"{year}年{'上半年' if part == 'H1' else '下半年' if part == 'H2' else '第' + '一二三四'[int(part[1]) - 1] + '季度'}"
