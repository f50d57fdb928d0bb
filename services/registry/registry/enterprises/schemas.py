from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator

UnitType = Literal["production", "wholesale", "retail"]
Status = Literal["normal", "suspended", "deregistered", "revoked", "moved_out", "lost_contact", "other"]
Scope = Literal["licence", "ccc", "mandatory_standard"]


class ProductIn(BaseModel):
    category: str = Field(min_length=1, max_length=80, description="产品类别，如 燃气具")
    scope: Scope = Field(description="licence 生产许可 / ccc 强制性产品认证 / mandatory_standard 强制性国家标准产品")
    licence_no: str | None = Field(default=None, max_length=60)
    certificate_no: str | None = Field(default=None, max_length=60)
    standard_no: str | None = Field(default=None, max_length=60)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str | None = Field(default=None, max_length=500)

    @field_validator("licence_no")
    @classmethod
    def _strip(cls, v: str | None) -> str | None:
        return v.strip() or None if v else None


class ProductOut(ProductIn):
    id: uuid.UUID


class EnterpriseBase(BaseModel):
    name: str = Field(min_length=2, max_length=200, description="单位名称")
    unit_types: list[UnitType] = Field(min_length=1, max_length=3, description="单位类型：生产/批发/零售，可多选")
    is_individual: bool = Field(default=False, description="个体工商户")
    registered_address: str | None = Field(default=None, max_length=300)
    operating_address: str | None = Field(default=None, max_length=300)
    division_code: str = Field(pattern=r"^54\d{4}$", description="所在县（区）行政区划代码")
    station_code: str | None = Field(default=None, max_length=20, description="所属市场监管所编码")
    principal_name: str | None = Field(default=None, max_length=60, description="主要负责人")
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, pattern=r"^[0-9\-+ ]{7,20}$")
    employees: int | None = Field(default=None, ge=0, le=10_000_000, description="从业人员 X（人）")
    revenue_wan: Decimal | None = Field(default=None, ge=0, le=Decimal("100000000"), max_digits=14, decimal_places=2,
                                        description="营业收入 Y（万元）")
    size_year: int | None = Field(default=None, ge=1990, le=2100, description="X、Y 所属年度")
    key_tags: list[str] = Field(default_factory=list, max_length=20)
    registered_on: dt.date | None = Field(default=None, description="登记注册日期")

    @field_validator("unit_types")
    @classmethod
    def _unique_types(cls, v: list[str]) -> list[str]:
        return sorted(set(v), key=["production", "wholesale", "retail"].index)


class EnterpriseCreate(EnterpriseBase):
    credit_code: str = Field(min_length=1, max_length=30, description="统一社会信用代码")
    entry_reason: str = Field(min_length=2, max_length=500, description="首次录入原因")
    products: list[ProductIn] = Field(default_factory=list, max_length=50)
    pending: bool = Field(default=False, description="由登记信息生成、尚待建档（待建档）")


class EnterpriseUpdate(BaseModel):
    version: int = Field(ge=1, description="读取时的版本号（乐观并发控制）")
    name: str | None = Field(default=None, min_length=2, max_length=200)
    unit_types: list[UnitType] | None = Field(default=None, min_length=1, max_length=3)
    is_individual: bool | None = None
    registered_address: str | None = Field(default=None, max_length=300)
    operating_address: str | None = Field(default=None, max_length=300)
    division_code: str | None = Field(default=None, pattern=r"^54\d{4}$")
    station_code: str | None = Field(default=None, max_length=20)
    principal_name: str | None = Field(default=None, max_length=60)
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, pattern=r"^[0-9\-+ ]{7,20}$")
    employees: int | None = Field(default=None, ge=0, le=10_000_000)
    revenue_wan: Decimal | None = Field(default=None, ge=0, le=Decimal("100000000"), max_digits=14, decimal_places=2)
    size_year: int | None = Field(default=None, ge=1990, le=2100)
    key_tags: list[str] | None = Field(default=None, max_length=20)
    registered_on: dt.date | None = None
    status: Status | None = None
    status_note: str | None = Field(default=None, max_length=500)
    status_changed_on: dt.date | None = None
    complete_archive: bool = Field(default=False, description="待建档主体完成建档")


class EnterpriseSummary(BaseModel):
    id: uuid.UUID
    credit_code: str
    credit_code_check_ok: bool
    name: str
    unit_types: list[str]
    unit_type_labels: list[str]
    is_individual: bool
    division_code: str
    station_code: str | None
    place_name: str | None = Field(default=None, description="县（区） / 市场监管所 的简称")
    org_path: str
    status: str
    status_label: str
    key_tags: list[str]
    employees: int | None
    revenue_wan: Decimal | None
    grade: str | None
    archive_status: str
    archive_deadline: dt.date | None
    archive_overdue: bool
    director_required: bool
    director_missing: bool
    officer_missing: bool


class ResponsibleBrief(BaseModel):
    person_name: str
    org_unit_code: str
    effective_on: dt.date


class EnterpriseDetail(EnterpriseSummary):
    registered_address: str | None
    operating_address: str | None
    principal_name: str | None
    contact_name: str | None
    contact_phone: str | None = Field(description="已脱敏")
    size_year: int | None
    entry_reason: str
    registered_on: dt.date | None
    archived_on: dt.date | None
    archive_deadline_fallback: bool
    status_note: str | None
    status_changed_on: dt.date | None
    director_count: int
    officer_count: int
    version: int
    products: list[ProductOut]
    responsible_person: ResponsibleBrief | None
    warnings: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


class HistoryEntry(BaseModel):
    id: int
    occurred_at: dt.datetime
    actor: str
    action: str
    changed_fields: list[str]
    before: dict[str, object] | None
    after: dict[str, object] | None
    reason: str | None
