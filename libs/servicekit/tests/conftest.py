import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # makes the test-only `kitapp` importable

from kitapp.app import create_app  # noqa: E402

from servicekit.testing import ServiceUnderTest  # noqa: E402


@pytest.fixture(scope="session")
def service_under_test() -> ServiceUnderTest:
    return ServiceUnderTest(name="kitapp", alembic_ini=HERE / "kitapp" / "alembic.ini", create_app=create_app)
