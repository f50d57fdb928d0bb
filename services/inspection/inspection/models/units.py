"""Units as the inspection service sees them (mirrored from registry and grading events) and
each unit's own key risk points (the checklist's last section)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class Unit(Base):
    __tablename__ = "unit_ref"  # a copy of the registry's unit (every service shares one MetaData in tests)
    __table_args__ = (Index("ix_unit_ref_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    unit_types: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    org_path: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="normal")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source_version: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(1))
    level: Mapped[str | None] = mapped_column(String(12))
    supervising_org_code: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(8), default="routine", server_default="routine")
    key_tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list, server_default="{}")
    high_risk_since: Mapped[dt.date | None] = mapped_column(Date)  # designated 很可能发生重大质量安全风险
    archived_on: Mapped[dt.date | None] = mapped_column(Date)  # routine filings are expected from this day
    first_seen: Mapped[dt.date] = mapped_column(Date, server_default=func.current_date())


class UnitRiskPoint(Base):
    """A key risk point and its control item, listed by the unit or set by the local regulator."""

    __tablename__ = "unit_risk_point"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(12))  # enterprise | regulator
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
