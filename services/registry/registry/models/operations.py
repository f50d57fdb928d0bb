"""Survey imports and prefecture filings (报备)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, Index, Integer, LargeBinary, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base, IdMixin


class ImportJob(IdMixin, Base):
    """One uploaded survey file; the file itself is kept so a restart can resume the job."""

    __tablename__ = "import_job"
    __table_args__ = (Index("ix_import_job_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),)

    org_path: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_by_name: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    dry_run: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    warning_count: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(60))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Filing(IdMixin, Base):
    """A prefecture's filing of its archive and roster with the region, with a snapshot."""

    __tablename__ = "filing"

    prefecture_code: Mapped[str] = mapped_column(String(20), index=True)
    org_path: Mapped[str] = mapped_column(Text)
    period: Mapped[str] = mapped_column(String(20))
    submitted_by: Mapped[str] = mapped_column(String(120))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    enterprise_count: Mapped[int] = mapped_column(Integer)
    director_count: Mapped[int] = mapped_column(Integer)
    officer_count: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
