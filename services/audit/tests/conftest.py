from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from audit.clients.figures import Figures
from audit.main import create_app
from servicekit.orgs import OrgDirectory
from servicekit.testing import ServiceUnderTest
from servicekit.testing.orgtree import reference_org_nodes

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))
TODAY = dt.date(2026, 11, 27)


class FigureDouble:
    """Stands in for registry, grading and inspection's /internal/audit-figures (the real ones are
    read over HTTP in tests/test_audit_platform.py)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.figures: dict[str, dict[str, Any]] = {
            "registry": {"units_total": 120, "units_archived_in_period": 8, "units_updated_in_period": 30,
                         "archives_pending": 3, "archives_overdue": 0, "archives_late_in_period": 1,
                         "responsible_overdue": 0, "director_required": 10, "director_covered": 10,
                         "officer_covered": 9},
            "grading": {"level": "prefecture", "level_grade": "B", "units_total": 120, "graded_units": 118,
                        "ungraded_units": 2, "level_units": 6, "level_units_with_responsible": 6,
                        "key_supervision_units": 4, "special_supervision_units": 1, "high_risk_units": 2,
                        "high_risk_visit_overdue": 0},
            "inspection": {"units_known": 120, "inspections_in_period": 14, "units_inspected_in_period": 12,
                           "inspections_with_risk_points": 14, "units_with_risk_list": 40,
                           "rectifications_issued_in_period": 3, "rectifications_open": 1, "rectifications_overdue": 0,
                           "assessments_in_period": 2, "assessments_published_in_period": 1, "assessment_people": 9,
                           "assessment_people_passed": 8},
        }
        self.down: set[str] = set()
        self.calls: list[tuple[str, dt.date, dt.date]] = []

    async def __call__(self, org_path: str, start: dt.date, end: dt.date) -> Figures:
        self.calls.append((org_path, start, end))
        out = Figures()
        for name, values in self.figures.items():
            if name in self.down:
                out.unavailable[name] = f"{name}暂不可用（测试）"
            else:
                out.by_service[name] = dict(values)
        return out


FIGURES = FigureDouble()


@pytest.fixture(scope="session")
def service_under_test() -> ServiceUnderTest:
    def factory(**overrides: object) -> FastAPI:
        app = create_app(**overrides)
        app.state.today.fn = lambda: TODAY
        app.state.org_directory = OrgDirectory.from_nodes(reference_org_nodes())
        app.state.figure_source = FIGURES
        return app

    return ServiceUnderTest(name="audit", alembic_ini=HERE / "alembic.ini", create_app=factory)


@pytest.fixture(autouse=True)
def fixed_today(service_app: FastAPI) -> Iterator[None]:
    service_app.state.today.fn = lambda: TODAY
    FIGURES.reset()
    yield
    service_app.state.today.fn = lambda: TODAY


@pytest.fixture
def figures() -> FigureDouble:
    return FIGURES
