"""Supervision task checklists (监管任务清单, 附件5-1 producers / 附件5-2 sellers) as versioned data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import Base


class ChecklistTemplate(Base):
    __tablename__ = "checklist_template"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(8))  # 5-1 | 5-2
    kind: Mapped[str] = mapped_column(String(10))  # producer | seller
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    published_by: Mapped[str] = mapped_column(String(120))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ChecklistItem(Base):
    __tablename__ = "checklist_item"
    __table_args__ = (UniqueConstraint("template_id", "item_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id", ondelete="CASCADE"), index=True)
    item_no: Mapped[str] = mapped_column(String(8))  # 1.1 … ; the unit's own section is its section number
    section_no: Mapped[int] = mapped_column(Integer)
    section_title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    unit_section: Mapped[bool] = mapped_column(Boolean, default=False)  # 关键风险点和风险管控事项
    sort: Mapped[int] = mapped_column(Integer)
