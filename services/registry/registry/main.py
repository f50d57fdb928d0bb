"""create_app(): the registry service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from registry.dashboard import compute as compute_dashboard
from registry.enterprises.router import router as enterprises_router
from registry.events.handlers import HANDLERS as EVENT_HANDLERS
from registry.exports.router import router as exports_router
from registry.filings.router import router as filings_router
from registry.imports.router import router as imports_router
from registry.imports.worker import start_worker, stop_worker
from registry.internal.audit_figures import router as audit_figures_router
from registry.labels import FIELD_LABELS
from registry.personnel.router import router as personnel_router
from registry.reminders import LABELS as REMINDER_LABELS
from registry.reminders import compute as compute_reminders
from registry.responsibles.router import router as responsibles_router
from registry.settings import Settings
from registry.tags.router import router as tags_router
from registry.workdays.router import router as calendar_router
from servicekit.app import create_service_app
from servicekit.clock import today_in_china
from servicekit.crypto import FieldCipher
from servicekit.dashboard import install_dashboard
from servicekit.errors import register_field_labels
from servicekit.orgs import OrgDirectory
from servicekit.reminders import install_reminders
from servicekit.system import system_router


def create_app(**overrides: Any) -> FastAPI:
    register_field_labels(FIELD_LABELS)
    settings = Settings(**overrides)
    app = create_service_app(
        settings=settings,
        title="主体档案服务（registry）",
        description="工业产品生产和销售单位主体质量安全档案、质量安全总监/安全员名录库、监管责任人、摸底调查导入导出（F2）。",
        routers=[
            imports_router, exports_router, filings_router,
            enterprises_router, personnel_router, responsibles_router, tags_router, calendar_router,
            audit_figures_router,
            system_router(dependencies={"gateway": "gateway_url"}),
        ],
        event_handlers=EVENT_HANDLERS,
        on_startup=[start_worker],
        on_shutdown=[stop_worker],
    )
    app.state.cipher = FieldCipher(settings.pii_key)
    app.state.org_directory = OrgDirectory.from_gateway(
        settings.gateway_url, app.state.service_token_issuer, timeout=settings.http_timeout_seconds
    )
    app.state.clock = today_in_china
    app.state.today = lambda: app.state.clock()  # the reminder job's today: the archive's clock (tests replace it)
    install_reminders(app, compute_reminders, REMINDER_LABELS)
    install_dashboard(app, compute_dashboard)
    return app
