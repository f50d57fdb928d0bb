"""create_app(): the audit service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from audit.audits.router import router as audits_router
from audit.bureau.router import router as bureau_router
from audit.clients.figures import figures_from_services
from audit.dashboard import compute as compute_dashboard
from audit.followups.router import router as followups_router
from audit.labels import FIELD_LABELS
from audit.national.pusher import NationalPusher
from audit.national.router import router as national_router
from audit.progress.router import router as progress_router
from audit.reminders import LABELS, make_compute
from audit.scores.router import router as scores_router
from audit.settings import Settings
from servicekit.app import create_service_app
from servicekit.clock import Today
from servicekit.crypto import FieldCipher
from servicekit.dashboard import install_dashboard
from servicekit.errors import register_field_labels
from servicekit.orgs import OrgDirectory
from servicekit.reminders import install_reminders
from servicekit.system import system_router


def create_app(**overrides: Any) -> FastAPI:
    register_field_labels(FIELD_LABELS)
    settings = Settings(**overrides)

    async def start_pusher(app: FastAPI) -> None:
        app.state.national_pusher = None
        if settings.national_push_enabled and settings.national_url:
            pusher = NationalPusher(
                sessionmaker=app.state.sessionmaker, base_url=settings.national_url, app_id=settings.national_app_id,
                secret=settings.national_secret, method=settings.national_sign_method,
                max_attempts=settings.national_max_attempts, poll_seconds=settings.national_poll_seconds,
                timeout=settings.national_timeout_seconds)
            pusher.start()
            app.state.national_pusher = pusher

    async def stop_pusher(app: FastAPI) -> None:
        if getattr(app.state, "national_pusher", None) is not None:
            await app.state.national_pusher.stop()

    app = create_service_app(
        settings=settings,
        title="督查服务（audit）",
        description="上级对下级的督查清单、督办文书、考核计分、进度报告与调度、向总局监管督查信息化平台归集（F5）。",
        routers=[audits_router, followups_router, scores_router, bureau_router, progress_router, national_router,
                 system_router(dependencies={"registry": "registry_url", "grading": "grading_url",
                                             "inspection": "inspection_url"})],
        event_handlers={},
        on_startup=[start_pusher],
        on_shutdown=[stop_pusher],
    )
    app.state.today = Today()
    app.state.cipher = FieldCipher(settings.pii_key)
    app.state.org_directory = OrgDirectory.from_gateway(
        settings.gateway_url, app.state.service_token_issuer, timeout=settings.http_timeout_seconds)
    install_reminders(app, make_compute(lambda: app.state.org_directory), LABELS)
    install_dashboard(app, compute_dashboard)
    app.state.figure_source = figures_from_services(
        {"registry": settings.registry_url, "grading": settings.grading_url, "inspection": settings.inspection_url},
        app.state.service_token_issuer, timeout=settings.http_timeout_seconds)
    return app
