"""Responsible regulator persons (监管责任人): assignments with history and the 5-working-day rule.

A change of responsible person must be recorded within 5 working days of taking effect. A
recorded change says whether it was late; a unit whose person left without a successor is
overdue once 5 working days have passed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import and_, exists, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from registry.context import ArchiveContext
from registry.enterprises.service import _load_scoped
from registry.models import Enterprise, ResponsiblePerson
from registry.reminders import responsible_item
from registry.workdays.calendar import load_calendar
from servicekit import reminders
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.db import row_to_dict
from servicekit.errors import Forbidden, InvalidInput
from servicekit.outbox import emit
from servicekit.pagination import PageParams, paginate


class AssignIn(BaseModel):
    person_name: str = Field(min_length=2, max_length=60, description="监管责任人姓名")
    person_user_id: str | None = Field(default=None, max_length=40)
    org_unit_code: str = Field(min_length=6, max_length=20, description="责任人所在监管单位编码")
    effective_on: dt.date = Field(description="变更生效日期")
    reason: str | None = Field(default=None, max_length=500)


class ResponsibleOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    person_name: str
    org_unit_code: str
    effective_on: dt.date
    recorded_on: dt.date
    deadline: dt.date
    recorded_late: bool
    ended_on: dt.date | None
    reason: str | None


class OverdueItem(BaseModel):
    kind: str
    kind_label: str
    enterprise_id: uuid.UUID
    enterprise_name: str
    credit_code: str
    org_path: str
    since: dt.date
    deadline: dt.date
    days_overdue: int


async def assign(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, enterprise_id: uuid.UUID, body: AssignIn
) -> ResponsibleOut:
    if principal.is_enterprise:
        raise Forbidden("企业用户不能指定监管责任人", code="ROLE_NOT_ALLOWED")
    e = await _load_scoped(session, principal, enterprise_id, lock=True)
    unit = await ctx.directory.get(body.org_unit_code)
    if unit is None or not (e.org_path == unit.path or e.org_path.startswith(unit.path + "/")):
        raise InvalidInput("责任人所在单位须为该主体所在地的监管单位", code="RESPONSIBLE_UNIT_INVALID")
    if body.effective_on > ctx.today:
        raise InvalidInput("生效日期不能晚于今天", code="DATE_IN_FUTURE")
    current = await session.scalar(select(ResponsiblePerson).where(
        ResponsiblePerson.enterprise_id == e.id, ResponsiblePerson.ended_on.is_(None)).with_for_update())
    if current is not None:
        if body.effective_on < current.effective_on:
            raise InvalidInput("生效日期不能早于现任责任人的生效日期", code="DATE_RANGE")
        current.ended_on = body.effective_on
    cal = await load_calendar(session, {body.effective_on.year})
    due = cal.add_workdays(body.effective_on, 5)
    rp = ResponsiblePerson(
        id=uuid.uuid4(), enterprise_id=e.id, org_path=e.org_path, person_name=body.person_name,
        person_user_id=body.person_user_id, org_unit_code=body.org_unit_code, effective_on=body.effective_on,
        recorded_on=ctx.today, deadline=due, recorded_late=ctx.today > due, reason=body.reason,
    )
    session.add(rp)
    await session.flush()
    await reminders.resolve(session, "responsible_due", e.id)  # a successor is recorded
    await record_change(session, actor=principal, action="assign_responsible", entity_type="enterprise",
                        entity_id=e.id, before=row_to_dict(current) if current else None, after=row_to_dict(rp),
                        org_path=e.org_path, reason=body.reason)
    await emit(session, "enterprise.responsible_changed", {
        "enterprise_id": str(e.id), "person_name": rp.person_name, "org_unit_code": rp.org_unit_code,
        "effective_on": str(rp.effective_on), "recorded_late": rp.recorded_late,
    }, org_path=e.org_path)
    return ResponsibleOut.model_validate(rp, from_attributes=True)


async def end_current(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, enterprise_id: uuid.UUID,
    ended_on: dt.date, reason: str,
) -> None:
    if principal.is_enterprise:
        raise Forbidden("企业用户不能变更监管责任人", code="ROLE_NOT_ALLOWED")
    e = await _load_scoped(session, principal, enterprise_id, lock=True)
    current = await session.scalar(select(ResponsiblePerson).where(
        ResponsiblePerson.enterprise_id == e.id, ResponsiblePerson.ended_on.is_(None)).with_for_update())
    if current is None:
        raise InvalidInput("该主体当前没有监管责任人", code="NO_CURRENT_RESPONSIBLE")
    if ended_on > ctx.today or ended_on < current.effective_on:
        raise InvalidInput("离任日期须在生效日期与今天之间", code="DATE_RANGE")
    before = row_to_dict(current)
    current.ended_on = ended_on
    await session.flush()
    # nobody is responsible now: a successor is due within 5 working days
    cal = await load_calendar(session, {ended_on.year})
    await reminders.open_now(session, responsible_item(e.id, e.name, e.org_path, current.org_unit_code, ended_on,
                                                       cal, ctx.today))
    await record_change(session, actor=principal, action="end_responsible", entity_type="enterprise", entity_id=e.id,
                        before=before, after=row_to_dict(current), org_path=e.org_path, reason=reason)
    await emit(session, "enterprise.responsible_changed", {
        "enterprise_id": str(e.id), "person_name": None, "org_unit_code": None, "effective_on": None,
        "ended_on": str(ended_on), "recorded_late": False,
    }, org_path=e.org_path)


async def history(session: AsyncSession, *, principal: Principal, enterprise_id: uuid.UUID) -> list[ResponsibleOut]:
    e = await _load_scoped(session, principal, enterprise_id, lock=False)
    rows = await session.scalars(select(ResponsiblePerson).where(ResponsiblePerson.enterprise_id == e.id)
                                 .order_by(ResponsiblePerson.effective_on.desc(), ResponsiblePerson.created_at.desc()))
    return [ResponsibleOut.model_validate(r, from_attributes=True) for r in rows.all()]


async def overdue(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, kind: str | None, page: PageParams
) -> tuple[list[OverdueItem], int]:
    """Archiving not done within 5 working days, and units left without a responsible person."""
    if principal.is_enterprise:
        raise Forbidden("企业用户不能查看超期清单", code="ROLE_NOT_ALLOWED")
    items: list[OverdueItem] = []
    if kind in (None, "archiving"):
        stmt: Any = (
            select(Enterprise.id, Enterprise.name, Enterprise.credit_code, Enterprise.org_path,
                   Enterprise.registered_on, Enterprise.archive_deadline)
            .where(jurisdiction_filter(Enterprise.org_path, principal), Enterprise.archive_status == "pending",
                   Enterprise.archive_deadline < ctx.today)
            .order_by(Enterprise.archive_deadline)
        )
        rows, total_a = await paginate(session, stmt, page)
        cal = await load_calendar(session, {ctx.today.year - 1, ctx.today.year})
        items += [OverdueItem(kind="archiving", kind_label="新登记主体超期未建档", enterprise_id=r.id,
                              enterprise_name=r.name, credit_code=r.credit_code, org_path=r.org_path,
                              since=r.registered_on, deadline=r.archive_deadline,
                              days_overdue=cal.workdays_between(r.archive_deadline, ctx.today)) for r in rows]
    else:
        total_a = 0
    total_r = 0
    if kind in (None, "responsible"):
        newer = aliased(ResponsiblePerson)
        stmt = (
            select(Enterprise.id, Enterprise.name, Enterprise.credit_code, Enterprise.org_path,
                   ResponsiblePerson.ended_on)
            .join(ResponsiblePerson, ResponsiblePerson.enterprise_id == Enterprise.id)
            .where(jurisdiction_filter(Enterprise.org_path, principal), ResponsiblePerson.ended_on.is_not(None),
                   ~exists().where(and_(newer.enterprise_id == Enterprise.id, newer.ended_on.is_(None))))
            .ext(distinct_on(Enterprise.id))
            .order_by(Enterprise.id, ResponsiblePerson.ended_on.desc())
        )
        rows, total_r = await paginate(session, stmt, page)
        cal = await load_calendar(session, {ctx.today.year - 1, ctx.today.year})
        for r in rows:
            due = cal.add_workdays(r.ended_on, 5)
            if due < ctx.today:
                items.append(OverdueItem(kind="responsible", kind_label="监管责任人离任超过5个工作日未更新",
                                         enterprise_id=r.id, enterprise_name=r.name, credit_code=r.credit_code,
                                         org_path=r.org_path, since=r.ended_on, deadline=due,
                                         days_overdue=cal.workdays_between(due, ctx.today)))
    return items, total_a + total_r
