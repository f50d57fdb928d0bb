from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from registry.personnel.idcard import IdNumberError, validate_id_number

Role = Literal["director", "officer"]


class PersonnelIn(BaseModel):
    role: Role = Field(description="director 质量安全总监 / officer 质量安全员")
    name: str = Field(min_length=2, max_length=60)
    id_number: str | None = Field(default=None, min_length=15, max_length=18, description="居民身份证号码（加密保存）")
    phone: str | None = Field(default=None, pattern=r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$", description="联系电话（加密保存）")
    appointed_on: dt.date | None = None
    appointment_doc: str | None = Field(default=None, max_length=200, description="任命文件")
    full_time: bool = True
    training: str | None = Field(default=None, max_length=2000, description="培训情况")
    assessment_result: Literal["passed", "failed", "none"] | None = None
    assessment_score: int | None = Field(default=None, ge=0, le=100)

    @field_validator("id_number")
    @classmethod
    def _id(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        try:
            return validate_id_number(v)
        except IdNumberError as exc:
            raise ValueError(str(exc)) from exc


class PersonnelUpdate(BaseModel):
    version: int = Field(ge=1)
    name: str | None = Field(default=None, min_length=2, max_length=60)
    phone: str | None = Field(default=None, pattern=r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")
    appointed_on: dt.date | None = None
    appointment_doc: str | None = Field(default=None, max_length=200)
    full_time: bool | None = None
    training: str | None = Field(default=None, max_length=2000)
    assessment_result: Literal["passed", "failed", "none"] | None = None
    assessment_score: int | None = Field(default=None, ge=0, le=100)
    ended_on: dt.date | None = Field(default=None, description="任职结束日期")
    end_reason: str | None = Field(default=None, max_length=500)


class PersonnelOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None = None
    role: str
    role_label: str
    name: str
    id_number: str | None = Field(description="默认脱敏")
    phone: str | None = Field(description="默认脱敏")
    masked: bool
    appointed_on: dt.date | None
    appointment_doc: str | None
    full_time: bool
    training: str | None
    assessment_result: str | None
    assessment_score: int | None
    ended_on: dt.date | None
    end_reason: str | None
    active: bool
    version: int
