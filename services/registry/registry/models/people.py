"""The personnel roster (名录库) and responsible regulator persons (监管责任人)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base, IdMixin, TimestampMixin

PERSON_ROLES = ("director", "officer")


class Personnel(IdMixin, TimestampMixin, Base):
    """A 质量安全总监 (director) or 质量安全员 (officer). ID number and phone only encrypted."""

    __tablename__ = "personnel"
    __table_args__ = (
        Index("ix_personnel_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        Index("ix_personnel_id_hash", "id_number_hash"),
    )

    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("enterprise.id"), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(60))
    id_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_number_hash: Mapped[str | None] = mapped_column(String(64))
    id_number_masked: Mapped[str | None] = mapped_column(String(24))
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    appointed_on: Mapped[dt.date | None] = mapped_column(Date)
    appointment_doc: Mapped[str | None] = mapped_column(String(200))
    full_time: Mapped[bool] = mapped_column(Boolean, default=True)
    training: Mapped[str | None] = mapped_column(Text)
    assessment_result: Mapped[str | None] = mapped_column(String(16))  # passed / failed / none
    assessment_score: Mapped[int | None] = mapped_column(Integer)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ResponsiblePerson(IdMixin, TimestampMixin, Base):
    """The regulator person answerable for a unit; rows are history, one is current."""

    __tablename__ = "responsible_person"
    __table_args__ = (
        Index("ix_responsible_person_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
    )

    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("enterprise.id"), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    person_name: Mapped[str] = mapped_column(String(60))
    person_user_id: Mapped[str | None] = mapped_column(String(40))
    org_unit_code: Mapped[str] = mapped_column(String(20))
    effective_on: Mapped[dt.date] = mapped_column(Date)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    recorded_late: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
