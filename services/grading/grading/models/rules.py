"""Rule sets as data: a new rule set (e.g. a revised 附件4) is added without code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class RuleSet(Base):
    __tablename__ = "rule_set"
    __table_args__ = (UniqueConstraint("code", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(80))  # e.g. 藏市监〔2023〕73号附件4
    kind: Mapped[str] = mapped_column(String(24))  # grade | statistical_size | large_or_medium
    title: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RuleBound(Base):
    """Lower bounds of one tier for one unit type; rank 1 is the top tier (A / 大型)."""

    __tablename__ = "rule_bound"

    rule_set_id: Mapped[int] = mapped_column(ForeignKey("rule_set.id", ondelete="CASCADE"), primary_key=True)
    unit_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    x_min: Mapped[int] = mapped_column(Integer)
    y_min: Mapped[Decimal] = mapped_column(Numeric(14, 2))
