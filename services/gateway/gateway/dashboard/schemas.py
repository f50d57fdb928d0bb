"""The dashboard's response: what the home page, the xlsx and the one-page PDF are made from."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Cell = float | int | None


class OrgRef(BaseModel):
    code: str
    name: str
    short_name: str
    level: str
    level_label: str
    path: str


class ColumnOut(BaseModel):
    key: str
    label: str
    definition: str = Field(description="口径：这个数字是怎么算的")
    kind: Literal["count", "rate"] = Field(description="count 为户数/件数；rate 为 0–1 的比率，分母为 0 时为空")
    bad: bool = Field(description="越大越不好（逾期、缺报等）")


class RowOut(BaseModel):
    code: str
    name: str
    level: str | None
    path: str | None
    kind: Literal["child", "own", "total"] = Field(description="child 下一级单位；own 本级直管；total 合计")
    drillable: bool = Field(description="可继续下钻到该单位的下一级")
    values: dict[str, Cell]


class TableOut(BaseModel):
    key: str
    title: str
    service: str
    service_label: str
    note: str
    available: bool = Field(description="数据来源服务是否正常应答")
    error: str | None
    columns: list[ColumnOut]
    rows: list[RowOut]
    total: RowOut


class GoalOut(BaseModel):
    key: str
    year: int
    stage: str = Field(description="一年打基础 / 两年全覆盖 / 三年见成效")
    text: str = Field(description="方案原文（主要目标）")
    label: str
    definition: str
    numerator: int | None
    denominator: int | None
    value: float | None
    status: Literal["met", "on_track", "behind", "no_data"]
    status_label: str
    extra: dict[str, int] = Field(description="另列的数字，如建档超期户数")


class CardOut(BaseModel):
    key: str
    label: str
    kind: Literal["count", "rate"]
    definition: str
    value: Cell
    sub_label: str | None
    sub_kind: Literal["count", "rate"]
    sub_value: Cell
    available: bool


class SourceOut(BaseModel):
    service: str
    label: str
    ok: bool
    refreshed_at: dt.datetime | None
    as_of: dt.date | None
    error: str | None


class OverviewOut(BaseModel):
    org: OrgRef
    trail: list[OrgRef] = Field(description="从本人所在单位到所选单位的路径（面包屑）")
    children_level: str | None
    generated_at: dt.datetime
    refreshed_at: dt.datetime | None = Field(description="各服务中最早一次计算时间（数据新旧以此为准）")
    as_of: dt.date | None
    goals: list[GoalOut]
    cards: list[CardOut]
    tables: list[TableOut]
    sources: list[SourceOut]
