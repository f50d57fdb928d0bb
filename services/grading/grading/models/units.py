"""Each archived unit as grading sees it: its inputs (mirrored from registry events), its grade,
supervising level and org unit, escalation, supervision category; plus the risk events and
on-site visits that move them, and the grade history.

Basis texts are not stored: they are a pure function of the rule set (immutable, by code) and the
inputs kept here, rendered by grading.units.texts when read (decision 0009)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from servicekit.db import Base

DERIVED = (
    "computed_grade", "grade", "rule_set_code", "missing", "needs_completion", "statistical_size",
    "statistical_rule_set", "large_or_medium", "large_or_medium_rule_set", "base_level", "level",
    "supervising_org_code", "auto_escalation", "escalated", "listed", "computed_category", "category",
)


class Unit(Base):
    """A unit's inputs (mirrored from the registry), the risk figures, and the manual decisions.

    What is computed from them lives in `unit_grade` (one row each): a regrade rewrites only that
    narrow row, which is what makes the full recompute of a million units fast. The computed
    values read through to it (`unit.grade` is `unit.result.grade`)."""

    __tablename__ = "unit"
    __table_args__ = (
        Index("ix_unit_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
    )

    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    # inputs, mirrored from the registry
    credit_code: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    unit_types: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    employees: Mapped[int | None] = mapped_column(Integer)
    revenue_wan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    org_path: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="normal")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source_version: Mapped[int | None] = mapped_column(Integer)
    responsible_name: Mapped[str | None] = mapped_column(String(60))
    responsible_since: Mapped[dt.date | None] = mapped_column(Date)
    responsible_recorded_late: Mapped[bool] = mapped_column(Boolean, default=False)
    # manual decisions, each with its reason
    grade_override: Mapped[str | None] = mapped_column(String(1))
    grade_override_reason: Mapped[str | None] = mapped_column(Text)
    escalation_override: Mapped[str | None] = mapped_column(String(8))  # up | listed | none
    escalation_reason: Mapped[str | None] = mapped_column(Text)
    category_override: Mapped[str | None] = mapped_column(String(8))
    category_override_reason: Mapped[str | None] = mapped_column(Text)
    credit_risk_class: Mapped[str | None] = mapped_column(String(8))
    credit_source: Mapped[str | None] = mapped_column(String(12))
    credit_set_on: Mapped[dt.date | None] = mapped_column(Date)
    # risk figures over the 2-year window (kept by the recompute and by risk events)
    major_risks: Mapped[int] = mapped_column(Integer, default=0)
    larger_risks: Mapped[int] = mapped_column(Integer, default=0)
    accident: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    # classes, not names: other services' models share the declarative registry in a test session
    result: Mapped[UnitGrade | None] = relationship(
        lambda: UnitGrade, lazy="selectin", uselist=False,
        primaryjoin=lambda: Unit.enterprise_id == foreign(UnitGrade.enterprise_id))

    def _get(self, name: str) -> Any:
        return getattr(self.result, name) if self.result is not None else None

    computed_grade = property(lambda self: self._get("computed_grade"))
    grade = property(lambda self: self._get("grade"))
    rule_set_code = property(lambda self: self._get("rule_set_code"))
    missing = property(lambda self: self._get("missing"))
    needs_completion = property(lambda self: bool(self._get("needs_completion")))
    statistical_size = property(lambda self: self._get("statistical_size"))
    statistical_rule_set = property(lambda self: self._get("statistical_rule_set"))
    large_or_medium = property(lambda self: self._get("large_or_medium"))
    large_or_medium_rule_set = property(lambda self: self._get("large_or_medium_rule_set"))
    base_level = property(lambda self: self._get("base_level"))
    level = property(lambda self: self._get("level"))
    supervising_org_code = property(lambda self: self._get("supervising_org_code"))
    auto_escalation = property(lambda self: bool(self._get("auto_escalation")))
    escalated = property(lambda self: bool(self._get("escalated")))
    listed = property(lambda self: bool(self._get("listed")))
    computed_category = property(lambda self: self._get("computed_category") or "routine")
    category = property(lambda self: self._get("category") or "routine")
    graded_at = property(lambda self: self._get("graded_at"))


class UnitGrade(Base):
    """What grading computed for a unit: grade, size class, level, supervising unit, escalation, category."""

    __tablename__ = "unit_grade"
    __table_args__ = (
        Index("ix_unit_grade_supervising", "supervising_org_code", "grade"),
        Index("ix_unit_grade_category", "category", postgresql_where=text("category <> 'routine'")),
        Index("ix_unit_grade_needs_completion", "enterprise_id", postgresql_where=text("needs_completion")),
    )

    # No foreign key to `unit`: a million-row regrade would pay a key lookup and a row lock on `unit`
    # per row for it, and units are never deleted (a closed unit stays, inactive).
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    computed_grade: Mapped[str | None] = mapped_column(String(1))
    grade: Mapped[str | None] = mapped_column(String(1))
    rule_set_code: Mapped[str] = mapped_column(String(80))
    missing: Mapped[str | None] = mapped_column(String(12))
    needs_completion: Mapped[bool] = mapped_column(Boolean)
    # beside the grade, labelled as what they are
    statistical_size: Mapped[str | None] = mapped_column(String(8))
    statistical_rule_set: Mapped[str] = mapped_column(String(80))
    large_or_medium: Mapped[bool] = mapped_column(Boolean)
    large_or_medium_rule_set: Mapped[str] = mapped_column(String(80))
    # level and supervising org unit, escalation / 挂牌督办
    base_level: Mapped[str | None] = mapped_column(String(12))
    level: Mapped[str | None] = mapped_column(String(12))
    supervising_org_code: Mapped[str] = mapped_column(String(20))
    auto_escalation: Mapped[bool] = mapped_column(Boolean)
    escalated: Mapped[bool] = mapped_column(Boolean)
    listed: Mapped[bool] = mapped_column(Boolean)
    # supervision category (分类监管)
    computed_category: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(8))
    graded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class GradeHistory(Base):
    """Every change of grade, level, supervising unit or category, with its rule set, inputs and reason.

    The basis texts are rendered from the (immutable) rule set and the inputs when read."""

    __tablename__ = "grade_history"
    __table_args__ = (Index("ix_grade_history_unit", "enterprise_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    source: Mapped[str] = mapped_column(String(16))  # event | recompute | override | escalation | category | credit
    grade_before: Mapped[str | None] = mapped_column(String(1))
    grade_after: Mapped[str | None] = mapped_column(String(1))
    level_before: Mapped[str | None] = mapped_column(String(12))
    level_after: Mapped[str | None] = mapped_column(String(12))
    supervising_before: Mapped[str | None] = mapped_column(String(20))
    supervising_after: Mapped[str | None] = mapped_column(String(20))
    category_before: Mapped[str | None] = mapped_column(String(8))
    category_after: Mapped[str | None] = mapped_column(String(8))
    listed_after: Mapped[bool] = mapped_column(Boolean, default=False)
    rule_set_code: Mapped[str | None] = mapped_column(String(80))
    # the inputs this grading was made from (enough to render its basis texts again)
    unit_types: Mapped[list[str] | None] = mapped_column(ARRAY(String(16)))
    employees: Mapped[int | None] = mapped_column(Integer)
    revenue_wan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    major_risks: Mapped[int | None] = mapped_column(SmallInteger)
    larger_risks: Mapped[int | None] = mapped_column(SmallInteger)
    accident: Mapped[bool | None] = mapped_column(Boolean)
    credit_risk_class: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(120))


class RiskEvent(Base):
    """A quality-safety risk found at a unit (from the inspection service's events)."""

    __tablename__ = "risk_event"
    __table_args__ = (Index("ix_risk_event_unit", "enterprise_id", "found_on"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    severity: Mapped[str] = mapped_column(String(8))  # general | larger | major
    source: Mapped[str] = mapped_column(String(12))  # inspection | sampling | complaint | accident | other
    found_on: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    org_path: Mapped[str | None] = mapped_column(Text)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Visit(Base):
    """An on-site inspection done at a unit (from the inspection service's events)."""

    __tablename__ = "visit"
    __table_args__ = (Index("ix_visit_unit", "enterprise_id", "visited_on"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    visited_on: Mapped[dt.date] = mapped_column(Date)
    inspector: Mapped[str | None] = mapped_column(String(120))
    summary: Mapped[str | None] = mapped_column(Text)


class HighRisk(Base):
    """A unit designated 很可能发生重大质量安全风险 by the level that supervises it."""

    __tablename__ = "high_risk"
    __table_args__ = (
        Index("uq_high_risk_active", "enterprise_id", unique=True, postgresql_where=text("ended_on IS NULL")),
        Index("ix_high_risk_org", "designating_org_path", postgresql_ops={"designating_org_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    designating_org_code: Mapped[str] = mapped_column(String(20))
    designating_org_path: Mapped[str] = mapped_column(Text)
    designated_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    designated_by: Mapped[str | None] = mapped_column(String(120))
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RecomputeRun(Base):
    __tablename__ = "recompute_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[dt.date] = mapped_column(Date)
    units: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    triggered_by: Mapped[str] = mapped_column(String(120))
