"""/api/dashboard/v1: the home-page dashboard of an org unit, its xlsx and its one-page PDF.

The gateway composes; it does not count. Each service answers `/v1/dashboard` for the caller's
own token and checks role and jurisdiction itself; the gateway checks them too before asking.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel

from gateway.dashboard import export
from gateway.dashboard.catalogue import SERVICE_LABELS, SERVICES, TABLES_BY_KEY
from gateway.dashboard.schemas import OverviewOut
from gateway.dashboard.service import overview
from gateway.proxy.router import http_session
from gateway.settings import Settings
from servicekit.app import make_router
from servicekit.auth import REGULATOR_ROLES, Authenticator, Principal
from servicekit.db import SessionDep
from servicekit.downloads import disposition
from servicekit.errors import InvalidInput
from servicekit.xlsx import xlsx_response

router = make_router(prefix="/api/dashboard/v1", tags=["dashboard"])

Viewer = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES))]
Admin = Annotated[Principal, Depends(Authenticator(roles={"region_admin"}))]
OrgQuery = Annotated[str | None, Query(max_length=200, description="组织路径，默认本人所在单位")]


async def _overview(request: Request, principal: Principal, session: SessionDep, org: str | None) -> OverviewOut:
    settings: Settings = request.app.state.settings
    path = (org or principal.org_path or "").strip()
    return await overview(session=session, http=http_session(request), upstreams=settings.upstreams(),
                          principal=principal, authorization=request.headers.get("authorization", ""),
                          org_path=path, wait_seconds=settings.http_timeout_seconds)


@router.get("/overview", response_model=OverviewOut, operation_id="dashboard_overview",
            summary="首页看板：目标进度、主要数字与按下一级汇总的各表（本辖区任一单位）")
async def dashboard_overview(request: Request, principal: Viewer, session: SessionDep, org: OrgQuery = None) -> OverviewOut:
    return await _overview(request, principal, session, org)


@router.get("/overview.xlsx", operation_id="dashboard_overview_xlsx", summary="导出看板各表（xlsx，含口径）",
            response_class=Response, responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
async def dashboard_overview_xlsx(request: Request, principal: Viewer, session: SessionDep, org: OrgQuery = None,
                                  table: Annotated[str | None, Query(max_length=40, description="只导出这一张表")] = None,
                                  ) -> Response:
    if table is not None and table not in TABLES_BY_KEY:
        raise InvalidInput("没有这张看板表", code="DASHBOARD_TABLE_UNKNOWN")
    ov = await _overview(request, principal, session, org)
    name = TABLES_BY_KEY[table].title if table else "看板"
    return xlsx_response(export.to_xlsx(ov, table), f"{ov.org.short_name}{name}_{ov.as_of or ''}.xlsx")


@router.get("/overview.pdf", operation_id="dashboard_overview_pdf", summary="看板一页摘要（PDF，供会议打印）",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
async def dashboard_overview_pdf(request: Request, principal: Viewer, session: SessionDep, org: OrgQuery = None) -> Response:
    ov = await _overview(request, principal, session, org)
    pdf = export.to_pdf(ov, printed_by=principal.username)
    return Response(pdf, media_type="application/pdf",
                    headers=disposition(f"{ov.org.short_name}看板摘要_{ov.as_of or ''}.pdf", inline=True))


class RefreshResult(BaseModel):
    service: str
    label: str
    ok: bool
    detail: str


@router.post("/refresh", response_model=list[RefreshResult], operation_id="dashboard_refresh",
             summary="立即重新计算各服务的看板数字（自治区管理员）")
async def dashboard_refresh(request: Request, _: Admin) -> list[RefreshResult]:
    settings: Settings = request.app.state.settings
    http = http_session(request)
    auth = request.headers.get("authorization", "")

    async def one(service: str) -> RefreshResult:
        try:
            async with http.post(f"{settings.upstreams()[service]}/v1/dashboard/refresh",
                                 headers={"Authorization": auth}) as resp:
                body = await resp.json(content_type=None)
                if resp.status != 200:
                    return RefreshResult(service=service, label=SERVICE_LABELS[service], ok=False,
                                         detail=(body or {}).get("detail", f"HTTP {resp.status}"))
                detail = "刚刚计算过，沿用上次结果" if body.get("skipped") else f"已重新计算（{body['duration_ms']} 毫秒）"
                return RefreshResult(service=service, label=SERVICE_LABELS[service], ok=True, detail=detail)
        except Exception:  # one service down must not hide the others' results
            return RefreshResult(service=service, label=SERVICE_LABELS[service], ok=False, detail="服务暂不可用")

    return list(await asyncio.gather(*(one(s) for s in SERVICES)))
