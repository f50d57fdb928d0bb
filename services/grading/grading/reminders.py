"""The grading service's reminders (F9): high-risk units (很可能发生重大质量安全风险) not yet visited on
site this half-year, from 30 days before the half-year ends, and those whose last half-year passed
without a visit (overdue) — the same statuses as `/v1/high-risk`. Owned by the designating bureau.

A visit (inspection's `inspection.completed`), a designation and its end change them at once
(`refresh_high_risk`, `reminders.resolve`); the daily job does the rest.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from grading.highrisk.halves import half_label, half_year
from grading.models import HighRisk, Unit, Visit
from servicekit import reminders
from servicekit.reminders import ReminderItem

KIND = "high_risk_visit_due"
LABELS = {KIND: "高风险主体半年度现场检查"}
DUE_WINDOW_DAYS = 30  # as the high-risk page's "urgent"


def _visited(start: dt.date, end: dt.date) -> Any:
    return exists().where(Visit.enterprise_id == HighRisk.enterprise_id, Visit.visited_on >= start,
                          Visit.visited_on <= end)


async def high_risk_items(session: AsyncSession, today: dt.date,
                          enterprise_id: uuid.UUID | None = None) -> list[ReminderItem]:
    """Active designations of open units not visited this half-year that are due within 30 days or
    missed the last half-year (one statement; one unit's with `enterprise_id`)."""
    cur_start, cur_end = half_year(today)
    prev_end = cur_start - dt.timedelta(days=1)
    prev_start, _ = half_year(prev_end)
    missed_last = and_(HighRisk.designated_on <= prev_end, ~_visited(prev_start, prev_end))
    stmt = (select(HighRisk.id, HighRisk.designating_org_path, Unit.name, missed_last.label("missed_last"))
            .join(Unit, Unit.enterprise_id == HighRisk.enterprise_id)
            .where(HighRisk.ended_on.is_(None), Unit.active.is_(True), ~_visited(cur_start, today)))
    if (cur_end - today).days > DUE_WINDOW_DAYS:
        stmt = stmt.where(missed_last)
    if enterprise_id is not None:
        stmt = stmt.where(HighRisk.enterprise_id == enterprise_id)
    out = []
    for r in (await session.execute(stmt)).all():
        if r.missed_last:
            title = (f"{r.name}（高风险）半年内须现场检查至少1次，截止 {prev_end}"
                     f"（{half_label(prev_start)}未检查，已超期，请尽快检查）")
            out.append(ReminderItem(kind=KIND, ref_id=str(r.id), owner_path=r.designating_org_path, title=title,
                                    link="/grading/high-risk?status=overdue", due_on=prev_end, overdue=True))
        else:
            out.append(ReminderItem(kind=KIND, ref_id=str(r.id), owner_path=r.designating_org_path,
                                    title=f"{r.name}（高风险）半年内须现场检查至少1次，截止 {cur_end}",
                                    link="/grading/high-risk?status=due", due_on=cur_end))
    return out


async def compute(session: AsyncSession, today: dt.date) -> dict[str, list[ReminderItem]]:
    return {KIND: await high_risk_items(session, today)}


async def refresh_high_risk(session: AsyncSession, today: dt.date, enterprise_id: uuid.UUID) -> None:
    """One unit's reminder now (after a visit or a designation): gone, opened, or changed at once."""
    ids = [str(i) for i in (await session.scalars(select(HighRisk.id).where(
        HighRisk.enterprise_id == enterprise_id)))]
    if ids:  # the unit's designations, ended ones included, so an ended one's reminder goes too
        await reminders.sync(session, {KIND: await high_risk_items(session, today, enterprise_id)}, only=ids)
