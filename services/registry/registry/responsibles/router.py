"""/v1/enterprises/{id}/responsible-persons and /v1/overdue."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from fastapi import Response
from pydantic import BaseModel, Field

from registry.deps import Ctx, Regulator, RegulatorOrEnterprise
from registry.responsibles import service
from registry.responsibles.service import AssignIn, OverdueItem, ResponsibleOut
from servicekit.app import make_router
from servicekit.db import SessionDep
from servicekit.pagination import Page, PageDep

router = make_router(prefix="/v1", tags=["responsible-persons"])


class EndIn(BaseModel):
    ended_on: dt.date
    reason: str = Field(min_length=2, max_length=500)


@router.get("/enterprises/{enterprise_id}/responsible-persons", response_model=list[ResponsibleOut],
            operation_id="responsible_history", summary="监管责任人及变更历史")
async def responsible_history(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep) -> list[ResponsibleOut]:
    return await service.history(session, principal=principal, enterprise_id=enterprise_id)


@router.post("/enterprises/{enterprise_id}/responsible-persons", response_model=ResponsibleOut, status_code=201,
             operation_id="responsible_assign", summary="指定或变更监管责任人")
async def responsible_assign(
    enterprise_id: uuid.UUID, body: AssignIn, principal: Regulator, session: SessionDep, ctx: Ctx
) -> ResponsibleOut:
    return await service.assign(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id, body=body)


@router.post("/enterprises/{enterprise_id}/responsible-persons/end", status_code=204,
             operation_id="responsible_end", summary="现任监管责任人离任")
async def responsible_end(
    enterprise_id: uuid.UUID, body: EndIn, principal: Regulator, session: SessionDep, ctx: Ctx
) -> Response:
    await service.end_current(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id,
                              ended_on=body.ended_on, reason=body.reason)
    return Response(status_code=204)


@router.get("/overdue", response_model=Page[OverdueItem], operation_id="overdue_list",
            summary="超期清单（5个工作日内建档、监管责任人更新）")
async def overdue_list(
    principal: Regulator, session: SessionDep, ctx: Ctx, page: PageDep,
    kind: Literal["archiving", "responsible"] | None = None,
) -> Page[OverdueItem]:
    items, total = await service.overdue(session, principal=principal, ctx=ctx, kind=kind, page=page)
    return Page(items=items, total=total, page=page.page, size=page.size)
