"""Assessment points (考核加分/扣分) given by an upper bureau to a lower one, per period, with a
reason; entries are revoked, never edited or deleted."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import DateTime, Index, Integer, Numeric, String, Text, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class ScoreEntry(Base):
    __tablename__ = "score_entry"
    __table_args__ = (
        Index("ix_score_entry_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        Index("ix_score_entry_period", "period"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    org_code: Mapped[str] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)
    org_name: Mapped[str] = mapped_column(String(100))
    giver_code: Mapped[str] = mapped_column(String(20))
    giver_path: Mapped[str] = mapped_column(Text)
    period: Mapped[str] = mapped_column(String(10))  # 2026 | 2026-H1 | 2026-Q3
    points: Mapped[Decimal] = mapped_column(Numeric(6, 1))
    reason: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(12), default="manual")  # manual | audit | followup
    source_id: Mapped[str | None] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(120))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
