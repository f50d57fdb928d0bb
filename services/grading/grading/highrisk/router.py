"""/v1/high-risk: units each level designates as 很可能发生重大质量安全风险, with a named responsible
person and at least one on-site inspection per half-year (1–6月, 7–12月), tracked as due / overdue.

A level designates only units it supervises directly. The responsible person is the one kept in
the archive (registry), whose changes must be recorded within 5 working days; it is shown here
and required before designating.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import or_, select

from grading.context import Ctx
from grading.deps import Decider, Regulator
from grading.highrisk.halves import half_label, half_year
from grading.models import HighRisk, Unit, Visit
from grading.reminders import KIND as REMINDER_KIND
from grading.reminders import refresh_high_risk
from grading.units.decisions import load_unit
from servicekit import reminders
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
from servicekit.db import SessionDep, row_to_dict
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.outbox import emit

router = make_router(prefix="/v1/high-risk", tags=["high-risk"])


class DesignateIn(BaseModel):
    enterprise_id: uuid.UUID
    reason: str = Field(min_length=2, max_length=1000, description="认定理由（研判依据）")
    designated_on: dt.date | None = Field(default=None, description="认定日期，默认今天")


class EndIn(BaseModel):
    reason: str = Field(min_length=2, max_length=1000)
    ended_on: dt.date | None = None


class HighRiskOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    name: str
    credit_code: str
    org_path: str
    grade: str | None
    category: str
    designating_org_code: str
    designated_on: dt.date
    reason: str
    designated_by: str | None
    ended_on: dt.date | None
    end_reason: str | None
    responsible_name: str | None
    responsible_since: dt.date | None
    responsible_recorded_late: bool
    half_year: str
    due_by: dt.date
    days_left: int
    last_visit_on: dt.date | None
    visited_this_half: bool
    missed_halves: list[str] = Field(description="认定以来未完成现场检查的半年度")
    status: Literal["done", "due", "overdue", "ended"]
    status_label: str


STATUS_LABELS = {"done": "本半年已检查", "due": "本半年待检查", "overdue": "已超期（上一半年度未检查）", "ended": "已撤销"}


def _status(h: HighRisk, u: Unit, visits: list[dt.date], today: dt.date) -> HighRiskOut:
    cur_start, cur_end = half_year(today)
    visited_now = any(cur_start <= v <= today for v in visits)
    missed: list[str] = []
    start, _ = half_year(h.designated_on)
    end_day = h.ended_on or today
    while start < cur_start and start <= end_day:
        _, end = half_year(start)
        if not any(start <= v <= end for v in visits):
            missed.append(half_label(start))
        start = end + dt.timedelta(days=1)
    prev_start, _ = half_year(cur_start - dt.timedelta(days=1))
    if h.ended_on is not None:
        status = "ended"
    elif visited_now:
        status = "done"
    elif half_label(prev_start) in missed:
        status = "overdue"
    else:
        status = "due"
    return HighRiskOut(
        id=h.id, enterprise_id=u.enterprise_id, name=u.name, credit_code=u.credit_code, org_path=u.org_path,
        grade=u.grade, category=u.category, designating_org_code=h.designating_org_code,
        designated_on=h.designated_on, reason=h.reason, designated_by=h.designated_by, ended_on=h.ended_on,
        end_reason=h.end_reason, responsible_name=u.responsible_name, responsible_since=u.responsible_since,
        responsible_recorded_late=u.responsible_recorded_late, half_year=half_label(cur_start), due_by=cur_end,
        days_left=(cur_end - today).days, last_visit_on=max(visits) if visits else None,
        visited_this_half=visited_now, missed_halves=missed, status=status,  # type: ignore[arg-type]
        status_label=STATUS_LABELS[status],
    )


async def _visits(session: SessionDep, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[dt.date]]:
    out: dict[uuid.UUID, list[dt.date]] = defaultdict(list)
    if ids:
        for eid, day in (await session.execute(select(Visit.enterprise_id, Visit.visited_on)
                                               .where(Visit.enterprise_id.in_(ids)))).all():
            out[eid].append(day)
    return out


@router.get("", response_model=list[HighRiskOut], operation_id="high_risk_list",
            summary="高风险主体名单及半年度现场检查到期情况")
async def high_risk_list(
    principal: Regulator, session: SessionDep, ctx: Ctx,
    status: Literal["done", "due", "overdue"] | None = None,
    designated_by: Annotated[str | None, Query(max_length=20, description="认定单位编码；默认列出辖区内全部")] = None,
    include_ended: bool = False,
) -> list[HighRiskOut]:
    stmt = (select(HighRisk, Unit).join(Unit, Unit.enterprise_id == HighRisk.enterprise_id)
            .where(or_(jurisdiction_filter(Unit.org_path, principal),
                       jurisdiction_filter(HighRisk.designating_org_path, principal)))
            .order_by(HighRisk.designated_on.desc()))
    if not include_ended:
        stmt = stmt.where(HighRisk.ended_on.is_(None))
    if designated_by:
        stmt = stmt.where(HighRisk.designating_org_code == designated_by)
    rows = (await session.execute(stmt)).all()
    visits = await _visits(session, [u.enterprise_id for _, u in rows])
    out = [_status(h, u, visits.get(u.enterprise_id, []), ctx.today) for h, u in rows]
    if status:
        out = [o for o in out if o.status == status]
    order = {"overdue": 0, "due": 1, "done": 2, "ended": 3}
    return sorted(out, key=lambda o: (order[o.status], o.due_by, o.name))


@router.post("", response_model=HighRiskOut, status_code=201, operation_id="high_risk_designate",
             summary="认定高风险主体（限本单位直接监管的主体）")
async def high_risk_designate(body: DesignateIn, principal: Decider, session: SessionDep, ctx: Ctx) -> HighRiskOut:
    u = await load_unit(session, principal, body.enterprise_id, lock=True)
    own_code = (principal.org_path or "").split("/")[-1]
    if u.supervising_org_code != own_code:
        raise Forbidden(f"该主体由 {u.supervising_org_code} 直接监管，应由该单位认定", code="HIGH_RISK_NOT_SUPERVISED")
    if not u.active:
        raise InvalidInput("该主体已注销、吊销或迁出，不能认定", code="UNIT_CLOSED")
    if not u.responsible_name:
        raise InvalidInput("请先在主体档案中指定监管责任人，再认定高风险主体", code="HIGH_RISK_RESPONSIBLE_REQUIRED")
    on = body.designated_on or ctx.today
    if on > ctx.today:
        raise InvalidInput("认定日期不能晚于今天", code="DATE_IN_FUTURE")
    if await session.scalar(select(HighRisk.id).where(HighRisk.enterprise_id == u.enterprise_id,
                                                      HighRisk.ended_on.is_(None))):
        raise Conflict("该主体已被认定为高风险主体", code="HIGH_RISK_EXISTS")
    h = HighRisk(id=uuid.uuid4(), enterprise_id=u.enterprise_id, designating_org_code=own_code,
                 designating_org_path=principal.org_path or "", designated_on=on, reason=body.reason,
                 designated_by=principal.username)
    session.add(h)
    await session.flush()
    await record_change(session, actor=principal, action="designate_high_risk", entity_type="high_risk",
                        entity_id=h.id, after=row_to_dict(h), org_path=u.org_path, reason=body.reason)
    await emit(session, "high_risk.designated", {
        "id": str(h.id), "enterprise_id": str(u.enterprise_id), "designating_org_code": own_code,
        "designated_on": str(on), "org_path": u.org_path}, org_path=u.org_path)
    await refresh_high_risk(session, ctx.today, u.enterprise_id)  # late in the half-year, or backdated: due now
    visits = await _visits(session, [u.enterprise_id])
    return _status(h, u, visits.get(u.enterprise_id, []), ctx.today)


@router.post("/{designation_id}/end", response_model=HighRiskOut, operation_id="high_risk_end",
             summary="撤销高风险认定（须说明理由）")
async def high_risk_end(designation_id: uuid.UUID, body: EndIn, principal: Decider, session: SessionDep,
                        ctx: Ctx) -> HighRiskOut:
    h = await session.get(HighRisk, designation_id, with_for_update=True)
    if h is None or not principal.covers(h.designating_org_path):
        raise NotFound("未找到该高风险认定", code="HIGH_RISK_NOT_FOUND")
    if h.ended_on is not None:
        raise Conflict("该认定已撤销", code="HIGH_RISK_ENDED")
    on = body.ended_on or ctx.today
    if on > ctx.today or on < h.designated_on:
        raise InvalidInput("撤销日期须在认定日期与今天之间", code="DATE_RANGE")
    before = row_to_dict(h)
    h.ended_on, h.end_reason = on, body.reason
    await session.flush()
    u = await session.get(Unit, h.enterprise_id)
    assert u is not None
    await record_change(session, actor=principal, action="end_high_risk", entity_type="high_risk", entity_id=h.id,
                        before=before, after=row_to_dict(h), org_path=u.org_path, reason=body.reason)
    await emit(session, "high_risk.ended", {"id": str(h.id), "enterprise_id": str(h.enterprise_id),
                                            "ended_on": str(on)}, org_path=u.org_path)
    await reminders.resolve(session, REMINDER_KIND, h.id)
    visits = await _visits(session, [u.enterprise_id])
    return _status(h, u, visits.get(u.enterprise_id, []), ctx.today)
