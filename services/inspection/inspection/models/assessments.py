"""Random assessment (监督抽查考核) of quality-safety directors (质量安全总监) and officers (质量安全员):
a question bank, a seeded draw of people within a jurisdiction, exams taken on a phone or
recorded from paper, scores, publication."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class PersonRef(Base):
    """A director or officer as the registry published them (personnel.changed events)."""

    __tablename__ = "person_ref"
    __table_args__ = (Index("ix_person_ref_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    personnel_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))  # director | officer
    name: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Question(Base):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    category: Mapped[str] = mapped_column(String(10))  # law | standard | product
    product_tag: Mapped[str | None] = mapped_column(String(40))  # for product questions: a key-category tag
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(JSONB)
    answer: Mapped[int] = mapped_column(Integer)  # index into options
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(120))


class Assessment(Base):
    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    org_code: Mapped[str] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[dt.date] = mapped_column(Date)
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    questions_each: Mapped[int] = mapped_column(Integer)
    pass_score: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigInteger)
    pool_size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | published
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AssessmentPerson(Base):
    __tablename__ = "assessment_person"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    personnel_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(16))
    question_ids: Mapped[list[int]] = mapped_column(JSONB)
    answers: Mapped[list[int] | None] = mapped_column(JSONB)
    mode: Mapped[str | None] = mapped_column(String(8))  # online | paper
    score: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str | None] = mapped_column(String(120))

