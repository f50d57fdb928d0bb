"""/v1/units/{id}/risk-points: a unit's own key risk points and control items (the checklist's last
section), listed by the unit itself or set by the local regulator, carried into every new checklist."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field
from sqlalchemy import select

from inspection.deps import RegulatorOrEnterprise
from inspection.models import UnitRiskPoint
from inspection.units.access import load_unit
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep, row_to_dict, utcnow
from servicekit.errors import Forbidden, NotFound

router = make_router(prefix="/v1/units", tags=["units"])


class RiskPointIn(BaseModel):
    text: str = Field(min_length=4, max_length=500, description="关键风险点及其管控事项")


class RiskPointOut(BaseModel):
    id: uuid.UUID
    text: str
    source: str
    active: bool
    created_by: str
    created_at: dt.datetime


@router.get("/{enterprise_id}/risk-points", response_model=list[RiskPointOut], operation_id="risk_point_list",
            summary="主体的关键风险点和风险管控事项")
async def risk_point_list(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
                          include_retired: bool = False) -> list[RiskPointOut]:
    await load_unit(session, principal, enterprise_id)
    stmt = select(UnitRiskPoint).where(UnitRiskPoint.enterprise_id == enterprise_id).order_by(UnitRiskPoint.created_at)
    if not include_retired:
        stmt = stmt.where(UnitRiskPoint.active.is_(True))
    return [RiskPointOut.model_validate(p, from_attributes=True) for p in (await session.scalars(stmt)).all()]


@router.post("/{enterprise_id}/risk-points", response_model=RiskPointOut, status_code=201,
             operation_id="risk_point_add", summary="增加关键风险点（企业自列或属地监管部门明确）")
async def risk_point_add(enterprise_id: uuid.UUID, body: RiskPointIn, principal: RegulatorOrEnterprise,
                         session: SessionDep) -> RiskPointOut:
    u = await load_unit(session, principal, enterprise_id)
    p = UnitRiskPoint(id=uuid.uuid4(), enterprise_id=u.enterprise_id, text=body.text.strip(),
                      source="enterprise" if principal.is_enterprise else "regulator", active=True,
                      created_by=principal.username)
    session.add(p)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="unit_risk_point", entity_id=p.id,
                        after=row_to_dict(p), org_path=u.org_path)
    return RiskPointOut.model_validate(p, from_attributes=True)


@router.post("/{enterprise_id}/risk-points/{point_id}/retire", response_model=RiskPointOut,
             operation_id="risk_point_retire", summary="停用关键风险点（已填清单中保留）")
async def risk_point_retire(enterprise_id: uuid.UUID, point_id: uuid.UUID, principal: RegulatorOrEnterprise,
                            session: SessionDep) -> RiskPointOut:
    u = await load_unit(session, principal, enterprise_id)
    p = await session.get(UnitRiskPoint, point_id)
    if p is None or p.enterprise_id != u.enterprise_id:
        raise NotFound("未找到该风险点", code="RISK_POINT_NOT_FOUND")
    if principal.is_enterprise and p.source != "enterprise":
        raise Forbidden("监管部门明确的风险管控事项只能由监管部门停用", code="ROLE_NOT_ALLOWED")
    before = row_to_dict(p)
    p.active, p.retired_at = False, utcnow()
    await session.flush()
    await record_change(session, actor=principal, action="retire", entity_type="unit_risk_point", entity_id=p.id,
                        before=before, after=row_to_dict(p), org_path=u.org_path)
    return RiskPointOut.model_validate(p, from_attributes=True)
