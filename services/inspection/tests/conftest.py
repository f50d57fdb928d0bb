from pathlib import Path

import pytest

from inspection.main import create_app
from servicekit.testing import ServiceUnderTest

HERE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def service_under_test() -> ServiceUnderTest:
    return ServiceUnderTest(name="inspection", alembic_ini=HERE / "alembic.ini", create_app=create_app)
