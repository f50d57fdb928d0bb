"""Enterprises (主体质量安全档案) and their product lines."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base, IdMixin, TimestampMixin

UNIT_TYPES = ("production", "wholesale", "retail")
STATUSES = ("normal", "suspended", "deregistered", "revoked", "moved_out", "lost_contact", "other")
CLOSED_STATUSES = ("deregistered", "revoked", "moved_out")
PRODUCT_SCOPES = ("licence", "ccc", "mandatory_standard")


class Enterprise(IdMixin, TimestampMixin, Base):
    __tablename__ = "enterprise"
    __table_args__ = (
        Index("ix_enterprise_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        Index("ix_enterprise_search", "search_vector", postgresql_using="gin"),
        Index("ix_enterprise_credit_code_prefix", "credit_code", postgresql_ops={"credit_code": "text_pattern_ops"}),
        Index("ix_enterprise_division_status", "division_code", "status"),
        Index("ix_enterprise_key_tags", "key_tags", postgresql_using="gin"),
        Index("ix_enterprise_archive_due", "archive_deadline", postgresql_where=text("archive_status = 'pending'")),
        Index("ix_enterprise_created_at", "created_at", "id"),
    )

    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    credit_code_check_ok: Mapped[bool] = mapped_column(Boolean, default=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_types: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    is_individual: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_address: Mapped[str | None] = mapped_column(String(300))
    operating_address: Mapped[str | None] = mapped_column(String(300))
    division_code: Mapped[str] = mapped_column(String(6))
    station_code: Mapped[str | None] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)

    principal_name: Mapped[str | None] = mapped_column(String(60))
    contact_name: Mapped[str | None] = mapped_column(String(60))
    contact_phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    contact_phone_masked: Mapped[str | None] = mapped_column(String(20))

    employees: Mapped[int | None] = mapped_column(Integer)
    revenue_wan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    size_year: Mapped[int | None] = mapped_column(Integer)
    key_tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)

    entry_reason: Mapped[str] = mapped_column(Text)
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    archive_status: Mapped[str] = mapped_column(String(16), default="archived")
    archived_on: Mapped[dt.date | None] = mapped_column(Date)
    archive_deadline: Mapped[dt.date | None] = mapped_column(Date)
    archive_deadline_fallback: Mapped[bool] = mapped_column(Boolean, default=False)

    status: Mapped[str] = mapped_column(String(20), default="normal")
    status_note: Mapped[str | None] = mapped_column(Text)
    status_changed_on: Mapped[dt.date | None] = mapped_column(Date)

    grade: Mapped[str | None] = mapped_column(String(1))  # mirrored from the grading service
    director_required: Mapped[bool] = mapped_column(Boolean, default=False)
    director_count: Mapped[int] = mapped_column(Integer, default=0)
    officer_count: Mapped[int] = mapped_column(Integer, default=0)

    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str | None] = mapped_column(String(120))
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR, Computed("qsrp_search_vector(name, credit_code, org_path)", persisted=True)
    )

    __mapper_args__ = {"version_id_col": version}


class EnterpriseProduct(IdMixin, Base):
    """One product line and the scope that brings it under the rules."""

    __tablename__ = "enterprise_product"

    enterprise_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(80))
    scope: Mapped[str] = mapped_column(String(24))
    licence_no: Mapped[str | None] = mapped_column(String(60))
    certificate_no: Mapped[str | None] = mapped_column(String(60))
    standard_no: Mapped[str | None] = mapped_column(String(60))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CategoryTag(Base):
    """Key-category tags (重点品类), an editable list; the first batch is seeded."""

    __tablename__ = "category_tag"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    first_batch: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class EnterpriseCount(Base):
    """Units per org path, kept by statement-level triggers: exact list totals without a scan."""

    __tablename__ = "enterprise_count"

    org_path: Mapped[str] = mapped_column(Text, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
