"""Follow-up actions on an audited bureau (督办): 敦促提醒函, 整改通知书, 约谈, 通报 — numbered
documents sent to a lower bureau, answered by it and closed by the issuer; and the per-issuer
yearly number sequence (藏市监督〔2026〕N号)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class DocumentCounter(Base):
    __tablename__ = "document_counter"

    issuer_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer, default=0)


class DocumentPrefix(Base):
    """The 发文字号 prefix of an issuing bureau (藏市监督); defaults apply when absent."""

    __tablename__ = "document_prefix"

    issuer_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(20))
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FollowUp(Base):
    __tablename__ = "followup_action"
    __table_args__ = (
        Index("ix_followup_target_path", "target_path", postgresql_ops={"target_path": "text_pattern_ops"}),
        Index("ix_followup_issuer_path", "issuer_path", postgresql_ops={"issuer_path": "text_pattern_ops"}),
        UniqueConstraint("issuer_code", "number", name="uq_followup_issuer_number"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(24))  # reminder_letter | rectification_notice | interview | circular
    number: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    audit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bureau_audit.id"))
    issuer_code: Mapped[str] = mapped_column(String(20))
    issuer_path: Mapped[str] = mapped_column(Text)
    issuer_name: Mapped[str] = mapped_column(String(100))
    target_code: Mapped[str] = mapped_column(String(20))
    target_path: Mapped[str] = mapped_column(Text)
    target_name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    findings: Mapped[str] = mapped_column(Text)  # 发现的问题 / 约谈事由 / 通报事项
    requirements: Mapped[str] = mapped_column(Text)  # 整改要求 / 约谈要求
    interview: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # {held_at, place, interviewers, interviewees, record}
    issued_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # 书面反馈期限
    status: Mapped[str] = mapped_column(String(12), default="issued")  # issued | answered | closed
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by: Mapped[str | None] = mapped_column(String(120))
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)  # answers returned, reopenings
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(120))
    closing_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
