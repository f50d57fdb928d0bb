"""Inspection tasks and filled checklists (one inspection = one filled 监管任务清单)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from inspection.models.files import StoredImage
from servicekit.db import Base


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (Index("ix_task_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
                      Index("ix_task_assignee", "assignee_subject", "status"),
                      Index("uq_task_plan", "enterprise_id", "plan_key", unique=True,
                            postgresql_where=text("plan_key IS NOT NULL")))

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))  # planned | random | adhoc
    reason: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date)
    assignee_subject: Mapped[str | None] = mapped_column(String(64))
    assignee_name: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | submitted | cancelled
    plan_key: Mapped[str | None] = mapped_column(String(40))  # e.g. 2026H1:high_risk — one planned task each
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Inspection(Base):
    __tablename__ = "inspection"
    __table_args__ = (Index("ix_inspection_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)  # made by the client
    task_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("task.id"))
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id"))
    # header of the form
    level_grade: Mapped[str | None] = mapped_column(String(40))  # ____级对应____级主体
    responsible_department: Mapped[str | None] = mapped_column(String(100))
    contact: Mapped[str | None] = mapped_column(String(100))
    filled_by: Mapped[str] = mapped_column(String(120))
    inspected_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | submitted
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class InspectionItem(Base):
    __tablename__ = "inspection_item"

    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), primary_key=True)
    item_no: Mapped[str] = mapped_column(String(8), primary_key=True)
    section_no: Mapped[int] = mapped_column(Integer)
    section_title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    sort: Mapped[int] = mapped_column(Integer)
    result: Mapped[str | None] = mapped_column(String(4))  # yes | no | na
    remark: Mapped[str | None] = mapped_column(Text)


class InspectionPhoto(StoredImage, Base):
    """A photo taken for an item, with the id the phone made (so a retried upload is the same photo)."""

    __tablename__ = "inspection_photo"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    item_no: Mapped[str] = mapped_column(String(8))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)


class RandomDraw(Base):
    """A 双随机 draw: random units from a filtered pool and random inspectors, from a recorded seed."""

    __tablename__ = "random_draw"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    org_code: Mapped[str] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)
    seed: Mapped[int] = mapped_column(BigInteger)
    filters: Mapped[dict[str, Any]] = mapped_column(JSONB)
    pool_units: Mapped[int] = mapped_column(Integer)
    pool_inspectors: Mapped[int] = mapped_column(Integer)
    pool_hash: Mapped[str] = mapped_column(String(64))
    unit_ids: Mapped[list[str]] = mapped_column(JSONB)
    inspector_ids: Mapped[list[str]] = mapped_column(JSONB)
    inspector_names: Mapped[list[str] | None] = mapped_column(JSONB)  # as the gateway named them at the draw
    due_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
