"""/v1/inspections: filling a 监管任务清单 at a unit (client-made ids, versioned saves, submit)."""

from __future__ import annotations

import uuid
from typing import Literal

from sqlalchemy import select

from inspection.deps import Regulator, RegulatorOrEnterprise
from inspection.inspections import service
from inspection.inspections.schemas import InspectionIn, InspectionOut, SubmitIn
from inspection.models import Inspection
from inspection.units.access import visible
from servicekit.app import make_router
from servicekit.clock import TodayDep
from servicekit.db import SessionDep
from servicekit.pagination import Page, PageDep, paginate

router = make_router(prefix="/v1/inspections", tags=["inspections"])


@router.put("/{inspection_id}", response_model=InspectionOut, operation_id="inspection_save",
            summary="新建或保存检查记录草稿（id 由客户端生成，重试不会重复）")
async def inspection_save(inspection_id: uuid.UUID, body: InspectionIn, principal: Regulator,
                          session: SessionDep, today: TodayDep) -> InspectionOut:
    i = await service.save(session, principal, inspection_id, body)
    # the hints for items 2.1–2.4 cost a few queries: sent when the draft is made (and on GET), not on every autosave
    return await service.out(session, i, today=today if body.base_version == 0 else None)


@router.post("/{inspection_id}/submit", response_model=InspectionOut, operation_id="inspection_submit",
             summary="提交检查记录：否（×）项生成整改通知，发现的风险报分级服务")
async def inspection_submit(inspection_id: uuid.UUID, body: SubmitIn, principal: Regulator,
                            session: SessionDep, today: TodayDep) -> InspectionOut:
    return await service.out(session, await service.submit(session, principal, inspection_id, body, today))


@router.get("/{inspection_id}", response_model=InspectionOut, operation_id="inspection_get", summary="检查记录")
async def inspection_get(inspection_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
                         today: TodayDep) -> InspectionOut:
    i = await service.load(session, principal, inspection_id)
    return await service.out(session, i, today=None if principal.is_enterprise else today)


@router.get("", response_model=Page[InspectionOut], operation_id="inspection_list", summary="检查记录列表")
async def inspection_list(principal: RegulatorOrEnterprise, session: SessionDep, page: PageDep,
                          enterprise_id: uuid.UUID | None = None,
                          status: Literal["draft", "submitted"] | None = None) -> Page[InspectionOut]:
    stmt = select(Inspection).order_by(Inspection.inspected_on.desc(), Inspection.id)
    stmt = stmt.where(visible(principal, Inspection.enterprise_id, Inspection.org_path))
    if principal.is_enterprise:
        stmt = stmt.where(Inspection.status == "submitted")
    if enterprise_id:
        stmt = stmt.where(Inspection.enterprise_id == enterprise_id)
    if status:
        stmt = stmt.where(Inspection.status == status)
    rows, total = await paginate(session, stmt, page)
    return Page(items=await service.outs(session, [r[0] for r in rows]), total=total, page=page.page, size=page.size,
                total_capped=False)
