"""create_service_app(): the same skeleton for every service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi_offline import FastAPIOffline
from sqlalchemy import text

from servicekit import keys
from servicekit.audit_chain import AuditSealer, make_audit_chain_router
from servicekit.auth import ServiceTokenIssuer, TokenVerifier
from servicekit.db import TransactionalRoute, make_engine, make_sessionmaker
from servicekit.errors import install_error_handlers, problem_response
from servicekit.observability import Metrics, RequestContextMiddleware, configure_logging
from servicekit.outbox import EventHandler, OutboxRelay, make_event_router
from servicekit.settings import ServiceSettings

log = logging.getLogger("servicekit.app")

Hook = Callable[[FastAPI], Awaitable[None]]


def make_router(**kwargs: Any) -> APIRouter:
    """An APIRouter whose routes commit the request's session once at the boundary."""
    return APIRouter(route_class=TransactionalRoute, **kwargs)


def build_token_verifier(settings: ServiceSettings) -> TokenVerifier:
    user_keys = [keys.load_public_key(settings.jwt_public_key_file)] if settings.jwt_public_key_file else []
    service_keys = (
        [keys.load_public_key(settings.service_public_key_file)] if settings.service_public_key_file else []
    )
    return TokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        user_keys=user_keys,
        service_keys=service_keys,
        jwks_url=settings.jwks_url,
    )


def build_service_token_issuer(settings: ServiceSettings) -> ServiceTokenIssuer | None:
    if not settings.service_private_key_file:
        return None
    return ServiceTokenIssuer(
        keys.load_private_key(settings.service_private_key_file),
        service=settings.service_name,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )


def create_service_app(
    *,
    settings: ServiceSettings,
    title: str,
    description: str,
    routers: Sequence[APIRouter] = (),
    event_handlers: Mapping[str, EventHandler] | None = None,
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    version: str = "1.0.0",
) -> FastAPI:
    """Build a service: state, middleware, error handlers, health, metrics, routers, relay, audit sealer."""
    if settings.environment != "test":  # under pytest, the test runner owns logging
        configure_logging(service=settings.service_name, level=settings.log_level, json_output=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for hook in on_startup:
            await hook(app)
        relay: OutboxRelay | None = None
        if settings.outbox_enabled and settings.subscriber_map():
            relay = OutboxRelay(
                sessionmaker=app.state.sessionmaker,
                subscribers=settings.subscriber_map(),
                token_issuer=app.state.service_token_issuer,
                source=settings.service_name,
                poll_seconds=settings.outbox_poll_seconds,
                max_attempts=settings.outbox_max_attempts,
                http_timeout=settings.http_timeout_seconds,
            )
            relay.start()
        app.state.outbox_relay = relay
        job = getattr(app.state, "reminder_job", None)
        if job is not None and settings.reminders_enabled:
            job.start()
        dash = getattr(app.state, "dashboard_job", None)
        if dash is not None and settings.dashboard_enabled:
            dash.start()
        sealer: AuditSealer = app.state.audit_sealer
        if settings.audit_seal_enabled:
            sealer.start()
        try:
            yield
        finally:
            await sealer.stop()
            if dash is not None:
                await dash.stop()
            if job is not None:
                await job.stop()
            if relay is not None:
                await relay.stop()
            for hook in on_shutdown:
                await hook(app)
            await app.state.engine.dispose()

    app = FastAPIOffline(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.token_verifier = build_token_verifier(settings)
    app.state.service_token_issuer = build_service_token_issuer(settings)
    metrics = Metrics(settings.service_name)
    app.state.metrics = metrics
    app.state.audit_sealer = AuditSealer(
        sessionmaker=lambda: app.state.sessionmaker,
        interval=settings.audit_seal_interval_seconds,
        max_wait=settings.audit_seal_max_wait_seconds,
    )

    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    app.include_router(health_router())
    app.include_router(make_audit_chain_router(settings.service_name))  # before any catch-all route
    for router in routers:
        app.include_router(router)
    if event_handlers is not None:
        app.include_router(make_event_router(event_handlers))
    return app


def health_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", operation_id="healthz", summary="进程存活检查")
    async def healthz(request: Request) -> dict[str, str]:
        return {"status": "ok", "service": request.app.state.settings.service_name}

    @router.get("/readyz", operation_id="readyz", summary="就绪检查（含数据库）", response_model=None)
    async def readyz(request: Request) -> dict[str, str] | Response:
        try:
            async with request.app.state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            log.warning("readiness check failed: database unreachable")
            return problem_response(
                status=503, code="DATABASE_UNAVAILABLE", title="数据库不可用", detail="数据库暂时无法连接"
            )
        return {"status": "ready", "service": request.app.state.settings.service_name}

    @router.get("/metrics", operation_id="metrics", summary="Prometheus 指标", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        body, content_type = request.app.state.metrics.render()
        return Response(body, media_type=content_type)

    return router
