"""/v1/enterprises/{id}/personnel and /v1/personnel: the roster (名录库)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from registry.deps import Ctx, Regulator, RegulatorOrEnterprise
from registry.personnel import service
from registry.personnel.schemas import PersonnelIn, PersonnelOut, PersonnelUpdate
from servicekit.app import make_router
from servicekit.db import SessionDep
from servicekit.pagination import Page, PageDep

router = make_router(prefix="/v1", tags=["personnel"])


class UnmaskRequest(BaseModel):
    reason: str = Field(min_length=2, max_length=200, description="查看原因（记入审计）")


@router.get("/enterprises/{enterprise_id}/personnel", response_model=list[PersonnelOut],
            operation_id="enterprise_personnel", summary="本单位质量安全总监、质量安全员")
async def enterprise_personnel(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep) -> list[PersonnelOut]:
    return await service.for_enterprise(session, principal=principal, enterprise_id=enterprise_id)


@router.post("/enterprises/{enterprise_id}/personnel", response_model=PersonnelOut, status_code=201,
             operation_id="personnel_appoint", summary="登记任命")
async def personnel_appoint(
    enterprise_id: uuid.UUID, body: PersonnelIn, principal: RegulatorOrEnterprise, session: SessionDep, ctx: Ctx
) -> PersonnelOut:
    return await service.appoint(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id, body=body)


@router.patch("/personnel/{personnel_id}", response_model=PersonnelOut, operation_id="personnel_change",
              summary="修改人员信息或结束任职（须携带版本号）")
async def personnel_change(
    personnel_id: uuid.UUID, body: PersonnelUpdate, principal: RegulatorOrEnterprise, session: SessionDep, ctx: Ctx
) -> PersonnelOut:
    return await service.change(session, principal=principal, ctx=ctx, personnel_id=personnel_id, body=body)


@router.post("/personnel/{personnel_id}/unmask", response_model=PersonnelOut, operation_id="personnel_unmask",
             summary="查看完整身份证号和电话（记入审计）")
async def personnel_unmask(
    personnel_id: uuid.UUID, body: UnmaskRequest, principal: Regulator, session: SessionDep, ctx: Ctx
) -> PersonnelOut:
    return await service.unmasked(session, principal=principal, ctx=ctx, personnel_id=personnel_id, reason=body.reason)


@router.get("/personnel/{personnel_id}/history", operation_id="personnel_history", summary="人员变更历史")
async def personnel_history(personnel_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep) -> list[dict[str, Any]]:
    return await service.history(session, principal=principal, personnel_id=personnel_id)


@router.get("/personnel", response_model=Page[PersonnelOut], operation_id="personnel_roster", summary="名录库")
async def personnel_roster(
    principal: Regulator, session: SessionDep, page: PageDep, ctx: Ctx,
    role: Literal["director", "officer"] | None = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=60, description="姓名或单位名称")] = None,
    id_number: Annotated[str | None, Query(pattern=r"^\d{17}[\dXx]$", description="按身份证号精确查找")] = None,
) -> Page[PersonnelOut]:
    items, total = await service.roster(session, principal=principal, page=page, role=role, active=active, q=q,
                                        id_number=id_number, ctx=ctx)
    return Page(items=items, total=total, page=page.page, size=page.size)
