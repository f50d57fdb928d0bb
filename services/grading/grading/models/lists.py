"""Yearly lists of key (重点) and special (特别) supervision units, frozen with their reasons."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class CategoryList(Base):
    __tablename__ = "category_list"
    __table_args__ = (UniqueConstraint("year", "org_code"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    year: Mapped[int] = mapped_column(Integer)
    org_code: Mapped[str] = mapped_column(String(20))
    org_path: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date)
    frozen_by: Mapped[str] = mapped_column(String(120))
    frozen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    note: Mapped[str | None] = mapped_column(Text)


class CategoryListEntry(Base):
    __tablename__ = "category_list_entry"
    __table_args__ = (Index("ix_category_list_entry_list", "list_id", "category", "grp"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("category_list.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(8))  # key | special
    grp: Mapped[str] = mapped_column(String(8))  # producer | seller
    enterprise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18))
    org_path: Mapped[str] = mapped_column(Text)
    grade: Mapped[str | None] = mapped_column(String(1))
    supervising_org_code: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
