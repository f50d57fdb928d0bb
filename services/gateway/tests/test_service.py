"""Health, the SPA fallback, security headers, unknown API routes."""

from pathlib import Path

from fastapi import FastAPI
from httpx import AsyncClient


async def test_health_and_readiness(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["service"] == "gateway"
    assert (await client.get("/readyz")).status_code == 200


async def test_spa_fallback_and_headers(client: AsyncClient, service_app: FastAPI, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "field").mkdir()
    (tmp_path / "index.html").write_text("<html>admin</html>", encoding="utf-8")
    (tmp_path / "field" / "index.html").write_text("<html>field</html>", encoding="utf-8")
    (tmp_path / "assets" / "app.js").write_text("console.log(1)", encoding="utf-8")
    original = service_app.state.settings.frontend_dist
    service_app.state.settings.frontend_dist = tmp_path
    try:
        admin = await client.get("/org/units")
        assert admin.status_code == 200 and "admin" in admin.text
        assert admin.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in admin.headers["content-security-policy"]
        field = await client.get("/field/tasks")
        assert "field" in field.text
        asset = await client.get("/assets/app.js")
        assert "immutable" in asset.headers["cache-control"]
        missing = await client.get("/assets/nope.js")
        assert missing.status_code == 404
        escape = await client.get("/..%2f..%2fetc/passwd")
        assert "root:" not in escape.text
    finally:
        service_app.state.settings.frontend_dist = original


async def test_unknown_api_route_is_problem_json(client: AsyncClient) -> None:
    resp = await client.get("/api/nothing/v1/here")
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] == "ROUTE_NOT_FOUND"
