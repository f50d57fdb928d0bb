"""Every route checks the caller's role itself: an enterprise user reaches only the routes meant for
it (enumerated from the OpenAPI document, so a new route without a rule fails here)."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from httpx import AsyncClient
from inspection_factories import STATION

from servicekit.testing import AuthHelper

# routes an enterprise user may call (always limited to its own unit inside)
ENTERPRISE_OK = {
    ("GET", "/v1/templates"), ("GET", "/v1/templates/{template_id}"),
    ("GET", "/v1/units/{enterprise_id}/risk-points"), ("POST", "/v1/units/{enterprise_id}/risk-points"),
    ("POST", "/v1/units/{enterprise_id}/risk-points/{point_id}/retire"),
    ("GET", "/v1/inspections"), ("GET", "/v1/inspections/{inspection_id}"),
    ("GET", "/v1/inspections/{inspection_id}/photos"), ("GET", "/v1/inspections/{inspection_id}/photos/{photo_id}"),
    ("GET", "/v1/inspections/{inspection_id}/export.pdf"), ("GET", "/v1/inspections/{inspection_id}/export.xlsx"),
    ("GET", "/v1/rectifications"), ("POST", "/v1/rectifications/{rectification_id}/answer"),
    ("PUT", "/v1/rectifications/{rectification_id}/evidence/{evidence_id}"),
    ("GET", "/v1/rectifications/{rectification_id}/evidence"), ("GET", "/v1/rectifications/{rectification_id}"),
    ("DELETE", "/v1/rectifications/{rectification_id}/evidence/{evidence_id}"),
    ("GET", "/v1/rectifications/{rectification_id}/evidence/{evidence_id}"),
    ("GET", "/v1/recalls"), ("POST", "/v1/recalls/{recall_id}/progress"), ("GET", "/v1/assistance"),
    ("GET", "/v1/assessments/{assessment_id}/people/{person_id}/paper"), ("GET", "/v1/assessments/mine"),
    *{(m, "/v1/routines" + p) for m, p in [
        ("GET", "/templates"), ("GET", "/units/{enterprise_id}/risk-list"), ("GET", "/units/{enterprise_id}/risk-list/versions"),
        ("PUT", "/units/{enterprise_id}/risk-list"), ("GET", "/records"), ("PUT", "/records/{record_id}"),
        ("POST", "/records/{record_id}/submit"), ("GET", "/records/{record_id}"), ("GET", "/records/{record_id}/revisions"),
        ("DELETE", "/records/{record_id}"), ("PUT", "/records/{record_id}/photos/{photo_id}"),
        ("GET", "/records/{record_id}/photos/{photo_id}"), ("DELETE", "/records/{record_id}/photos/{photo_id}"), ("GET", "/units/{enterprise_id}/calendar"),
        ("GET", "/units/{enterprise_id}/problems"), ("GET", "/units/{enterprise_id}/evidence"), ("GET", "/due"),
        ("GET", "/units/{enterprise_id}/roster"), ("GET", "/units/{enterprise_id}/training"),
        ("POST", "/units/{enterprise_id}/training"), ("GET", "/units/{enterprise_id}/documents"),
        ("POST", "/units/{enterprise_id}/documents"), ("GET", "/units/{enterprise_id}/documents/{document_id}")]},
    ("POST", "/v1/assessments/{assessment_id}/people/{person_id}/answers"),
    ("GET", "/v1/reminders"), ("GET", "/v1/reminders/summary"),  # its own (by enterprise_id)
}


async def test_enterprise_users_reach_only_their_routes(client: AsyncClient, auth: AuthHelper,
                                                        service_app: FastAPI) -> None:
    h = auth.headers("enterprise_user", STATION, enterprise_id=str(uuid.uuid4()))
    checked = 0
    for path, ops in service_app.openapi()["paths"].items():
        if path in ("/healthz", "/readyz", "/metrics") or path.startswith("/internal"):
            continue
        for method in ops:
            if (method.upper(), path) in ENTERPRISE_OK:
                continue
            url = path.replace("{template_id}", "1")
            while "{" in url:
                start = url.index("{")
                url = url[:start] + str(uuid.uuid4()) + url[url.index("}") + 1:]
            r = await client.request(method.upper(), url, json={}, headers=h)
            assert r.status_code == 403, (method, path, r.status_code, r.text[:200])
            checked += 1
    assert checked >= 20
