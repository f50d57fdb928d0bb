"""/v1/risk-events: quality-safety risks found at units (general / 较大 / 重大), published to grading."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select

from inspection.deps import Regulator
from inspection.inspections.service import risk_event_payload
from inspection.labels import RISK_SOURCE_LABELS, SEVERITY_LABELS
from inspection.models import RiskEvent
from inspection.units.access import load_unit
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, row_to_dict
from servicekit.errors import Conflict, InvalidInput, NotFound
from servicekit.outbox import emit

router = make_router(prefix="/v1/risk-events", tags=["risk-events"])


class RiskEventIn(BaseModel):
    enterprise_id: uuid.UUID
    severity: Literal["general", "larger", "major"]
    source: Literal["inspection", "sampling", "complaint", "accident", "other"]
    found_on: dt.date
    summary: str = Field(min_length=2, max_length=1000)


class WithdrawIn(BaseModel):
    reason: str = Field(min_length=2, max_length=1000)


class RiskEventOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    severity: str
    severity_label: str
    source: str
    source_label: str
    found_on: dt.date
    summary: str
    inspection_id: uuid.UUID | None
    recorded_by: str
    withdrawn: bool
    withdrawn_reason: str | None


def _out(e: RiskEvent) -> RiskEventOut:
    return RiskEventOut(id=e.id, enterprise_id=e.enterprise_id, severity=e.severity,
                        severity_label=SEVERITY_LABELS[e.severity], source=e.source,
                        source_label=RISK_SOURCE_LABELS[e.source], found_on=e.found_on, summary=e.summary,
                        inspection_id=e.inspection_id, recorded_by=e.recorded_by, withdrawn=e.withdrawn,
                        withdrawn_reason=e.withdrawn_reason)


@router.post("", response_model=RiskEventOut, status_code=201, operation_id="risk_event_record",
             summary="记录质量安全风险（监督抽查、投诉举报、事故等）")
async def risk_event_record(body: RiskEventIn, principal: Regulator, session: SessionDep, today: TodayDep) -> RiskEventOut:
    u = await load_unit(session, principal, body.enterprise_id)
    if body.found_on > today:
        raise InvalidInput("发现日期不能晚于今天", code="DATE_IN_FUTURE")
    e = RiskEvent(id=uuid.uuid4(), enterprise_id=u.enterprise_id, org_path=u.org_path, severity=body.severity,
                  source=body.source, found_on=body.found_on, summary=body.summary, recorded_by=principal.username,
                  withdrawn=False)
    session.add(e)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="risk_event", entity_id=e.id,
                        after=row_to_dict(e), org_path=u.org_path)
    await emit(session, "risk.recorded", risk_event_payload(e), org_path=u.org_path)
    return _out(e)


@router.get("", response_model=list[RiskEventOut], operation_id="risk_event_list", summary="主体的风险记录")
async def risk_event_list(principal: Regulator, session: SessionDep, enterprise_id: uuid.UUID) -> list[RiskEventOut]:
    await load_unit(session, principal, enterprise_id)
    rows = await session.scalars(select(RiskEvent).where(RiskEvent.enterprise_id == enterprise_id,
                                                         jurisdiction_filter(RiskEvent.org_path, principal))
                                 .order_by(RiskEvent.found_on.desc()))
    return [_out(e) for e in rows.all()]


@router.post("/{event_id}/withdraw", response_model=RiskEventOut, operation_id="risk_event_withdraw",
             summary="撤销误录的风险记录（须说明理由）")
async def risk_event_withdraw(event_id: uuid.UUID, body: WithdrawIn, principal: Regulator,
                              session: SessionDep) -> RiskEventOut:
    e = await session.get(RiskEvent, event_id, with_for_update=True)
    if e is None or not principal.covers(e.org_path):
        raise NotFound("未找到该风险记录", code="RISK_EVENT_NOT_FOUND")
    if e.withdrawn:
        raise Conflict("该风险记录已撤销", code="RISK_EVENT_WITHDRAWN")
    before = row_to_dict(e)
    e.withdrawn, e.withdrawn_reason = True, body.reason
    await session.flush()
    await record_change(session, actor=principal, action="withdraw", entity_type="risk_event", entity_id=e.id,
                        before=before, after=row_to_dict(e), org_path=e.org_path, reason=body.reason)
    await emit(session, "risk.withdrawn", {"id": str(e.id), "enterprise_id": str(e.enterprise_id),
                                           "reason": body.reason}, org_path=e.org_path)
    return _out(e)
