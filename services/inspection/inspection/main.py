"""create_app(): the inspection service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from inspection.assessments.router import router as assessments_router
from inspection.clients.gateway import staff_from_gateway
from inspection.dashboard import compute as compute_dashboard
from inspection.draws.router import router as draws_router
from inspection.events.handlers import HANDLERS
from inspection.followups.router import router as followups_router
from inspection.inspections.export import router as export_router
from inspection.inspections.photos import router as photos_router
from inspection.inspections.router import router as inspections_router
from inspection.internal.audit_figures import router as audit_figures_router
from inspection.labels import FIELD_LABELS
from inspection.rectifications.router import router as rectifications_router
from inspection.reminders import LABELS, compute
from inspection.risks.router import router as risks_router
from inspection.routines.files_router import router as routine_files_router
from inspection.routines.router import router as routines_router
from inspection.routines.views_router import router as routine_views_router
from inspection.settings import Settings
from inspection.tasks.router import router as tasks_router
from inspection.templates.router import router as templates_router
from inspection.units.router import router as units_router
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
    app = create_service_app(
        settings=settings,
        title="监督检查服务（inspection）",
        description="监管任务清单、现场检查、整改通知、风险事件、日管控周排查月调度、监督抽查考核、召回与帮扶（F4、F7、F8）。",
        routers=[templates_router, units_router, tasks_router, draws_router, export_router, photos_router, inspections_router,
                 rectifications_router, followups_router, assessments_router, routines_router,
                 routine_views_router, routine_files_router,
                 risks_router, audit_figures_router, system_router(dependencies={"gateway": "gateway_url", "registry": "registry_url", "grading": "grading_url"})],
        event_handlers=HANDLERS,
    )
    app.state.today = Today()
    install_reminders(app, compute, LABELS)
    install_dashboard(app, compute_dashboard)
    app.state.org_directory = OrgDirectory.from_gateway(
        settings.gateway_url, app.state.service_token_issuer, timeout=settings.http_timeout_seconds)
    app.state.staff_lookup = staff_from_gateway(settings.gateway_url, app.state.service_token_issuer,
                                                timeout=settings.http_timeout_seconds)
    return app
