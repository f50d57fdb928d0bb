"""/v1/enterprises: the archive."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Depends, Query

from registry.deps import Ctx, Regulator, RegulatorOrEnterprise
from registry.enterprises import service
from registry.enterprises.repository import EnterpriseFilters
from registry.enterprises.schemas import (
    EnterpriseCreate,
    EnterpriseDetail,
    EnterpriseSummary,
    EnterpriseUpdate,
    HistoryEntry,
    ProductIn,
)
from servicekit.app import make_router
from servicekit.db import SessionDep
from servicekit.pagination import Page, PageDep

router = make_router(prefix="/v1/enterprises", tags=["enterprises"])


@router.post("", response_model=EnterpriseDetail, status_code=201, operation_id="enterprise_create",
             summary="新增主体（录入档案）")
async def enterprise_create(body: EnterpriseCreate, principal: Regulator, session: SessionDep, ctx: Ctx) -> EnterpriseDetail:
    return await service.create(session, principal=principal, ctx=ctx, body=body)


def list_filters(
    q: Annotated[str | None, Query(max_length=60, description="名称（至少两个字）或统一社会信用代码前缀")] = None,
    division_code: Annotated[str | None, Query(pattern=r"^54\d{4}$")] = None,
    station_code: Annotated[str | None, Query(max_length=20)] = None,
    unit_type: Literal["production", "wholesale", "retail"] | None = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    status: Literal["normal", "suspended", "deregistered", "revoked", "moved_out", "lost_contact", "other"] | None = None,
    grade: Literal["A", "B", "C", "D"] | None = None,
    overdue: Annotated[bool | None, Query(description="仅列出超期未建档的主体")] = None,
    director_missing: Annotated[bool | None, Query(description="仅列出应设未设质量安全总监的主体")] = None,
    sort: Annotated[str | None, Query(pattern=r"^-?[a-z_]+$",
                                      description="排序字段，前缀 - 为降序；默认最新录入在前，搜索时按匹配顺序")] = None,
) -> EnterpriseFilters:
    """The archive list's filters; the xlsx export takes the same ones."""
    return EnterpriseFilters(q=q, division_code=division_code, station_code=station_code, unit_type=unit_type,
                             tag=tag, status=status, grade=grade, overdue=overdue,
                             director_missing=director_missing, sort=sort)


ListFilters = Annotated[EnterpriseFilters, Depends(list_filters)]


@router.get("", response_model=Page[EnterpriseSummary], operation_id="enterprise_list", summary="主体档案列表与搜索")
async def enterprise_list(
    principal: Regulator, session: SessionDep, ctx: Ctx, page: PageDep, filters: ListFilters
) -> Page[EnterpriseSummary]:
    items, total, capped = await service.list_page(session, principal=principal, ctx=ctx, filters=filters, page=page)
    return Page(items=items, total=total, page=page.page, size=page.size, total_capped=capped)


@router.get("/{enterprise_id}", response_model=EnterpriseDetail, operation_id="enterprise_get", summary="主体详情")
async def enterprise_get(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep, ctx: Ctx) -> EnterpriseDetail:
    return await service.detail(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id)


@router.patch("/{enterprise_id}", response_model=EnterpriseDetail, operation_id="enterprise_update",
              summary="修改主体（须携带版本号）")
async def enterprise_update(
    enterprise_id: uuid.UUID, body: EnterpriseUpdate, principal: Regulator, session: SessionDep, ctx: Ctx
) -> EnterpriseDetail:
    return await service.update(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id, body=body)


@router.get("/{enterprise_id}/history", response_model=Page[HistoryEntry], operation_id="enterprise_history",
            summary="主体变更历史")
async def enterprise_history(
    enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep, page: PageDep
) -> Page[HistoryEntry]:
    items, total = await service.history(session, principal=principal, enterprise_id=enterprise_id, page=page)
    return Page(items=items, total=total, page=page.page, size=page.size)


@router.post("/{enterprise_id}/products", response_model=EnterpriseDetail, status_code=201,
             operation_id="enterprise_product_add", summary="增加产品及其监管范围")
async def enterprise_product_add(
    enterprise_id: uuid.UUID, body: ProductIn, principal: Regulator, session: SessionDep, ctx: Ctx
) -> EnterpriseDetail:
    return await service.add_product(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id, body=body)


@router.delete("/{enterprise_id}/products/{product_id}", response_model=EnterpriseDetail,
               operation_id="enterprise_product_remove", summary="删除产品记录")
async def enterprise_product_remove(
    enterprise_id: uuid.UUID, product_id: uuid.UUID, principal: Regulator, session: SessionDep, ctx: Ctx
) -> EnterpriseDetail:
    return await service.remove_product(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id,
                                        product_id=product_id)
