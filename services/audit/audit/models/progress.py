"""The region's dispatch of the work (附件1 三): half-monthly progress reports from prefectures and
经开区, dispatch meetings with decisions, owners and due dates (the work ledger), and briefings
compiled from the reports."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class ProgressReport(Base):
    __tablename__ = "progress_report"
    __table_args__ = (
        UniqueConstraint("org_code", "period_code", name="uq_progress_report_org_period"),
        Index("ix_progress_report_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    org_code: Mapped[str] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)
    org_name: Mapped[str] = mapped_column(String(100))
    period_code: Mapped[str] = mapped_column(String(12))  # 2026-11-H1
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    progress: Mapped[str] = mapped_column(Text)  # 工作进展
    highlights: Mapped[str | None] = mapped_column(Text)  # 经验做法、亮点
    difficulties: Mapped[str | None] = mapped_column(Text)  # 困难问题
    next_plan: Mapped[str | None] = mapped_column(Text)  # 下一步计划
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft | submitted | returned
    return_comment: Mapped[str | None] = mapped_column(Text)
    on_time: Mapped[bool | None] = mapped_column(Boolean)  # of the first submission
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str | None] = mapped_column(String(120))


class Meeting(Base):
    __tablename__ = "dispatch_meeting"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    org_code: Mapped[str] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer)  # 第 N 次调度会 in the year
    year: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    chair: Mapped[str | None] = mapped_column(String(60))
    attendees: Mapped[str | None] = mapped_column(Text)
    period_code: Mapped[str | None] = mapped_column(String(12))  # the reports heard
    minutes: Mapped[str] = mapped_column(Text)  # 会议纪要
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Decision(Base):
    """An agreed item of a meeting (议定事项) with its owner and due date: a line of the ledger."""

    __tablename__ = "meeting_decision"
    __table_args__ = (Index("ix_meeting_decision_owner_path", "owner_path", postgresql_ops={"owner_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dispatch_meeting.id", ondelete="CASCADE"), index=True)
    sort: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    owner_code: Mapped[str] = mapped_column(String(20))
    owner_path: Mapped[str] = mapped_column(Text)
    owner_name: Mapped[str] = mapped_column(String(100))
    owner_person: Mapped[str | None] = mapped_column(String(60))
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | done
    done_note: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    done_by: Mapped[str | None] = mapped_column(String(120))


class Briefing(Base):
    __tablename__ = "work_briefing"
    __table_args__ = (UniqueConstraint("year", "issue_no", name="uq_work_briefing_issue"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    year: Mapped[int] = mapped_column(Integer)
    issue_no: Mapped[int] = mapped_column(Integer)  # 第 N 期
    title: Mapped[str] = mapped_column(String(200))
    period_code: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft | published
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
