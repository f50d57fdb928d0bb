"""Audit figures (审计取数): what `GET /internal/audit-figures` takes and answers in every service
that the audit service reads to pre-fill a 督查清单.

The query names an audited bureau by its org path (everything under it counts) and an inclusive
period of business days. Figures "as of" are taken on the service's business date. Each service
defines its own keys; their definitions are in docs/api/<service>.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, or_
from sqlalchemy.orm import InstrumentedAttribute

from servicekit.clock import SHANGHAI
from servicekit.errors import InvalidInput, register_field_labels

_PATH = re.compile(r"^[0-9A-Za-z-]+(/[0-9A-Za-z-]+){0,3}$")

FigureValue = int | float | str | None

register_field_labels({"org_path": "组织路径", "date_from": "统计期起", "date_to": "统计期止"})


@dataclass(frozen=True)
class FiguresQuery:
    org_path: str
    date_from: dt.date
    date_to: dt.date

    @property
    def depth(self) -> int:
        return self.org_path.count("/") + 1

    def under(self, column: InstrumentedAttribute[str] | ColumnElement[str]) -> ColumnElement[bool]:
        """`column` (an org path) is the audited bureau's own or one below it."""
        return or_(column == self.org_path, column.like(self.org_path + "/%"))

    @property
    def starts(self) -> dt.datetime:
        """The period's first instant: midnight in China on `date_from`."""
        return dt.datetime.combine(self.date_from, dt.time(), SHANGHAI)

    @property
    def ends(self) -> dt.datetime:
        """The instant after the period: midnight in China after `date_to`."""
        return dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), SHANGHAI)

    def on_day(self, column: Any) -> ColumnElement[bool]:
        """A date column falls within the period (both ends included)."""
        return column.between(self.date_from, self.date_to)

    def at_time(self, column: Any) -> ColumnElement[bool]:
        """A timestamp column falls on a day of the period (China time)."""
        return (column >= self.starts) & (column < self.ends)


def figures_query(
    org_path: Annotated[str, Query(min_length=1, max_length=200, description="被督查单位的组织路径（含下级）")],
    date_from: Annotated[dt.date, Query(description="统计期起（含）")],
    date_to: Annotated[dt.date, Query(description="统计期止（含）")],
) -> FiguresQuery:
    path = org_path.strip()
    if not _PATH.match(path):
        raise InvalidInput("组织路径格式不正确（如 540000/540100/540102）", code="ORG_PATH_INVALID")
    if date_from > date_to:
        raise InvalidInput("统计期的开始日期不能晚于结束日期", code="DATE_RANGE")
    return FiguresQuery(org_path=path, date_from=date_from, date_to=date_to)


FiguresQueryDep = Annotated[FiguresQuery, Depends(figures_query)]


class AuditFiguresOut(BaseModel):
    service: str
    org_path: str
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date = Field(description="“截至”类数字所依据的业务日期")
    figures: dict[str, FigureValue]

    @classmethod
    def of(cls, service: str, q: FiguresQuery, as_of: dt.date, figures: dict[str, FigureValue]) -> AuditFiguresOut:
        return cls(service=service, org_path=q.org_path, date_from=q.date_from, date_to=q.date_to, as_of=as_of,
                   figures=figures)
