"""create_app(): the registry service."""

from typing import Any

from fastapi import FastAPI

from registry.settings import Settings
from servicekit.app import create_service_app
from servicekit.system import system_router


def create_app(**overrides: Any) -> FastAPI:
    settings = Settings(**overrides)
    return create_service_app(
        settings=settings,
        title="主体档案服务（registry）",
        description="工业产品生产和销售单位主体质量安全档案、质量安全总监/安全员名录库、监管责任人、摸底调查导入导出（F2）。",
        routers=[system_router(dependencies={})],
        event_handlers={},
    )
