"""One commit per request, rollback on error, problem+json, audit records, jurisdiction."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.audit import AuditRecord
from servicekit.outbox import OutboxEvent
from servicekit.testing import AuthHelper

CHENGGUAN = "540000/540100/540102"
SAMZHUBZE = "540000/540200/540202"


async def _count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_success_commits_change_audit_and_event_together(
    client: AsyncClient, session: AsyncSession, auth: AuthHelper
) -> None:
    resp = await client.post("/v1/widgets", json={"name": "燃气灶", "org_path": CHENGGUAN},
                             headers=auth.headers("county_officer", CHENGGUAN))
    assert resp.status_code == 201
    audit = (await session.scalars(select(AuditRecord))).all()
    assert len(audit) == 1
    assert audit[0].action == "create" and audit[0].after == {"id": resp.json()["id"], "name": "燃气灶", "org_path": CHENGGUAN}
    assert audit[0].actor_org_path == CHENGGUAN and audit[0].request_id
    assert await _count(session, OutboxEvent) == 1


async def test_error_rolls_back_change_audit_and_event(
    client: AsyncClient, session: AsyncSession, auth: AuthHelper
) -> None:
    resp = await client.post("/v1/widgets/then-fail", json={"name": "电动自行车", "org_path": CHENGGUAN},
                             headers=auth.headers("county_officer", CHENGGUAN))
    assert resp.status_code == 409
    assert resp.headers["content-type"] == "application/problem+json"
    body = resp.json()
    assert body["code"] == "DEMO_CONFLICT" and body["detail"] == "演示：业务冲突" and body["status"] == 409
    assert await _count(session, AuditRecord) == 0
    assert await _count(session, OutboxEvent) == 0


async def test_validation_error_is_chinese_problem_and_writes_nothing(
    client: AsyncClient, session: AsyncSession, auth: AuthHelper
) -> None:
    resp = await client.post("/v1/widgets", json={"name": "", "org_path": CHENGGUAN},
                             headers=auth.headers("county_officer", CHENGGUAN))
    assert resp.status_code == 422
    body = resp.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert body["errors"][0]["field"] == "name" and body["errors"][0]["message"] == "内容过短"
    assert await _count(session, AuditRecord) == 0


async def test_jurisdiction_scopes_lists_and_reads(client: AsyncClient, auth: AuthHelper) -> None:
    region = auth.headers("region_officer", "540000")
    a = (await client.post("/v1/widgets", json={"name": "城关", "org_path": CHENGGUAN}, headers=region)).json()
    b = (await client.post("/v1/widgets", json={"name": "桑珠孜", "org_path": SAMZHUBZE}, headers=region)).json()
    # A look-alike path must not match by prefix: 5401020 is not below 540102.
    await client.post("/v1/widgets", json={"name": "相似编码", "org_path": "540000/540100/5401020"}, headers=region)

    county = auth.headers("county_officer", CHENGGUAN)
    listed = (await client.get("/v1/widgets", headers=county)).json()
    assert [w["name"] for w in listed["items"]] == ["城关"] and listed["total"] == 1
    assert (await client.get(f"/v1/widgets/{a['id']}", headers=county)).status_code == 200
    other = await client.get(f"/v1/widgets/{b['id']}", headers=county)
    assert other.status_code == 403 and other.json()["code"] == "OUT_OF_JURISDICTION"
    assert "桑珠孜" not in other.text
    cannot_create = await client.post("/v1/widgets", json={"name": "越权", "org_path": SAMZHUBZE}, headers=county)
    assert cannot_create.status_code == 403
    assert (await client.get("/v1/widgets", headers=region)).json()["total"] == 3


async def test_roles_and_enterprise_users(client: AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get("/v1/widgets", headers=auth.headers("enterprise_user", CHENGGUAN + "/540102-01"))
    assert resp.status_code == 403 and resp.json()["code"] == "ROLE_NOT_ALLOWED"
    svc = await client.get("/v1/widgets", headers=auth.service_headers())
    assert svc.status_code == 403 and svc.json()["code"] == "SERVICE_TOKEN_NOT_ALLOWED"


async def test_audit_log_is_append_only(client: AsyncClient, session: AsyncSession, auth: AuthHelper) -> None:
    await client.post("/v1/widgets", json={"name": "消防器材", "org_path": CHENGGUAN},
                      headers=auth.headers("county_officer", CHENGGUAN))
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    nested = await session.begin_nested()
    try:
        await session.execute(text("UPDATE audit_log SET actor_username = 'someone else'"))
        raise AssertionError("UPDATE of audit_log should have been refused")
    except DBAPIError as exc:
        assert "append-only" in str(exc)
    finally:
        await nested.rollback()


async def test_health_readiness_and_metrics(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).status_code == 200
    assert (await client.get("/readyz")).json()["status"] == "ready"
    metrics = await client.get("/metrics")
    assert "http_requests_total" in metrics.text
