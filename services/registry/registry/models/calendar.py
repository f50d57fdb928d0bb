"""Working-day calendar: exceptions to Monday–Friday, and which years are covered."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class WorkCalendarDay(Base):
    __tablename__ = "work_calendar_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20), default="chinesecalendar")


class WorkCalendarYear(Base):
    __tablename__ = "work_calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
