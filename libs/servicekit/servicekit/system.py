"""Operational endpoints every service shares: its own info, and the health of what it reads.

`GET /v1/system/info` answers service tokens and administrators; `GET /v1/system/dependencies`
calls each service this one reads with a service token, which proves the whole chain of
service-to-service trust (key, token, verification) works in a deployment.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, Request
from pydantic import BaseModel
from sqlalchemy import text

from servicekit.auth import ADMIN_ROLES, Authenticator, Principal
from servicekit.clients import ServiceClient
from servicekit.db import SessionDep
from servicekit.errors import AppError

AdminOrService = Annotated[Principal, Depends(Authenticator(roles=ADMIN_ROLES, allow_service=True))]
Admin = Annotated[Principal, Depends(Authenticator(roles=ADMIN_ROLES))]


class ServiceInfo(BaseModel):
    service: str
    version: str
    migration: str | None
    caller: str


class DependencyStatus(BaseModel):
    service: str
    url: str
    ok: bool
    latency_ms: float
    migration: str | None = None
    error: str | None = None


def system_router(*, dependencies: Mapping[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Build the router; `dependencies` maps a service name to the settings field of its URL."""
    from servicekit.app import make_router

    router = make_router(prefix="/v1/system", tags=["system"])
    deps = dict(dependencies or {})

    @router.get("/info", response_model=ServiceInfo, operation_id="system_info", summary="服务信息")
    async def info(request: Request, session: SessionDep, caller: AdminOrService) -> ServiceInfo:
        migration = await session.scalar(text("SELECT version_num FROM alembic_version LIMIT 1"))
        return ServiceInfo(
            service=request.app.state.settings.service_name,
            version=request.app.version,
            migration=migration,
            caller=caller.username,
        )

    @router.get(
        "/dependencies", response_model=list[DependencyStatus], operation_id="system_dependencies",
        summary="依赖服务状态（以服务令牌调用）",
    )
    async def dependencies(request: Request, _: Admin) -> list[DependencyStatus]:
        settings = request.app.state.settings
        out: list[DependencyStatus] = []
        for name, field in deps.items():
            url = getattr(settings, field)
            client = ServiceClient(
                url, token_issuer=request.app.state.service_token_issuer,
                timeout=settings.http_timeout_seconds, retries=0,
            )
            client.service_name = name
            started = time.perf_counter()
            try:
                body = await client.request("GET", "/v1/system/info")
                out.append(DependencyStatus(
                    service=name, url=url, ok=True, latency_ms=round((time.perf_counter() - started) * 1000, 1),
                    migration=body.get("migration"),
                ))
            except AppError as exc:
                out.append(DependencyStatus(
                    service=name, url=url, ok=False, latency_ms=round((time.perf_counter() - started) * 1000, 1),
                    error=f"{exc.code}: {exc.detail}",
                ))
            finally:
                await client.aclose()
        return out

    return router
