"""create_app(): the inspection service."""

from typing import Any

from fastapi import FastAPI

from inspection.settings import Settings
from servicekit.app import create_service_app
from servicekit.system import system_router


def create_app(**overrides: Any) -> FastAPI:
    settings = Settings(**overrides)
    return create_service_app(
        settings=settings,
        title="监督检查服务（inspection）",
        description="监管任务清单、现场检查、整改通知、风险事件、日管控周排查月调度、监督抽查考核、召回与帮扶（F4、F7、F8）。",
        routers=[system_router(dependencies={"registry": "registry_url", "grading": "grading_url"})],
        event_handlers={},
    )
