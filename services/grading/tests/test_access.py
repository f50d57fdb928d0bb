"""Every route of the grading service checks the caller itself: enumerated from the OpenAPI
document, so a new route without a rule fails here."""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from servicekit.testing import AuthHelper

PUBLIC = {"/healthz", "/readyz", "/metrics"}
# routes an enterprise user may call (its own unit only)
ENTERPRISE_OK = {("POST", "/v1/classify"), ("GET", "/v1/units/{enterprise_id}"),
                 ("GET", "/v1/units/{enterprise_id}/history"),
                 ("GET", "/v1/reminders"), ("GET", "/v1/reminders/summary")}  # their own reminders (none here)


def routes(app: FastAPI) -> list[tuple[str, str]]:
    out = []
    for path, ops in app.openapi()["paths"].items():
        if path in PUBLIC or path.startswith("/internal"):
            continue
        out.extend((method.upper(), path) for method in ops)
    return out


def concrete(path: str) -> str:
    return re.sub(r"\{year\}", "2026", re.sub(r"\{[a-z_]+\}", str(uuid.uuid4()), path))


async def test_every_route_needs_a_token(client: AsyncClient, service_app: FastAPI) -> None:
    found = routes(service_app)
    assert len(found) >= 20
    for method, path in found:
        r = await client.request(method, concrete(path), json={})
        assert r.status_code == 401, (method, path, r.status_code)
        assert r.headers["content-type"].startswith("application/problem+json")


async def test_enterprise_users_reach_only_their_own_routes(client: AsyncClient, auth: AuthHelper,
                                                            service_app: FastAPI) -> None:
    h = auth.headers("enterprise_user", "540000/540100/540102/540102-01", enterprise_id=str(uuid.uuid4()))
    for method, path in routes(service_app):
        if (method, path) in ENTERPRISE_OK:
            continue
        r = await client.request(method, concrete(path), json={}, headers=h)
        assert r.status_code == 403, (method, path, r.status_code, r.text)


@pytest.mark.parametrize("path", ["/v1/units/summary", "/v1/responsibility", "/v1/category-lists/2026",
                                  "/v1/responsibility/export", "/v1/category-lists/2026/export"])
async def test_org_scoped_reads_refuse_other_jurisdictions(client: AsyncClient, auth: AuthHelper, path: str) -> None:
    county = auth.headers("county_officer", "540000/540100/540102")
    assert (await client.get(path, params={"org": "540103"}, headers=county)).status_code == 403
    assert (await client.get(path, params={"org": "540100"}, headers=county)).status_code == 403
    assert (await client.get(path, params={"org": "540102-01"}, headers=county)).status_code == 200
