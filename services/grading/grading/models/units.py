"""Each archived unit as grading sees it: its inputs (mirrored from registry events), its grade,
supervising level and org unit, escalation, supervision category; plus the risk events and
on-site visits that move them, and the grade history."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Index, Integer, Numeric, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class Unit(Base):
    __tablename__ = "unit"
    __table_args__ = (
        Index("ix_unit_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        Index("ix_unit_supervising", "supervising_org_code", "grade"),
        Index("ix_unit_category", "category", postgresql_where=text("category <> 'routine'")),
        Index("ix_unit_needs_completion", "org_path", postgresql_where=text("needs_completion AND active"),
              postgresql_ops={"org_path": "text_pattern_ops"}),
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
    # grade (附件4)
    computed_grade: Mapped[str | None] = mapped_column(String(1))
    grade_override: Mapped[str | None] = mapped_column(String(1))
    grade_override_reason: Mapped[str | None] = mapped_column(Text)
    grade: Mapped[str | None] = mapped_column(String(1))
    rule_set_code: Mapped[str | None] = mapped_column(String(80))
    basis: Mapped[str | None] = mapped_column(Text)
    missing: Mapped[str | None] = mapped_column(String(12))
    needs_completion: Mapped[bool] = mapped_column(Boolean, default=False)
    # beside the grade, labelled as what they are
    statistical_size: Mapped[str | None] = mapped_column(String(8))
    statistical_basis: Mapped[str | None] = mapped_column(Text)
    statistical_rule_set: Mapped[str | None] = mapped_column(String(80))
    large_or_medium: Mapped[bool | None] = mapped_column(Boolean)
    large_or_medium_rule_set: Mapped[str | None] = mapped_column(String(80))
    # supervising level and org unit, escalation
    base_level: Mapped[str | None] = mapped_column(String(12))
    level: Mapped[str | None] = mapped_column(String(12))
    supervising_org_code: Mapped[str | None] = mapped_column(String(20))
    supervising_org_path: Mapped[str | None] = mapped_column(Text)
    auto_escalation: Mapped[bool] = mapped_column(Boolean, default=False)
    escalation_override: Mapped[str | None] = mapped_column(String(8))  # up | listed | none
    escalation_reason: Mapped[str | None] = mapped_column(Text)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    listed: Mapped[bool] = mapped_column(Boolean, default=False)  # 挂牌督办
    # risk figures over the window (kept by the recompute and by risk events)
    major_risks: Mapped[int] = mapped_column(Integer, default=0)
    larger_risks: Mapped[int] = mapped_column(Integer, default=0)
    accident: Mapped[bool] = mapped_column(Boolean, default=False)
    # supervision category (分类监管)
    computed_category: Mapped[str] = mapped_column(String(8), default="routine")
    category_override: Mapped[str | None] = mapped_column(String(8))
    category_override_reason: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(8), default="routine")
    category_basis: Mapped[str | None] = mapped_column(Text)
    credit_risk_class: Mapped[str | None] = mapped_column(String(8))
    credit_source: Mapped[str | None] = mapped_column(String(12))
    credit_set_on: Mapped[dt.date | None] = mapped_column(Date)
    graded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class GradeHistory(Base):
    """Every change of grade, level, supervising unit or category, with its basis and reason."""

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
    inputs: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    basis: Mapped[str | None] = mapped_column(Text)
    category_basis: Mapped[str | None] = mapped_column(Text)
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
