from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from registry.clients.gateway import OrgDirectory, OrgNode
from registry.main import create_app
from registry.seed import seed
from servicekit.testing import ServiceUnderTest

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))  # registry_factories
DIVISIONS = HERE.parent / "gateway" / "gateway" / "reference" / "tibet_divisions.csv"
TODAY = dt.date(2026, 3, 2)

CHENGGUAN = "540000/540100/540102"
DUILONG = "540000/540100/540103"
LHASA = "540000/540100"
SHIGATSE = "540000/540200"


def org_nodes() -> list[OrgNode]:
    """The regulators' tree as the gateway serves it (reference counties, three stations each)."""
    nodes: dict[str, OrgNode] = {}
    with DIVISIONS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            parent = nodes.get(row["parent_code"])
            path = f"{parent.path}/{row['code']}" if parent else row["code"]
            level = {"province": "region"}.get(row["level"], row["level"])
            nodes[row["code"]] = OrgNode(row["code"], row["name"] + "市场监督管理局", row["name"], level, path,
                                         row["parent_code"] or None)
    for county in [n for n in nodes.values() if n.level == "county"]:
        for i in (1, 2, 3):
            code = f"{county.code}-{i:02d}"
            nodes[code] = OrgNode(code, f"{county.short_name}第{i}市场监督管理所", None, "station",
                                  f"{county.path}/{code}", county.code)
    return list(nodes.values())


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
