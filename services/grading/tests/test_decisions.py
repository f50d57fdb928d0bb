"""Manual decisions need reasons and stay within the caller's jurisdiction; every route checks
role and jurisdiction in the service itself."""

from __future__ import annotations

from grading_factories import CHENGGUAN_STATION, SHIGATSE_STATION, create_unit
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.audit import AuditRecord
from servicekit.testing import AuthHelper

REGION, LHASA, CHENGGUAN, SHIGATSE = "540000", "540000/540100", "540000/540100/540102", "540000/540200"


async def test_grade_override_needs_a_reason_and_is_kept(client: AsyncClient, auth: AuthHelper,
                                                         session: AsyncSession) -> None:
    e = await create_unit(client, auth, employees=30)  # C → county
    url = f"/v1/units/{e['id']}/grade-override"
    r = await client.put(url, json={"grade": "B"}, headers=auth.headers("prefecture_officer", LHASA))
    assert r.status_code == 422 and r.json()["errors"][0]["label"] == "理由"
    r = await client.put(url, json={"grade": "B", "reason": "实际为连锁经营总部，营业收入未如实申报"},
                         headers=auth.headers("prefecture_officer", LHASA))
    assert r.status_code == 200, r.text
    u = r.json()
    assert (u["grade"], u["computed_grade"], u["grade_overridden"], u["supervising_org_code"]) == ("B", "C", True, "540100")
    history = (await client.get(f"/v1/units/{e['id']}/history", headers=auth.headers())).json()
    assert history[0]["source"] == "override" and history[0]["reason"].startswith("实际为连锁")
    audit = (await session.scalars(select(AuditRecord).where(AuditRecord.entity_id == e["id"]))).all()
    assert [a.action for a in audit] == ["override"] and audit[0].before["grade"] == "C"
    r = await client.put(url, json={"grade": None, "reason": "核实后恢复按规则分级"},
                         headers=auth.headers("prefecture_officer", LHASA))
    assert r.json()["grade"] == "C" and r.json()["grade_overridden"] is False


async def test_a_county_cannot_hand_a_unit_to_the_region(client: AsyncClient, auth: AuthHelper,
                                                         session: AsyncSession) -> None:
    e = await create_unit(client, auth, employees=30)
    r = await client.put(f"/v1/units/{e['id']}/grade-override", json={"grade": "A", "reason": "应由区局监管"},
                         headers=auth.headers("county_officer", CHENGGUAN))
    assert r.status_code == 403 and r.json()["code"] == "DECISION_OUTSIDE_JURISDICTION"
    u = (await client.get(f"/v1/units/{e['id']}", headers=auth.headers())).json()
    assert u["grade"] == "C"  # nothing written
    assert (await session.scalars(select(AuditRecord).where(AuditRecord.entity_id == e["id"]))).all() == []


async def test_escalation_and_de_escalation_with_reasons(client: AsyncClient, auth: AuthHelper) -> None:
    e = await create_unit(client, auth, employees=5)  # D → station
    url = f"/v1/units/{e['id']}/escalation"
    r = await client.put(url, json={"mode": "up", "reason": "群众多次投诉，县局直接监管"},
                         headers=auth.headers("county_officer", CHENGGUAN))
    assert (r.json()["level"], r.json()["supervising_org_code"], r.json()["escalated"]) == ("county", "540102", True)
    r = await client.put(url, json={"mode": "listed", "reason": "挂牌督办整改"}, headers=auth.headers("county_officer", CHENGGUAN))
    assert (r.json()["level"], r.json()["listed"]) == ("station", True)
    r = await client.put(url, json={"mode": "none"}, headers=auth.headers("county_officer", CHENGGUAN))
    assert r.status_code == 422
    r = await client.put(url, json={"mode": "none", "reason": "整改完成，恢复属地监管"},
                         headers=auth.headers("county_officer", CHENGGUAN))
    assert (r.json()["escalated"], r.json()["listed"], r.json()["escalation_label"]) == (False, False, "不升级")


