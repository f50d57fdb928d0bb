"""Bodies of /v1/inspections."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field

Result = Literal["yes", "no", "na"]


class ItemResultIn(BaseModel):
    item_no: str = Field(max_length=8, description="检查项目序号，如 1.1")
    result: Result | None = Field(default=None, description="yes 是（√）、no 否（×）、na 不适用；草稿可为空")
    remark: str | None = Field(default=None, max_length=1000, description="备注；否（×）的项目须写明问题")


class InspectionIn(BaseModel):
    enterprise_id: uuid.UUID
    task_id: uuid.UUID | None = None
    base_version: int = Field(default=0, ge=0, description="客户端所基于的版本；新建为 0")
    inspected_on: dt.date
    responsible_department: str | None = Field(default=None, max_length=100)
    contact: str | None = Field(default=None, max_length=100)
    items: list[ItemResultIn] = Field(default_factory=list, max_length=200)


class RiskIn(BaseModel):
    severity: Literal["general", "larger", "major"]
    summary: str = Field(min_length=2, max_length=1000)


class SubmitIn(BaseModel):
    base_version: int = Field(ge=1)
    deadline_days: int = Field(default=15, ge=1, le=180, description="整改期限（天）")
    risks: list[RiskIn] = Field(default_factory=list, max_length=20, description="检查中发现的质量安全风险")


class ItemOut(BaseModel):
    item_no: str
    section_no: int
    section_title: str
    text: str
    result: Result | None
    remark: str | None
    hint: str | None = Field(default=None, description="供参考：2.1–2.4 项给出本单位近 90 天的日管控、周排查、月调度填报和问题整改情况（草稿时）")


class InspectionOut(BaseModel):
    id: uuid.UUID
    task_id: uuid.UUID | None
    enterprise_id: uuid.UUID
    enterprise_name: str
    credit_code: str
    org_path: str
    template_id: int
    template_code: str
    template_version: int
    template_title: str
    level_grade: str | None
    responsible_department: str | None
    contact: str | None
    filled_by: str
    inspected_on: dt.date
    status: Literal["draft", "submitted"]
    version: int
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    items: list[ItemOut]
    findings: int = Field(description="否（×）的项目数")
