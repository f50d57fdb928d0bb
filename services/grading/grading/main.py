"""create_app(): the grading service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from grading.dashboard import compute as compute_dashboard
from grading.events.handlers import make_handlers
from grading.highrisk.router import router as high_risk_router
from grading.internal.audit_figures import router as audit_figures_router
from grading.labels import FIELD_LABELS
from grading.lists.router import router as lists_router
from grading.recompute.router import router as recompute_router
from grading.recompute.service import DailyRecompute
from grading.reminders import LABELS as REMINDER_LABELS
from grading.reminders import compute as compute_reminders
from grading.responsibility.router import router as responsibility_router
from grading.rules.router import router as rules_router
from grading.settings import Settings
from grading.units.credit_import import router as credit_router
from grading.units.router import router as units_router
from servicekit.app import create_service_app
from servicekit.clock import Today
from servicekit.dashboard import install_dashboard
from servicekit.errors import register_field_labels
from servicekit.orgs import OrgDirectory
from servicekit.reminders import install_reminders
from servicekit.system import system_router


def create_app(**overrides: Any) -> FastAPI:
    register_field_labels(FIELD_LABELS)
    settings = Settings(**overrides)
    today = Today()

    async def start_daily(app: FastAPI) -> None:
        if settings.daily_recompute:
            app.state.daily_recompute = DailyRecompute(app.state.sessionmaker, app.state.today)
            app.state.daily_recompute.start()

    async def stop_daily(app: FastAPI) -> None:
        job = getattr(app.state, "daily_recompute", None)
        if job is not None:
            await job.stop()

    app = create_service_app(
        settings=settings,
        title="分层分级服务（grading）",
        description="A/B/C/D 分级、监管层级、升级监管与挂牌督办、分类监管、重点与特别监管名单、高风险主体（F3）。",
        routers=[rules_router, units_router, credit_router, high_risk_router, lists_router, responsibility_router,
                 recompute_router, audit_figures_router, system_router(dependencies={"gateway": "gateway_url", "registry": "registry_url"})],
        event_handlers=make_handlers(today),
        on_startup=[start_daily],
        on_shutdown=[stop_daily],
    )
    app.state.today = today
    install_reminders(app, compute_reminders, REMINDER_LABELS)
    install_dashboard(app, compute_dashboard)
    app.state.org_directory = OrgDirectory.from_gateway(
        settings.gateway_url, app.state.service_token_issuer, timeout=settings.http_timeout_seconds
    )
    return app
