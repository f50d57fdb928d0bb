"""Request and response bodies of /v1/audits and /v1/checklists."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, Field


class ChecklistItemIn(BaseModel):
    code: str = Field(pattern=r"^\d{1,2}\.\d{1,2}$", description="编号，如 1.1")
    section_no: int = Field(ge=1, le=99)
    section: str = Field(min_length=2, max_length=100, description="督查事项")
    task: str = Field(min_length=2, max_length=500, description="具体任务")


class ChecklistIn(BaseModel):
    title: str = Field(min_length=2, max_length=100)
    source: str = Field(min_length=2, max_length=500, description="依据文件")
    items: list[ChecklistItemIn] = Field(min_length=1, max_length=200)


class ChecklistOut(BaseModel):
    version: int
    title: str
    source: str
    items: list[dict[str, Any]]
    published_at: dt.datetime
    published_by: str
    current: bool


class TargetOut(BaseModel):
    code: str
    name: str
    level: str
    level_label: str
    last_audited_on: dt.date | None
    audits: int


class AuditIn(BaseModel):
    id: uuid.UUID | None = Field(default=None, description="客户端生成的编号：重复提交同一编号不会建两份")
    target_code: str = Field(min_length=6, max_length=20, description="督查对象（直属下级市场监管部门）")
    period_start: dt.date = Field(description="督查期间起")
    period_end: dt.date = Field(description="督查期间止")
    audited_on: dt.date = Field(description="督查日期")
    auditors: str = Field(min_length=2, max_length=300, description="督查人员")


class AuditPatch(BaseModel):
    audited_on: dt.date | None = None
    auditors: str | None = Field(default=None, min_length=2, max_length=300)
    conclusion: str | None = Field(default=None, max_length=4000, description="督查结论与意见")
    base_version: int | None = Field(default=None, description="编辑所基于的版本，不一致时拒绝")


class ItemIn(BaseModel):
    implemented: bool | None = Field(description="是否落实：是 / 否；未判断为 null")
    highlights: str | None = Field(default=None, max_length=4000, description="亮点成效（或存在问题）")
    correction_reason: str | None = Field(default=None, max_length=1000,
                                          description="与数据预判不一致时必填：更正理由")
    base_version: int | None = None


class FigureOut(BaseModel):
    label: str
    value: Any = None
    unit: str = ""
    source: str
    source_label: str


class ItemOut(BaseModel):
    code: str
    section_no: int
    section: str
    task: str
    figures: list[FigureOut]
    suggested: bool | None = Field(description="数据预判：是 / 否 / 无法判断(null)")
    basis: str | None
    implemented: bool | None
    corrected: bool = Field(description="督查人员的判断与数据预判不一致（已更正）")
    correction_reason: str | None
    highlights: str | None
    updated_by: str | None
    updated_at: dt.datetime | None
    files: int = 0


class FileOut(BaseModel):
    id: uuid.UUID
    item_code: str | None
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    created_at: dt.datetime


class AuditSummary(BaseModel):
    id: uuid.UUID
    number: str
    auditor_code: str
    auditor_name: str
    target_code: str
    target_name: str
    period_start: dt.date
    period_end: dt.date
    audited_on: dt.date
    status: str
    status_label: str
    items_total: int
    items_implemented: int
    items_not_implemented: int
    items_corrected: int
    followups: int
    push_status: str | None = Field(default=None, description="归集状态：pending / delivered / dead")
    submitted_at: dt.datetime | None


class AuditOut(AuditSummary):
    checklist_version: int
    auditors: str
    conclusion: str | None
    prefill_state: dict[str, Any]
    prefilled_at: dt.datetime | None
    version: int
    created_by: str
    created_at: dt.datetime
    submitted_by: str | None
    can_edit: bool
    items: list[ItemOut]
    files: list[FileOut]