async def test_category_and_credit_class(client: AsyncClient, auth: AuthHelper) -> None:
    e = await create_unit(client, auth, employees=5)
    h = auth.headers("county_officer", CHENGGUAN)
    r = await client.put(f"/v1/units/{e['id']}/credit-risk", json={"credit_risk_class": "higher", "reason": "信用风险分类结果"}, headers=h)
    assert (r.json()["category"], r.json()["category_basis"]) == ("key", "重点监管：信用风险分类为较高")
    r = await client.put(f"/v1/units/{e['id']}/credit-risk", json={"credit_risk_class": "high", "reason": "复核"}, headers=h)
    assert r.json()["category"] == "special"
    r = await client.put(f"/v1/units/{e['id']}/category", json={"category": "key", "reason": "已完成信用修复"}, headers=h)
    assert (r.json()["category"], r.json()["computed_category"], r.json()["category_override_reason"]) == \
        ("key", "special", "已完成信用修复")


async def test_jurisdiction_on_every_unit_route(client: AsyncClient, auth: AuthHelper) -> None:
    e = await create_unit(client, auth, employees=5, org_path=CHENGGUAN_STATION)
    other = auth.headers("prefecture_officer", SHIGATSE)
    for method, path, body in (("GET", f"/v1/units/{e['id']}", None), ("GET", f"/v1/units/{e['id']}/history", None),
                               ("PUT", f"/v1/units/{e['id']}/category", {"category": "key", "reason": "试图越权"})):
        r = await client.request(method, path, json=body, headers=other)
        assert r.status_code == 404, (path, r.text)
    listed = (await client.get("/v1/units", headers=other)).json()
    assert e["id"] not in [i["enterprise_id"] for i in listed["items"]]
    mine = (await client.get("/v1/units", headers=auth.headers("station_inspector", CHENGGUAN_STATION))).json()
    assert e["id"] in [i["enterprise_id"] for i in mine["items"]]
    # station inspectors see but do not decide
    r = await client.put(f"/v1/units/{e['id']}/category", json={"category": "key", "reason": "检查发现"},
                         headers=auth.headers("station_inspector", CHENGGUAN_STATION))
    assert r.status_code == 403 and r.json()["code"] == "ROLE_NOT_ALLOWED"
    # an enterprise user sees its own grade only
    own = auth.headers("enterprise_user", CHENGGUAN_STATION, enterprise_id=e["id"])
    assert (await client.get(f"/v1/units/{e['id']}", headers=own)).status_code == 200
    other_e = await create_unit(client, auth, employees=5, org_path=SHIGATSE_STATION)
    assert (await client.get(f"/v1/units/{other_e['id']}", headers=own)).status_code == 404
    assert (await client.get("/v1/units", headers=own)).status_code == 403
    assert (await client.get(f"/v1/units/{e['id']}")).status_code == 401


async def test_distribution_by_org(client: AsyncClient, auth: AuthHelper) -> None:
    for n in (3, 4, 30, 400):
        await create_unit(client, auth, employees=n)
    await create_unit(client, auth, employees=3, org_path=SHIGATSE_STATION)
    r = await client.get("/v1/units/summary", params={"org": "540102"}, headers=auth.headers("prefecture_officer", LHASA))
    d = r.json()
    assert d["total"] == 4 and d["by_grade"] == {"D": 2, "C": 1, "B": 1}
    assert d["supervised_directly"] == {"C": 1}
    r = await client.get("/v1/units/summary", params={"org": "540200"}, headers=auth.headers("prefecture_officer", LHASA))
    assert r.status_code == 403
    # the list can follow the same org unit, and names each unit's supervising bureau
    listed = (await client.get("/v1/units", params={"org": "540102"}, headers=auth.headers())).json()
    assert listed["total"] == 4
    assert {i["supervising_org_name"] for i in listed["items"]} >= {"城关区市场监督管理局", "拉萨市市场监督管理局"}
    assert (await client.get("/v1/units", params={"org": "540200"}, headers=auth.headers("prefecture_officer", LHASA))
            ).status_code == 403
    r = await client.get("/v1/units/summary", params={"org": "999999"}, headers=auth.headers())
    assert r.status_code == 422 and r.json()["code"] == "ORG_UNKNOWN"
