"""Audits of lower bureaus (督查, 附件6): the checklist as versioned reference data, one audit per
upper → lower pair and period, its items (是否落实 + 亮点成效, the figures pre-filled from the
other services and the auditor's confirmation or correction) and evidence files."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class AuditChecklist(Base):
    """One published version of the 督查清单; items are [{code, section_no, section, task}]."""

    __tablename__ = "audit_checklist"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(Text)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_by: Mapped[str] = mapped_column(String(120))


class Audit(Base):
    __tablename__ = "bureau_audit"
    __table_args__ = (
        Index("ix_bureau_audit_target_path", "target_path", postgresql_ops={"target_path": "text_pattern_ops"}),
        Index("ix_bureau_audit_auditor_path", "auditor_path", postgresql_ops={"auditor_path": "text_pattern_ops"}),
        Index("ix_bureau_audit_updated", "updated_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # 督查编号 e.g. DC-540000-2026-0003
    checklist_version: Mapped[int] = mapped_column(ForeignKey("audit_checklist.version"))
    auditor_code: Mapped[str] = mapped_column(String(20))
    auditor_path: Mapped[str] = mapped_column(Text)
    auditor_name: Mapped[str] = mapped_column(String(100))
    target_code: Mapped[str] = mapped_column(String(20))
    target_path: Mapped[str] = mapped_column(Text)
    target_name: Mapped[str] = mapped_column(String(100))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    audited_on: Mapped[dt.date] = mapped_column(Date)  # 督查日期 (实地或书面)
    auditors: Mapped[str] = mapped_column(String(300))  # 督查人员
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft | submitted
    conclusion: Mapped[str | None] = mapped_column(Text)
    prefill_state: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)  # service → ok | unavailable: reason
    prefilled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str | None] = mapped_column(String(120))


class AuditItem(Base):
    __tablename__ = "bureau_audit_item"

    audit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bureau_audit.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # 1.1 … 7.3
    sort: Mapped[int] = mapped_column(Integer)
    section_no: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(100))
    task: Mapped[str] = mapped_column(Text)
    figures: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)  # [{label, value, unit, source}]
    suggested: Mapped[bool | None] = mapped_column(Boolean)  # what the data says, None: data cannot tell
    basis: Mapped[str | None] = mapped_column(Text)  # why the suggestion
    implemented: Mapped[bool | None] = mapped_column(Boolean)  # 是否落实 as the auditor records it
    highlights: Mapped[str | None] = mapped_column(Text)  # 亮点成效
    correction_reason: Mapped[str | None] = mapped_column(Text)  # required when implemented ≠ suggested
    updated_by: Mapped[str | None] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditFile(Base):
    """An evidence or material file (督查佐证、培训材料、约谈记录附件、整改反馈材料)."""

    __tablename__ = "audit_file"
    __table_args__ = (
        Index("ix_audit_file_owner", "owner_kind", "owner_id"),
        UniqueConstraint("owner_kind", "owner_id", "sha256", name="uq_audit_file_same_content"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    owner_kind: Mapped[str] = mapped_column(String(20))  # audit | activity | followup | meeting
    owner_id: Mapped[str] = mapped_column(String(80))
    item_code: Mapped[str | None] = mapped_column(String(8))
    org_path: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
