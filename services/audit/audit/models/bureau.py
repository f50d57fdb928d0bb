"""Each bureau's own records that checklist items 1.1–1.2 read: publicity and training
activities (宣贯培训), its working group (工作专班) and liaison (联络员, 附件2); and the region's
leading group (领导小组, 附件1) with its duties."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, DateTime, Index, Integer, LargeBinary, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class Activity(Base):
    __tablename__ = "publicity_activity"
    __table_args__ = (Index("ix_publicity_activity_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    org_code: Mapped[str] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)
    org_name: Mapped[str] = mapped_column(String(100))
    held_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(12))  # training | publicity | meeting
    audience: Mapped[str] = mapped_column(String(16))  # enterprises | law_enforcement | both
    attendance: Mapped[int] = mapped_column(Integer)
    enterprises: Mapped[int | None] = mapped_column(Integer)  # 参加企业数
    place: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class WorkGroup(Base):
    """A bureau's 工作专班 (one current per bureau; changes are audited)."""

    __tablename__ = "work_group"

    org_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    org_path: Mapped[str] = mapped_column(Text)
    org_name: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    established_on: Mapped[dt.date] = mapped_column(Date)
    document_no: Mapped[str | None] = mapped_column(String(60))  # 成立文件文号
    members: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # [{name, title, duty}]
    duties: Mapped[str | None] = mapped_column(Text)
    meets: Mapped[str | None] = mapped_column(String(100))  # 运转机制，如“每周例会”
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Liaison(Base):
    """A bureau's 联络员 (附件2). Phones are personal information: encrypted and masked."""

    __tablename__ = "liaison"
    __table_args__ = (Index("ix_liaison_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    org_code: Mapped[str] = mapped_column(String(20), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    org_name: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[str] = mapped_column(String(100))
    phone_enc: Mapped[bytes] = mapped_column(LargeBinary)
    phone_masked: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    since: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)  # replaced; the row stays as history
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LeadingGroupMember(Base):
    __tablename__ = "leading_group_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sort: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[str] = mapped_column(String(100))
    group_role: Mapped[str] = mapped_column(String(12), default="member")  # leader | deputy | member
    org_code: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LeadingGroupDuty(Base):
    """附件1 二 (the 14 duties) and 三 (the 3 working rules), verbatim."""

    __tablename__ = "leading_group_duty"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))  # duty | rule
    no: Mapped[str] = mapped_column(String(8))  # (一) … (十四)
    text: Mapped[str] = mapped_column(Text)
