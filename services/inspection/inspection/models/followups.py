"""What follows an inspection besides rectification: recalls of defective products (召回),
technical assistance visits (质量技术帮扶), and violations referred for enforcement (移送查处)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, DateTime, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class Recall(Base):
    __tablename__ = "recall"
    __table_args__ = (Index("ix_recall_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    product: Mapped[str] = mapped_column(String(200))
    defect: Mapped[str] = mapped_column(Text)
    order_no: Mapped[str | None] = mapped_column(String(60))  # 责令召回通知书文号
    ordered_on: Mapped[dt.date] = mapped_column(Date)
    quantity: Mapped[int | None] = mapped_column(Integer)
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # 召回完成期限
    status: Mapped[str] = mapped_column(String(12), default="ordered")  # ordered | in_progress | closed
    progress: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    recovered: Mapped[int | None] = mapped_column(Integer)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closing_note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Assistance(Base):
    __tablename__ = "assistance"
    __table_args__ = (Index("ix_assistance_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    visited_on: Mapped[dt.date] = mapped_column(Date)
    problems: Mapped[str] = mapped_column(Text)
    measures: Mapped[list[str]] = mapped_column(JSONB)
    experts: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Referral(Base):
    __tablename__ = "referral"
    __table_args__ = (Index("ix_referral_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    violation: Mapped[str] = mapped_column(Text)
    referred_to: Mapped[str] = mapped_column(String(100))
    referred_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="referred")  # referred | filed | concluded
    case_no: Mapped[str | None] = mapped_column(String(60))
    outcome: Mapped[str | None] = mapped_column(Text)
    concluded_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
