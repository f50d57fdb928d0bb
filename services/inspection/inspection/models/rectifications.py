"""Rectification notices (整改通知) raised from × items, and risk events found at units."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from inspection.models.files import StoredImage
from servicekit.db import Base


class Rectification(Base):
    __tablename__ = "rectification"
    __table_args__ = (
        Index("ix_rectification_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        Index("ix_rectification_due", "deadline", postgresql_where=text("status IN ('open', 'returned')")),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    inspection_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    item_no: Mapped[str] = mapped_column(String(8))
    item_text: Mapped[str] = mapped_column(Text)
    finding: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | answered | returned | closed
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(120))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    verify_comment: Mapped[str | None] = mapped_column(Text)
    verified_by: Mapped[str | None] = mapped_column(String(120))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RiskEvent(Base):
    __tablename__ = "risk_record"
    __table_args__ = (Index("ix_risk_record_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))  # general | larger | major
    source: Mapped[str] = mapped_column(String(12))  # inspection | sampling | complaint | accident | other
    found_on: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    recorded_by: Mapped[str] = mapped_column(String(120))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RectificationEvidence(StoredImage, Base):
    """A photo of what the unit did, attached to its answer (id made by the client)."""

    __tablename__ = "rectification_evidence"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    rectification_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
