"""The enterprise's own routine (二(四) of the plan): its risk-control list (风险管控清单), the
daily check records, weekly investigation reports and monthly dispatch minutes it files
(日管控、周排查、月调度), the problems those records find and close, its duty documents and training
records; and the working-day calendar mirrored from the registry, over which filings are counted."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from inspection.models.files import StoredImage
from servicekit.db import Base


class RiskTemplate(Base):
    """A product category's template risk-control list, versioned; units start their list from it."""

    __tablename__ = "risk_template"
    __table_args__ = (UniqueConstraint("category", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    category: Mapped[str] = mapped_column(String(30))  # refined_oil | gas_appliance | … | general
    name: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # [{risk, measures, frequency}]
    basis: Mapped[str | None] = mapped_column(Text)
    published_by: Mapped[str] = mapped_column(String(120))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RiskControlList(Base):
    """One version of a unit's 风险管控清单. Editing makes a new version; records keep theirs."""

    __tablename__ = "risk_control_list"
    __table_args__ = (UniqueConstraint("enterprise_id", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    org_path: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    categories: Mapped[list[str]] = mapped_column(JSONB)
    # [{id, category, risk, measures, frequency: daily|weekly|monthly, owner}]
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoutineRecord(Base):
    """A daily record, weekly report or monthly minutes for one period of one unit.

    `revision` 1 is the first filing; a correction (or the answer to a return) is a new row with
    the next revision, and the one it replaces becomes `superseded` but stays. The id is made by
    the client, so an offline phone retrying its upload never files twice.
    """

    __tablename__ = "routine_record"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "kind", "period_start", "revision"),
        # At most one draft per period and one current filing.
        Index("uq_routine_record_draft", "enterprise_id", "kind", "period_start", unique=True,
              postgresql_where=text("status = 'draft'")),
        Index("uq_routine_record_current", "enterprise_id", "kind", "period_start", unique=True,
              postgresql_where=text("status IN ('submitted', 'returned')")),
        Index("ix_routine_record_period", "kind", "period_start"),
        Index("ix_routine_record_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    org_path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))  # daily | weekly | monthly
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | submitted | returned | superseded
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    list_version: Mapped[int | None] = mapped_column(Integer)  # the risk-control list a daily record used
    filled_by_name: Mapped[str | None] = mapped_column(String(60))
    filled_by_person: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    problem_count: Mapped[int] = mapped_column(Integer, default=0)
    supersedes: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic lock for drafts
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    first_submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))  # of revision 1
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    returned_by: Mapped[str | None] = mapped_column(String(120))
    return_comment: Mapped[str | None] = mapped_column(Text)


class RoutinePhoto(StoredImage, Base):
    __tablename__ = "routine_photo"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)  # client-made
    record_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    item_id: Mapped[str] = mapped_column(String(40))


class RoutineProblem(Base):
    """A problem a routine record found, and the later record that closed it (checklist item 2.4)."""

    __tablename__ = "routine_problem"
    __table_args__ = (Index("ix_routine_problem_unit", "enterprise_id", "found_on"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)  # client-made, stable across revisions
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    org_path: Mapped[str] = mapped_column(Text)
    found_in: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    found_kind: Mapped[str] = mapped_column(String(8))
    found_on: Mapped[dt.date] = mapped_column(Date)
    item_id: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_in: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)


class UnitDocument(Base):
    """《质量安全总监职责》、《质量安全员守则》 and other duty documents, uploaded by the unit; a new
    upload of the same kind replaces the old one, which is kept."""

    __tablename__ = "unit_document"
    __table_args__ = (Index("ix_unit_document_unit", "enterprise_id", "kind"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    org_path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # director_duties | officer_rules | system | other
    title: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    replaced_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class TrainingRecord(Base):
    __tablename__ = "training_record"
    __table_args__ = (Index("ix_training_record_unit", "enterprise_id", "held_on"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    org_path: Mapped[str] = mapped_column(Text)
    personnel_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    person_name: Mapped[str] = mapped_column(String(60))
    held_on: Mapped[dt.date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(200))
    organizer: Mapped[str] = mapped_column(String(120))
    hours: Mapped[float] = mapped_column(Numeric(5, 1))
    passed: Mapped[bool | None] = mapped_column(Boolean)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class WorkdayRef(Base):
    """The registry's working-day exceptions (seeded from chinesecalendar, then its edits by event)."""

    __tablename__ = "workday_ref"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str | None] = mapped_column(String(60))


class WorkyearRef(Base):
    __tablename__ = "workyear_ref"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
