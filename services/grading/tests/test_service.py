"""The grading service runs on its own migrated database and verifies tokens itself."""

from pathlib import Path

from httpx import AsyncClient

from servicekit.testing import AuthHelper
from servicekit.testing.conformance import assert_service_basics

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


async def test_service_basics(client: AsyncClient, auth: AuthHelper) -> None:
    await assert_service_basics(client, auth, service="grading", alembic_ini=ALEMBIC_INI)
