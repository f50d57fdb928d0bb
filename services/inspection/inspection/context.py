"""Today (replaceable in tests) for the inspection routes and event handlers."""

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
    def __init__(self, fn: Callable[[], dt.date] = today_in_china) -> None:
        self.fn = fn

    def __call__(self) -> dt.date:
        return self.fn()


def today(request: Request) -> dt.date:
    return request.app.state.today()


TodayDep = Annotated[dt.date, Depends(today)]
