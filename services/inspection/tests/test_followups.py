"""Recalls (order, progress, closure), technical assistance, and referrals for enforcement."""

from __future__ import annotations

from httpx import AsyncClient
from inspection_factories import CHENGGUAN, SHIGATSE, STATION, unit
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.outbox import OutboxEvent
from servicekit.testing import AuthHelper


async def test_a_recall_from_order_to_closure(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    county = auth.headers("county_officer", CHENGGUAN)
    producer = await unit(client, auth, unit_types=["production"])
    seller = await unit(client, auth, unit_types=["retail"])
    body = {"enterprise_id": producer["id"], "product": "JZT2-A 型家用燃气灶（批次 20260115）",
            "defect": "熄火保护装置失效", "order_no": "城市监召〔2026〕1号", "ordered_on": "2026-02-20", "quantity": 300}
    r = await client.post("/v1/recalls", json={**body, "enterprise_id": seller["id"]}, headers=county)
    assert r.status_code == 422 and r.json()["code"] == "RECALL_NOT_PRODUCER"
    r = await client.post("/v1/recalls", json={**body, "due_on": "2026-02-01"}, headers=county)
    assert r.status_code == 422 and r.json()["code"] == "RECALL_DUE_BEFORE_ORDER"
    recall = (await client.post("/v1/recalls", json={**body, "due_on": "2026-03-01"}, headers=county)).json()
    assert recall["status_label"] == "已责令召回" and recall["enterprise_name"] == producer["name"]
    listed = (await client.get("/v1/recalls", headers=county)).json()
    mine = next(x for x in listed if x["id"] == recall["id"])
    assert mine["overdue"] is True and mine["enterprise_name"] == producer["name"]  # today is 2 March
    own = auth.headers("enterprise_user", STATION, enterprise_id=producer["id"])
    r = await client.post(f"/v1/recalls/{recall['id']}/progress", json={"text": "已通知经销商下架", "recovered": 120},
                          headers=own)
    assert (r.json()["status"], r.json()["recovered"]) == ("in_progress", 120)
    r = await client.post(f"/v1/recalls/{recall['id']}/progress", json={"text": "超量", "recovered": 301}, headers=own)
    assert r.json()["code"] == "RECALL_QUANTITY"
    r = await client.post(f"/v1/recalls/{recall['id']}/close", json={"note": "已全部召回并销毁"}, headers=own)
    assert r.status_code == 403  # the regulator closes it
    r = await client.post(f"/v1/recalls/{recall['id']}/close", json={"note": "已全部召回并销毁", "closed_on": "2026-02-01"},
                          headers=county)
    assert r.status_code == 422 and r.json()["code"] == "RECALL_CLOSED_BEFORE_ORDER"
    r = await client.post(f"/v1/recalls/{recall['id']}/close", json={"note": "已全部召回并销毁"}, headers=county)
    assert r.json()["status"] == "closed" and len(r.json()["progress"]) == 1 and r.json()["overdue"] is False
    topics = (await session.scalars(select(OutboxEvent.topic).where(OutboxEvent.topic.like("recall.%")))).all()
    assert sorted(topics) == ["recall.closed", "recall.ordered", "recall.progress"]
    far = auth.headers("prefecture_officer", SHIGATSE)
    assert (await client.get("/v1/recalls", headers=far)).json() == []


async def test_assistance_and_referrals(client: AsyncClient, auth: AuthHelper) -> None:
    county = auth.headers("county_officer", CHENGGUAN)
    e = await unit(client, auth)
    r = await client.post("/v1/assistance", json={"enterprise_id": e["id"], "visited_on": "2026-02-28",
                                                  "problems": "出厂检验记录不全", "measures": ["建立出厂检验台账", "配备检验人员"],
                                                  "experts": "自治区产品质量监督检验所"}, headers=county)
    assert r.status_code == 201 and r.json()["measures"] == ["建立出厂检验台账", "配备检验人员"]
    r = await client.post("/v1/assistance", json={"enterprise_id": e["id"], "visited_on": "2026-02-28",
                                                  "problems": "无", "measures": []}, headers=county)
    assert r.status_code == 422
    ref = (await client.post("/v1/referrals", json={"enterprise_id": e["id"], "violation": "未按规定配备质量安全总监，拒不整改",
                                                    "referred_to": "城关区市场监管局执法大队", "referred_on": "2026-03-01"},
                             headers=county)).json()
    r = await client.patch(f"/v1/referrals/{ref['id']}", json={"status": "filed"}, headers=county)
    assert r.json()["code"] == "CASE_NO_REQUIRED"
    r = await client.patch(f"/v1/referrals/{ref['id']}", json={"status": "filed", "case_no": "城市监立〔2026〕12号"},
                           headers=county)
    assert r.json()["status_label"] == "已立案"
    r = await client.patch(f"/v1/referrals/{ref['id']}", json={"status": "concluded", "outcome": "警告并责令改正"},
                           headers=county)
    assert (r.json()["status"], r.json()["concluded_on"]) == ("concluded", "2026-03-02")
    r = await client.patch(f"/v1/referrals/{ref['id']}", json={"status": "filed", "case_no": "x"}, headers=county)
    assert r.json()["code"] == "REFERRAL_STATE"
    # concluding again would rewrite the date and the outcome: refused
    r = await client.patch(f"/v1/referrals/{ref['id']}", json={"status": "concluded", "outcome": "另一结果"}, headers=county)
    assert r.status_code == 409 and r.json()["code"] == "REFERRAL_STATE"
