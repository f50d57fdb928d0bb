"""Every route checks the caller itself (enumerated from the OpenAPI document, so a new route
without a rule fails here): no token → 401, an enterprise user → 403 everywhere, a station
inspector → 403 on every write except answering what is addressed to it and its bureau records."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from httpx import AsyncClient

from servicekit.testing import AuthHelper

STATION = "540000/540100/540102/540102-01"
# writes a station inspector may reach (each still checks that the thing is its own)
STATION_WRITES = {
    ("POST", "/v1/followups/{followup_id}/answer"), ("POST", "/v1/followups/{followup_id}/files"),
    ("POST", "/v1/progress/decisions/{decision_id}/done"), ("PUT", "/v1/progress/reports/{period_code}"),
    ("POST", "/v1/progress/reports/{period_code}/submit"),
}


# an enterprise user reads its own reminders (none here: the audit service owes enterprises nothing)
ENTERPRISE_OK = {("GET", "/v1/reminders"), ("GET", "/v1/reminders/summary")}


def _routes(app: FastAPI) -> list[tuple[str, str, str]]:
    out = []
    for path, ops in app.openapi()["paths"].items():
        if path in ("/healthz", "/readyz", "/metrics") or path.startswith("/internal"):
            continue
        for method in ops:
            url = path.replace("{delivery_id}", "1").replace("{fmt}", "pdf").replace("{period_code}", "2026-11-H1")
            url = url.replace("{code}", "1.1").replace("{org_code}", "540100")
            while "{" in url:
                start = url.index("{")
                url = url[:start] + str(uuid.uuid4()) + url[url.index("}") + 1:]
            out.append((method.upper(), path, url))
    return out


async def test_no_token_and_enterprise_users_are_refused_everywhere(client: AsyncClient, auth: AuthHelper,
                                                                    service_app: FastAPI) -> None:
    ent = auth.headers("enterprise_user", STATION, enterprise_id=str(uuid.uuid4()))
    routes = _routes(service_app)
    assert len(routes) >= 50
    for method, path, url in routes:
        r = await client.request(method, url, json={})
        assert r.status_code == 401, (method, path, r.status_code)
        r = await client.request(method, url, json={}, headers=ent)
        if (method, path) in ENTERPRISE_OK:
            assert r.status_code == 200 and r.json().get("total", 0) == 0, (method, path, r.text[:200])
            continue
        assert r.status_code == 403, (method, path, r.status_code, r.text[:200])


async def test_station_inspectors_do_not_audit_score_or_dispatch(client: AsyncClient, auth: AuthHelper,
                                                                 service_app: FastAPI) -> None:
    h = auth.headers("station_inspector", STATION)
    checked = 0
    for method, path, url in _routes(service_app):
        if (method == "GET" and "/national/" not in path) or (method, path) in STATION_WRITES:
            continue
        r = await client.request(method, url, json={}, headers=h)
        assert r.status_code == 403, (method, path, r.status_code, r.text[:200])
        checked += 1
    assert checked >= 25
