"""create_app(): the grading service."""

from typing import Any

from fastapi import FastAPI

from grading.settings import Settings
from servicekit.app import create_service_app
from servicekit.system import system_router


def create_app(**overrides: Any) -> FastAPI:
    settings = Settings(**overrides)
    return create_service_app(
        settings=settings,
        title="分层分级服务（grading）",
        description="A/B/C/D 分级、监管层级、升级监管与挂牌督办、分类监管、重点与特别监管名单、高风险主体（F3）。",
        routers=[system_router(dependencies={"registry": "registry_url"})],
        event_handlers={},
    )
