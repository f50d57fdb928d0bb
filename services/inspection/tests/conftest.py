from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from inspection.clients.gateway import Staff
from inspection.main import create_app
from servicekit.orgs import OrgDirectory
from servicekit.testing import ServiceUnderTest
from servicekit.testing.orgtree import reference_org_nodes

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))  # inspection_factories
TODAY = dt.date(2026, 3, 2)
# A test double of the gateway's staff list: five inspectors in 城关区 (county and its stations).
STAFF = [Staff(f"00000000-0000-4000-8000-00000000000{n}", name, code) for n, (name, code) in enumerate([
    ("城关区局 格桑", "540102"), ("城关区局 卓玛", "540102"), ("八廓所 次仁", "540102-01"),
    ("八廓所 扎西", "540102-01"), ("吉日所 拉巴", "540102-02")], start=1)]


async def staff_double(org_code: str, roles: list[str]) -> list[Staff]:
    return [s for s in STAFF if s.org_unit_code == org_code or s.org_unit_code.startswith(org_code + "-")]


@pytest.fixture(scope="session")
def service_under_test() -> ServiceUnderTest:
    def factory(**overrides: object) -> FastAPI:
        app = create_app(**overrides)
        app.state.today.fn = lambda: TODAY
        app.state.org_directory = OrgDirectory.from_nodes(reference_org_nodes())
        app.state.staff_lookup = staff_double
        return app

    return ServiceUnderTest(name="inspection", alembic_ini=HERE / "alembic.ini", create_app=factory)


@pytest.fixture(autouse=True)
def fixed_today(service_app: FastAPI) -> Iterator[None]:
    service_app.state.today.fn = lambda: TODAY
    yield
    service_app.state.today.fn = lambda: TODAY
