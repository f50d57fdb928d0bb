"""The registry runs on its own migrated database and verifies tokens itself."""

from httpx import AsyncClient

from servicekit.testing import AuthHelper


async def test_health_and_readiness(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["service"] == "registry"
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text


async def test_system_info_requires_admin_or_service(client: AsyncClient, auth: AuthHelper) -> None:
    assert (await client.get("/v1/system/info")).status_code == 401
    denied = await client.get("/v1/system/info", headers=auth.headers("county_officer", "540000/540100/540102"))
    assert denied.status_code == 403
    assert denied.json()["code"] == "ROLE_NOT_ALLOWED"
    ok = await client.get("/v1/system/info", headers=auth.service_headers())
    assert ok.status_code == 200
    assert ok.json()["migration"] == "0003"
