"""Request and response bodies of /v1/routines."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field

Frequency = Literal["daily", "weekly", "monthly"]
Text200 = Annotated[str, Field(min_length=1, max_length=200)]
Text2000 = Annotated[str, Field(min_length=1, max_length=2000)]
Name = Annotated[str, Field(min_length=1, max_length=60)]


# ---- risk-control lists ---------------------------------------------------------------------

class TemplateItem(BaseModel):
    risk: Text200 = Field(description="风险点（有哪些风险）")
    measures: Text2000 = Field(description="管控措施（怎样防控风险）")
    frequency: Frequency = Field(default="daily", description="检查频次：daily 日管控 / weekly 周排查 / monthly 月调度")


class TemplateIn(BaseModel):
    category: Annotated[str, Field(pattern=r"^[a-z_]{2,30}$", description="品类代码，如 refined_oil")]
    name: Annotated[str, Field(min_length=1, max_length=60, description="品类名称，如 成品油")]
    items: Annotated[list[TemplateItem], Field(min_length=1, max_length=100)]
    basis: str | None = Field(default=None, max_length=500, description="依据")


class TemplateOut(BaseModel):
    id: int
    category: str
    name: str
    version: int
    items: list[TemplateItem]
    basis: str | None
    published_by: str
    published_at: dt.datetime


class ListItem(BaseModel):
    id: str | None = Field(default=None, max_length=40, description="条目编号；新条目留空由系统生成，修改时保留原编号")
    category: str = Field(default="general", max_length=30)
    risk: Text200 = Field(description="风险点")
    measures: Text2000 = Field(description="管控措施")
    frequency: Frequency = "daily"
    owner: str | None = Field(default=None, max_length=60, description="责任人或岗位")


class RiskListIn(BaseModel):
    base_version: int = Field(ge=0, description="修改所依据的版本号；首次制定填 0")
    categories: list[str] = Field(default_factory=list, max_length=20)
    items: Annotated[list[ListItem], Field(min_length=1, max_length=200)]
    note: str | None = Field(default=None, max_length=1000)


class RiskListOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    version: int
    categories: list[str]
    items: list[ListItem]
    note: str | None
    created_by: str
    created_at: dt.datetime
    daily_items: int
    is_current: bool


# ---- records ----------------------------------------------------------------------------------

class DailyItem(BaseModel):
    item_id: str = Field(max_length=40, description="风险管控清单条目编号")
    result: Literal["ok", "problem"] = Field(description="ok 未发现问题 / problem 发现问题")
    problem: str | None = Field(default=None, max_length=1000, description="发现的问题")
    action: str | None = Field(default=None, max_length=1000, description="采取的措施")
    fixed: bool = Field(default=False, description="问题是否已当场整改")
    problem_id: uuid.UUID | None = Field(default=None, description="问题编号（客户端生成，更正时保持不变）")
    photo_ids: list[uuid.UUID] = Field(default_factory=list, max_length=9)


class DailyContent(BaseModel):
    items: list[DailyItem] = Field(default_factory=list, max_length=200)
    note: str | None = Field(default=None, max_length=2000)


class WeeklyProblem(BaseModel):
    problem_id: uuid.UUID | None = Field(default=None, description="日管控中发现的问题编号；本周新发现的问题留空")
    description: Text2000
    analysis: str | None = Field(default=None, max_length=2000, description="原因分析")
    fixed: bool = Field(default=False, description="是否已整改")
    measure: str | None = Field(default=None, max_length=2000, description="整改措施或计划")


class WeeklyContent(BaseModel):
    problems: list[WeeklyProblem] = Field(default_factory=list, max_length=200)
    analysis: str | None = Field(default=None, max_length=4000, description="本周质量安全状况分析")
    fixed_summary: str | None = Field(default=None, max_length=4000, description="已整改情况")
    remaining: str | None = Field(default=None, max_length=4000, description="尚未整改的问题及措施")


class Participant(BaseModel):
    name: Name
    role: str = Field(max_length=60, description="职务")


class Decision(BaseModel):
    text: Text2000 = Field(description="议定事项")
    owner: Name = Field(description="责任人")
    due_on: dt.date = Field(description="完成时限")


class MonthlyContent(BaseModel):
    meeting_date: dt.date | None = None
    participants: list[Participant] = Field(default_factory=list, max_length=100)
    director_report: str | None = Field(default=None, max_length=8000, description="质量安全总监工作情况汇报")
    decisions: list[Decision] = Field(default_factory=list, max_length=100)
    next_focus: str | None = Field(default=None, max_length=4000, description="下月工作重点")


class _RecordBase(BaseModel):
    enterprise_id: uuid.UUID | None = Field(default=None, description="企业账号可省略，默认本单位")
    period_start: dt.date = Field(ge=dt.date(2000, 1, 1), description="所属日期；周报填当周任一天、月纪要填当月任一天，系统换算为周一 / 1 日")
    base_version: int | None = Field(default=None, ge=1, description="修改草稿时填草稿的版本号；新建留空")
    supersedes: uuid.UUID | None = Field(default=None, description="更正已提交的记录时填原记录编号")
    filled_by_name: str | None = Field(default=None, max_length=60, description="填写人（质量安全员 / 质量安全总监）")
    filled_by_person: uuid.UUID | None = Field(default=None, description="填写人在人员名册中的编号")


class DailyIn(_RecordBase):
    kind: Literal["daily"]
    content: DailyContent


class WeeklyIn(_RecordBase):
    kind: Literal["weekly"]
    content: WeeklyContent


class MonthlyIn(_RecordBase):
    kind: Literal["monthly"]
    content: MonthlyContent


RecordIn = Annotated[DailyIn | WeeklyIn | MonthlyIn, Field(discriminator="kind")]


class RecordOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None = None
    kind: str
    kind_label: str
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    revision: int
    status: str
    status_label: str
    content: dict
    list_version: int | None
    filled_by_name: str | None
    filled_by_person: uuid.UUID | None = None
    problem_count: int
    supersedes: uuid.UUID | None
    version: int
    created_by: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    on_time: bool | None
    returned_at: dt.datetime | None
    returned_by: str | None
    return_comment: str | None
    photos: list[PhotoOut] = Field(default_factory=list)


class PhotoOut(BaseModel):
    id: uuid.UUID
    item_id: str
    content_type: str
    size: int


class ReturnIn(BaseModel):
    comment: Annotated[str, Field(min_length=2, max_length=1000, description="退回意见")]


# ---- regulator's views ------------------------------------------------------------------------

class RateRow(BaseModel):
    code: str = Field(description="下级单位代码，或主体编号（group=units）")
    name: str
    units: int = Field(description="应报主体数")
    expected: int = Field(description="应报（期）")
    actual: int = Field(description="实报")
    on_time: int = Field(description="按时报")
    missing: int
    rate: float | None = Field(description="报告率 = 实报 / 应报")
    on_time_rate: float | None = Field(description="及时率 = 按时报 / 应报")


class RatesOut(BaseModel):
    kind: str
    org: str
    org_name: str
    first: dt.date
    last: dt.date
    counted_until: dt.date = Field(description="只统计截止日期已过的期次")
    periods: int
    total: RateRow
    rows: list[RateRow]
    calendar_fallback_years: list[int]


class PeriodRate(BaseModel):
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    expected: int
    actual: int
    on_time: int
    rate: float | None
    on_time_rate: float | None


class LapsedOut(BaseModel):
    enterprise_id: uuid.UUID
    name: str
    credit_code: str
    org_path: str
    place_name: str | None
    last_filed: dt.date | None
    missed: int = Field(description="自上次填报以来缺报的期数")


class CalendarDay(BaseModel):
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    expected: bool
    holiday: str | None = None
    state: Literal["on_time", "late", "missing", "pending", "not_expected", "filed_extra", "before_archive"]
    state_label: str
    record_id: uuid.UUID | None = None
    revision: int | None = None
    record_status: str | None = None
    problem_count: int = 0


class UnitCalendarOut(BaseModel):
    enterprise_id: uuid.UUID
    month: str
    expected_from: dt.date
    daily: list[CalendarDay]
    weekly: list[CalendarDay]
    monthly: list[CalendarDay]


class ProblemOut(BaseModel):
    id: uuid.UUID
    found_in: uuid.UUID
    found_kind: str
    found_on: dt.date
    item_id: str | None
    description: str
    action: str | None
    closed: bool
    closed_in: uuid.UUID | None
    closed_on: dt.date | None


class KindFigures(BaseModel):
    expected: int
    actual: int
    on_time: int
    last_filed: dt.date | None


class EvidenceOut(BaseModel):
    """What checklist items 2.1–2.4 are about, from the unit's own filings."""

    enterprise_id: uuid.UUID
    first: dt.date
    last: dt.date
    daily: KindFigures
    weekly: KindFigures
    monthly: KindFigures
    problems_found: int
    problems_closed: int
    problems_open: int
    has_risk_list: bool
    summary: dict[str, str] = Field(description="按检查项目（2.1–2.4）给出的一句话，供检查人员参考")


class DueOut(BaseModel):
    kind: str
    kind_label: str
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    state: Literal["missing", "draft", "returned"]
    overdue: bool
    record_id: uuid.UUID | None


# ---- roster, documents, training -----------------------------------------------------------------

class RosterPerson(BaseModel):
    personnel_id: uuid.UUID
    name: str
    role: str
    role_label: str
    active: bool
    trainings: int
    last_training: dt.date | None


class DocumentOut(BaseModel):
    id: uuid.UUID
    kind: str
    kind_label: str
    title: str
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: dt.datetime
    replaced_at: dt.datetime | None


class TrainingIn(BaseModel):
    personnel_id: uuid.UUID | None = None
    person_name: Name
    held_on: dt.date
    topic: Annotated[str, Field(min_length=2, max_length=200)]
    organizer: Annotated[str, Field(min_length=2, max_length=120)]
    hours: float = Field(gt=0, le=200)
    passed: bool | None = None


class TrainingOut(TrainingIn):
    id: uuid.UUID
    created_by: str
    created_at: dt.datetime


RecordOut.model_rebuild()
