"""Today in China (the platform's working day), and a clock services share with their event
handlers so tests can replace it in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_in_china() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


class Today:
    """A replaceable clock: `app.state.today = Today()`; tests set `app.state.today.fn`."""

    def __init__(self, fn: Callable[[], dt.date] = today_in_china) -> None:
        self.fn = fn

    def __call__(self) -> dt.date:
        return self.fn()


def _today(request: Request) -> dt.date:
    return request.app.state.today()  # type: ignore[no-any-return]


# A route's today, from the app's `Today` (app.state.today).
TodayDep = Annotated[dt.date, Depends(_today)]
