from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from registry.main import create_app
from registry.seed import seed
from servicekit.orgs import OrgDirectory, OrgNode
from servicekit.testing import ServiceUnderTest
from servicekit.testing.orgtree import reference_org_nodes

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))  # registry_factories
TODAY = dt.date(2026, 3, 2)

CHENGGUAN = "540000/540100/540102"
DUILONG = "540000/540100/540103"
LHASA = "540000/540100"
SHIGATSE = "540000/540200"


def org_nodes() -> list[OrgNode]:
    return reference_org_nodes()


@pytest.fixture(scope="session")
def service_under_test() -> ServiceUnderTest:
    def factory(**overrides: object) -> FastAPI:
        app = create_app(**overrides)
        app.state.org_directory = OrgDirectory.from_nodes(org_nodes())
        app.state.clock = lambda: TODAY
        return app

    return ServiceUnderTest(name="registry", alembic_ini=HERE / "alembic.ini", create_app=factory)


@pytest.fixture(autouse=True)
def fixed_today(service_app: FastAPI) -> Iterator[None]:
    service_app.state.clock = lambda: TODAY
    yield
    service_app.state.clock = lambda: TODAY


@pytest.fixture
async def reference(session: AsyncSession) -> None:
    await seed(session, demo=False)
    await session.commit()
