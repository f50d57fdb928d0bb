"""Request and response bodies of /v1/units."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from grading.labels import (
    CATEGORY_LABELS,
    CREDIT_LABELS,
    ESCALATION_LABELS,
    LEVEL_LABELS,
    SIZE_LABELS,
    UNIT_TYPE_LABELS,
)
from grading.models import Unit
from grading.units.evaluate import Texts, supervising_unit

Grade = Literal["A", "B", "C", "D"]
Category = Literal["routine", "key", "special"]
CreditClass = Literal["low", "ordinary", "higher", "high"]
Reason = Field(min_length=2, max_length=500, description="理由（必填，记入历史）")


class UnitSummary(BaseModel):
    enterprise_id: uuid.UUID
    name: str
    credit_code: str
    unit_types: list[str]
    unit_type_labels: list[str]
    org_path: str
    active: bool
    grade: Grade | None
    computed_grade: Grade | None
    grade_overridden: bool
    level: str | None
    level_label: str | None
    supervising_org_code: str | None
    supervising_org_name: str | None = Field(default=None, description="直接监管单位名称")
    escalated: bool
    listed: bool
    category: Category
    category_label: str
    needs_completion: bool
    missing: str | None
    credit_risk_class: CreditClass | None
    employees: int | None
    revenue_wan: Decimal | None

    @classmethod
    def of(cls, u: Unit, names: dict[str, str] | None = None) -> UnitSummary:
        return cls(
            supervising_org_name=(names or {}).get(u.supervising_org_code or ""),
            enterprise_id=u.enterprise_id, name=u.name, credit_code=u.credit_code, unit_types=list(u.unit_types),
            unit_type_labels=[UNIT_TYPE_LABELS[t] for t in u.unit_types if t in UNIT_TYPE_LABELS],
            org_path=u.org_path, active=u.active, grade=u.grade, computed_grade=u.computed_grade,  # type: ignore[arg-type]
            grade_overridden=u.grade_override is not None, level=u.level,
            level_label=LEVEL_LABELS.get(u.level or ""), supervising_org_code=u.supervising_org_code,
            escalated=u.escalated, listed=u.listed, category=u.category,  # type: ignore[arg-type]
            category_label=CATEGORY_LABELS[u.category], needs_completion=u.needs_completion, missing=u.missing,
            credit_risk_class=u.credit_risk_class, employees=u.employees, revenue_wan=u.revenue_wan,  # type: ignore[arg-type]
        )


class UnitDetail(UnitSummary):
    rule_set_code: str | None
    basis: str | None
    statistical_size: str | None
    statistical_size_label: str | None
    statistical_basis: str | None
    statistical_rule_set: str | None
    large_or_medium: bool | None
    large_or_medium_rule_set: str | None
    base_level: str | None
    supervising_org_path: str | None
    grade_override: Grade | None
    grade_override_reason: str | None
    auto_escalation: bool
    escalation_override: str | None
    escalation_label: str | None
    escalation_reason: str | None
    computed_category: Category
    category_override: Category | None
    category_override_reason: str | None
    category_basis: str | None
    major_risks: int
    larger_risks: int
    accident: bool
    credit_risk_label: str | None
    credit_source: str | None
    credit_set_on: dt.date | None
    responsible_name: str | None
    responsible_since: dt.date | None
    high_risk: bool
    graded_at: dt.datetime | None

    @classmethod
    def full(cls, u: Unit, *, names: dict[str, str], high_risk: bool, texts: Texts) -> UnitDetail:
        base = UnitSummary.of(u, names).model_dump()
        return cls(
            **base, rule_set_code=u.rule_set_code, basis=texts.basis, statistical_size=u.statistical_size,
            statistical_size_label=SIZE_LABELS.get(u.statistical_size or ""), statistical_basis=texts.statistical_basis,
            statistical_rule_set=u.statistical_rule_set, large_or_medium=u.large_or_medium,
            large_or_medium_rule_set=u.large_or_medium_rule_set, base_level=u.base_level,
            supervising_org_path=supervising_unit(u.org_path, u.level)[1],
            grade_override=u.grade_override, grade_override_reason=u.grade_override_reason,  # type: ignore[arg-type]
            auto_escalation=u.auto_escalation, escalation_override=u.escalation_override,
            escalation_label=ESCALATION_LABELS.get(u.escalation_override or ("up" if u.escalated else "")),
            escalation_reason=texts.escalation_reason, computed_category=u.computed_category,  # type: ignore[arg-type]
            category_override=u.category_override, category_override_reason=u.category_override_reason,  # type: ignore[arg-type]
            category_basis=texts.category_basis, major_risks=u.major_risks, larger_risks=u.larger_risks,
            accident=u.accident, credit_risk_label=CREDIT_LABELS.get(u.credit_risk_class or ""),
            credit_source=u.credit_source, credit_set_on=u.credit_set_on, responsible_name=u.responsible_name,
            responsible_since=u.responsible_since, high_risk=high_risk, graded_at=u.graded_at,
        )


class HistoryOut(BaseModel):
    occurred_at: dt.datetime
    source: str
    grade_before: str | None
    grade_after: str | None
    level_before: str | None
    level_after: str | None
    supervising_before: str | None
    supervising_after: str | None
    category_before: str | None
    category_after: str | None
    listed_after: bool
    rule_set_code: str | None
    inputs: dict[str, object] | None = None
    basis: str | None = None
    category_basis: str | None = None
    reason: str | None
    actor: str | None


class GradeOverrideIn(BaseModel):
    grade: Grade | None = Field(description="人工认定的等级；null 为取消人工认定，恢复按规则分级")
    reason: str = Reason


class EscalationIn(BaseModel):
    mode: Literal["up", "listed", "none"] | None = Field(
        description="up 升级由上一级监管；listed 挂牌督办；none 不升级（降级，须说明理由）；null 恢复按风险自动判定")
    reason: str = Reason


class CategoryIn(BaseModel):
    category: Category | None = Field(description="人工调整的监管类别；null 为恢复按规则判定")
    reason: str = Reason


class CreditIn(BaseModel):
    credit_risk_class: CreditClass | None = Field(description="信用风险分类：low 低、ordinary 一般、higher 较高、high 高")
    reason: str = Reason


class Distribution(BaseModel):
    org_code: str
    org_name: str | None
    total: int
    by_grade: dict[str, int]
    by_level: dict[str, int]
    by_category: dict[str, int]
    needs_completion: int
    escalated: int
    listed: int
    high_risk: int
    supervised_directly: dict[str, int] = Field(description="本单位直接监管的主体，按等级")


class CreditImportResult(BaseModel):
    rows: int
    applied: int
    unchanged: int
