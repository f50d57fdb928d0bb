"""The registry's reminders (F9): new units to archive within 5 working days of registration, and
units whose responsible regulator person (监管责任人) left without a successor recorded within 5
working days — the same two rules as `/v1/overdue`.

Owners: the archiving is owed by the bureau the unit belongs to (its `org_path`, a station or a
county, as `/v1/overdue` scopes it); a missing successor by the bureau of the person who left
(their `org_unit_code`, a node on the unit's path), or the unit's own bureau when that unit no
longer covers it (the unit moved).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import and_, exists, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from registry.models import Enterprise, ResponsiblePerson
from registry.workdays.calendar import WorkCalendar, load_calendar
from servicekit.reminders import ReminderItem

LABELS = {"archive_due": "新登记主体待建档", "responsible_due": "监管责任人待更新"}
ARCHIVE_LOOKAHEAD_DAYS = 5  # pending archives show from 5 days before their deadline
RESPONSIBLE_DUE_WORKDAYS = 5  # as registry.responsibles.service


def archive_item(enterprise_id: uuid.UUID, name: str, org_path: str, deadline: dt.date,
                 today: dt.date) -> ReminderItem:
    overdue = deadline < today
    title = (f"{name}建档已超期，应于 {deadline} 前完成（登记注册后5个工作日）" if overdue
             else f"{name}须于 {deadline} 前完成建档（登记注册后5个工作日）")
    return ReminderItem(kind="archive_due", ref_id=str(enterprise_id), owner_path=org_path, title=title,
                        link=f"/archive/enterprises/{enterprise_id}", due_on=deadline, overdue=overdue)


def archive_item_of(e: Enterprise, today: dt.date) -> ReminderItem | None:
    """The unit's archiving reminder today, or None (archived, no deadline, or not yet near it)."""
    if e.archive_status != "pending" or e.archive_deadline is None:
        return None
    if e.archive_deadline > today + dt.timedelta(days=ARCHIVE_LOOKAHEAD_DAYS):
        return None
    return archive_item(e.id, e.name, e.org_path, e.archive_deadline, today)


def responsible_owner(org_path: str, org_unit_code: str) -> str:
    """The path of the departed person's bureau on the unit's path; the unit's own bureau otherwise."""
    parts = org_path.split("/")
    return "/".join(parts[: parts.index(org_unit_code) + 1]) if org_unit_code in parts else org_path


def responsible_item(enterprise_id: uuid.UUID, name: str, org_path: str, org_unit_code: str, ended_on: dt.date,
                     cal: WorkCalendar, today: dt.date) -> ReminderItem:
    due = cal.add_workdays(ended_on, RESPONSIBLE_DUE_WORKDAYS)
    overdue = due < today
    title = (f"{name}的监管责任人于 {ended_on} 离任，已超过5个工作日（{due}）未更新，请尽快指定" if overdue
             else f"{name}的监管责任人于 {ended_on} 离任，须于 {due} 前指定新的监管责任人（5个工作日内）")
    return ReminderItem(kind="responsible_due", ref_id=str(enterprise_id),
                        owner_path=responsible_owner(org_path, org_unit_code), title=title,
                        link=f"/archive/enterprises/{enterprise_id}?tab=responsible", due_on=due, overdue=overdue)


async def compute(session: AsyncSession, today: dt.date) -> dict[str, list[ReminderItem]]:
    out: dict[str, list[ReminderItem]] = {k: [] for k in LABELS}
    horizon = today + dt.timedelta(days=ARCHIVE_LOOKAHEAD_DAYS)
    archive_rows = (await session.execute(
        select(Enterprise.id, Enterprise.name, Enterprise.org_path, Enterprise.archive_deadline)
        .where(Enterprise.archive_status == "pending", Enterprise.archive_deadline <= horizon)  # ix_enterprise_archive_due
    )).all()
    out["archive_due"] = [archive_item(r.id, r.name, r.org_path, r.archive_deadline, today) for r in archive_rows]

    # As /v1/overdue (kind responsible): the latest person who left, and nobody current.
    rp, current = ResponsiblePerson, aliased(ResponsiblePerson)
    vacant = (await session.execute(
        select(Enterprise.id, Enterprise.name, Enterprise.org_path, rp.org_unit_code, rp.ended_on)
        .join(rp, rp.enterprise_id == Enterprise.id)
        .where(rp.ended_on.is_not(None),
               ~exists().where(and_(current.enterprise_id == Enterprise.id, current.ended_on.is_(None))))
        .ext(distinct_on(Enterprise.id))
        .order_by(Enterprise.id, rp.ended_on.desc(), rp.created_at.desc())
    )).all()
    if vacant:
        cal = await load_calendar(session, {r.ended_on.year for r in vacant} | {today.year})
        out["responsible_due"] = [responsible_item(r.id, r.name, r.org_path, r.org_unit_code, r.ended_on, cal, today)
                                  for r in vacant]
    return out
