"""create_app(): the audit service."""

from typing import Any

from fastapi import FastAPI

from audit.settings import Settings
from servicekit.app import create_service_app
from servicekit.system import system_router


def create_app(**overrides: Any) -> FastAPI:
    settings = Settings(**overrides)
    return create_service_app(
        settings=settings,
        title="督查服务（audit）",
        description="上级对下级的督查清单、督办文书、考核计分、进度报告与调度、向总局监管督查信息化平台归集（F5）。",
        routers=[system_router(dependencies={"registry": "registry_url", "grading": "grading_url", "inspection": "inspection_url"})],
        event_handlers={},
    )
