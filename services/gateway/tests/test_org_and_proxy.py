"""The org tree is scoped by jurisdiction; the proxy is transparent but never trusts forged identity."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("seeded")

LHASA_COUNTIES = {"城关区", "堆龙德庆区", "达孜区", "林周县", "当雄县", "尼木县", "曲水县", "墨竹工卡县"}


def _walk(nodes):  # type: ignore[no-untyped-def]
    for n in nodes:
        yield n
        yield from _walk(n["children"])


async def test_region_sees_whole_tree(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get("/api/auth/v1/org-units", headers=auth.headers("region_admin", "540000"))
    body = resp.json()
    assert len(body["items"]) == 1 and body["items"][0]["code"] == "540000"
    nodes = list(_walk(body["items"]))
    by_level: dict[str, int] = {}
    for n in nodes:
        by_level[n["level"]] = by_level.get(n["level"], 0) + 1
    assert by_level["prefecture"] == 8  # 7 prefectures + 拉萨经开区
    assert by_level["county"] == 74
    assert by_level["station"] >= 74
    assert body["total"] == len(nodes)


async def test_prefecture_sees_only_its_counties(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get("/api/auth/v1/org-units", headers=auth.headers("prefecture_officer", "540000/540100"))
    root = resp.json()["items"][0]
    assert root["short_name"] == "拉萨市" and root["level"] == "prefecture"
    assert {c["short_name"] for c in root["children"]} == LHASA_COUNTIES
    codes = {n["code"] for n in _walk(resp.json()["items"])}
    assert "540200" not in codes and "540000" not in codes
    other = await client.get("/api/auth/v1/org-units/540202", headers=auth.headers("prefecture_officer", "540000/540100"))
    assert other.status_code == 404


async def test_enterprise_user_cannot_read_org_tree(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get(
        "/api/auth/v1/org-units", headers=auth.headers("enterprise_user", "540000/540100/540102/540102-01")
    )
    assert resp.status_code == 403 and resp.json()["code"] == "ROLE_NOT_ALLOWED"


async def test_only_admins_manage_users(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get("/api/auth/v1/users", headers=auth.headers("prefecture_officer", "540000/540100"))
    assert resp.status_code == 403
    created = await client.post(
        "/api/auth/v1/users", headers=auth.headers("region_admin", "540000"),
        json={"username": "tsering", "display_name": "次仁", "password": "Yamdrok#2026", "org_unit_code": "540102",
              "roles": ["station_inspector"]},
    )
    assert created.status_code == 422 and created.json()["code"] == "ROLE_LEVEL_MISMATCH"
    created = await client.post(
        "/api/auth/v1/users", headers=auth.headers("region_admin", "540000"),
        json={"username": "tsering", "display_name": "次仁", "password": "Yamdrok#2026", "org_unit_code": "540102",
              "roles": ["county_officer"]},
    )
    assert created.status_code == 201, created.text
    dup = await client.post(
        "/api/auth/v1/users", headers=auth.headers("region_admin", "540000"),
        json={"username": "tsering", "display_name": "次仁", "password": "Yamdrok#2026", "org_unit_code": "540102",
              "roles": ["county_officer"]},
    )
    assert dup.status_code == 409 and dup.json()["code"] == "USERNAME_TAKEN"


async def test_proxy_passes_body_status_and_query(client: AsyncClient, auth: AuthHelper) -> None:
    payload = '{"名称":"拉萨高原燃气具有限公司"}'.encode()
    resp = await client.post(
        "/api/registry/v1/echo/a/b?status=201&x=1", content=payload, headers={"content-type": "application/json"},
    )
    assert resp.status_code == 201
    assert resp.content == payload
    assert resp.headers["x-seen-path"] == "a/b" and resp.headers["x-seen-query"] == "status=201&x=1"
    teapot = await client.get("/api/registry/v1/echo/x?status=418")
    assert teapot.status_code == 418


async def test_proxy_strips_spoofed_identity_headers(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get(
        "/api/registry/v1/echo/x",
        headers={"x-user-id": "admin", "x-roles": "region_admin", "x-org-path": "540000", "x-forwarded-user": "root",
                 "x-principal": "evil", "x-request-id": "abcdef1234567890", **auth.headers("county_officer", "540000/540100/540102")},
    )
    seen = resp.headers["x-seen-headers"].split(",")
    assert not {"x-user-id", "x-roles", "x-org-path", "x-forwarded-user", "x-principal"} & set(seen)
    assert "authorization" in seen and "x-request-id" in seen and "x-forwarded-for" in seen
    assert resp.headers["x-request-id"] == "abcdef1234567890"


async def test_proxy_rejects_bad_token_at_edge_and_hides_internal(client: AsyncClient, auth: AuthHelper) -> None:
    forged = await client.get("/api/registry/v1/echo/x", headers={"authorization": "Bearer not.a.token"})
    assert forged.status_code == 401 and forged.json()["code"] == "AUTH_TOKEN_MALFORMED"
    # A service token never enters from outside.
    svc = await client.get("/api/registry/v1/echo/x", headers=auth.service_headers())
    assert svc.status_code == 401
    internal = await client.post("/api/registry/internal/events", json={})
    assert internal.status_code == 404


async def test_stopped_service_gives_502_and_slow_one_504(client: AsyncClient) -> None:
    down = await client.get("/api/grading/v1/anything")
    assert down.status_code == 502
    assert down.headers["content-type"].startswith("application/problem+json")
    assert down.json()["code"] == "UPSTREAM_UNAVAILABLE" and "分层分级服务" in down.json()["detail"]
    slow = await client.get("/api/registry/v1/slow")
    assert slow.status_code == 504 and slow.json()["code"] == "UPSTREAM_TIMEOUT"


async def test_services_read_whole_tree_with_service_token(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get("/api/auth/v1/org-units", headers=auth.service_headers())
    assert resp.status_code == 200 and resp.json()["items"][0]["code"] == "540000"


async def test_staff_of_an_org_unit(client: AsyncClient, auth: AuthHelper) -> None:
    """Who can be drawn to inspect: the regulators of a unit and below, for its regulators and services."""
    county = auth.headers("county_officer", "540000/540100/540102")
    staff = (await client.get("/api/auth/v1/staff", params={"org": "540102"}, headers=county)).json()
    assert {(s["display_name"], s["org_unit_code"]) for s in staff} >= {
        ("城关区局监管员（演示）", "540102"), ("八廓所检查员（演示）", "540102-01")}
    assert all("enterprise_user" not in s["roles"] for s in staff)
    inspectors = (await client.get("/api/auth/v1/staff", params={"org": "540102", "role": "station_inspector"},
                                   headers=auth.service_headers())).json()
    assert [s["display_name"] for s in inspectors] == ["八廓所检查员（演示）"]
    r = await client.get("/api/auth/v1/staff", params={"org": "540200"}, headers=county)
    assert r.status_code == 403
    r = await client.get("/api/auth/v1/staff", params={"org": "540102"},
                         headers=auth.headers("enterprise_user", "540000/540100/540102/540102-01"))
    assert r.status_code == 403
