from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from inspection.main import create_app
from servicekit.testing import ServiceUnderTest

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))  # inspection_factories
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="session")
def service_under_test() -> ServiceUnderTest:
    def factory(**overrides: object) -> FastAPI:
        app = create_app(**overrides)
        app.state.today.fn = lambda: TODAY
        return app

    return ServiceUnderTest(name="inspection", alembic_ini=HERE / "alembic.ini", create_app=factory)


@pytest.fixture(autouse=True)
def fixed_today(service_app: FastAPI) -> Iterator[None]:
    service_app.state.today.fn = lambda: TODAY
    yield
    service_app.state.today.fn = lambda: TODAY
