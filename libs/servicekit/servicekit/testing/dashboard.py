"""Driving a service's dashboard figures in its tests: recompute now, then read them."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from servicekit.testing.plugin import REGION, AuthHelper


async def refresh_dashboard(client: AsyncClient, auth: AuthHelper) -> dict[str, Any]:
    """Recompute the service's figures now (the job's work), as operations would."""
    r = await client.post("/internal/dashboard/refresh", headers=auth.service_headers())
    assert r.status_code == 200 and r.json()["skipped"] is False, r.text
    return r.json()  # type: ignore[no-any-return]


async def read_dashboard(client: AsyncClient, auth: AuthHelper, org: str | None = None,
                         headers: dict[str, str] | None = None) -> dict[str, Any]:
    """`GET /v1/dashboard` for `org` (a region officer's view unless `headers` say otherwise)."""
    r = await client.get("/v1/dashboard", params={"org": org} if org else {},
                         headers=headers or auth.headers("region_officer", REGION))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert org is None or body["org_path"] == org
    return body
