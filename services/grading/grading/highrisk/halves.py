"""Half-years (1–6月, 7–12月): the period in which a high-risk unit must be visited at least once."""

from __future__ import annotations

import datetime as dt


def half_year(d: dt.date) -> tuple[dt.date, dt.date]:
    return (dt.date(d.year, 1, 1), dt.date(d.year, 6, 30)) if d.month <= 6 else (dt.date(d.year, 7, 1), dt.date(d.year, 12, 31))


def half_label(start: dt.date) -> str:
    return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
