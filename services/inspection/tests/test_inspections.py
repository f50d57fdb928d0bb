"""A full inspection through the API: draft, retries that never duplicate, conflicts shown, bad
input refused with nothing written, submit → rectification notices and risk events → the
enterprise answers, the regulator returns and then closes; overdue tracking."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from inspection_factories import SHIGATSE, STATION, unit
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import Inspection, Rectification
from servicekit.outbox import OutboxEvent
from servicekit.testing import AuthHelper

STATION_H: dict[str, str] = {}


def answers(items: list[dict[str, Any]], *, no: dict[str, str] | None = None) -> list[dict[str, Any]]:
    no = no or {}
    return [{"item_no": i["item_no"], "result": "no" if i["item_no"] in no else "yes", "remark": no.get(i["item_no"])}
            for i in items]


async def test_from_task_to_closed_rectification(client: AsyncClient, auth: AuthHelper, session: AsyncSession,
                                                 service_app: FastAPI) -> None:
    station = auth.headers("station_inspector", STATION)
    e = await unit(client, auth, unit_types=["retail"])
    task = (await client.post("/v1/tasks", json={"enterprise_id": e["id"], "due_on": "2026-03-20",
                                                 "reason": "春节后复工检查"}, headers=station)).json()
    mine = (await client.get("/v1/tasks", params={"mine": True, "status": "open"}, headers=station)).json()
    assert [t["id"] for t in mine["items"]] == [task["id"]]

    iid = str(uuid.uuid4())
    body = {"enterprise_id": e["id"], "task_id": task["id"], "inspected_on": "2026-03-02", "base_version": 0,
            "responsible_department": "质量部", "contact": "次仁 139****0001"}
    draft = (await client.put(f"/v1/inspections/{iid}", json=body, headers=station)).json()
    assert (draft["status"], draft["version"], len(draft["items"])) == ("draft", 1, 17)
    filled = {**body, "base_version": 1,
              "items": answers(draft["items"], no={"2.1": "未建立每日检查记录", "3.2": "部分电动自行车无中文标识"})}
    saved = await client.put(f"/v1/inspections/{iid}", json=filled, headers=station)
    assert saved.json()["version"] == 2
    # the phone retries the same save after a dropped connection: same answer, nothing duplicated
    retry = await client.put(f"/v1/inspections/{iid}", json=filled, headers=station)
    assert retry.status_code == 200 and retry.json()["version"] == 2
    assert await session.scalar(select(func.count()).select_from(Inspection)) == 1

    r = await client.post(f"/v1/inspections/{iid}/submit", json={
        "base_version": 2, "deadline_days": 10, "risks": [{"severity": "larger", "summary": "销售无标识电动自行车"}]},
        headers=station)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["findings"]) == ("submitted", 2)
    again = await client.post(f"/v1/inspections/{iid}/submit", json={"base_version": 2}, headers=station)
    assert again.status_code == 200  # a retried submit is harmless
    topics = [t for t in (await session.scalars(select(OutboxEvent.topic))).all()]
    assert sorted(topics) == ["inspection.completed", "rectification.opened", "rectification.opened", "risk.recorded"]
    completed = await session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "inspection.completed"))
    assert completed is not None and completed.payload["enterprise_id"] == e["id"] and completed.payload["on_site"]
    tasks = (await client.get("/v1/tasks", params={"mine": True, "status": "submitted"}, headers=station)).json()
    assert [t["id"] for t in tasks["items"]] == [task["id"]]

    own = auth.headers("enterprise_user", STATION, enterprise_id=e["id"])
    notices = (await client.get("/v1/rectifications", headers=own)).json()["items"]
    assert [(n["item_no"], n["finding"], n["deadline"]) for n in notices] == [
        ("2.1", "未建立每日检查记录", "2026-03-12"), ("3.2", "部分电动自行车无中文标识", "2026-03-12")]
    first = notices[0]
    import io as _io

    from PIL import Image

    buf = _io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buf, "JPEG")
    evidence = f"/v1/rectifications/{first['id']}/evidence/{uuid.uuid4()}"
    for _ in range(2):  # the phone retries: still one photo
        r = await client.put(evidence, files={"file": ("e.jpg", buf.getvalue(), "image/jpeg")}, headers=own)
        assert r.status_code == 200, r.text
    r = await client.put(f"/v1/rectifications/{first['id']}/evidence/{uuid.uuid4()}",
                         files={"file": ("e.txt", b"not an image", "text/plain")}, headers=own)
    assert r.json()["code"] == "PHOTO_NOT_IMAGE"
    listed = (await client.get(f"/v1/rectifications/{first['id']}/evidence", headers=station)).json()
    assert len(listed) == 1 and listed[0]["content_type"] == "image/jpeg"
    # a wrong photo taken back before answering; the regulator cannot take the unit's photos away
    wrong = f"/v1/rectifications/{first['id']}/evidence/{uuid.uuid4()}"
    await client.put(wrong, files={"file": ("w.jpg", buf.getvalue() + b"", "image/jpeg")}, headers=own)
    assert (await client.delete(wrong, headers=station)).status_code == 403
    assert (await client.delete(wrong, headers=own)).status_code == 204
    assert len((await client.get(f"/v1/rectifications/{first['id']}/evidence", headers=own)).json()) == 1
    one = (await client.get(f"/v1/rectifications/{first['id']}", headers=own)).json()
    assert (one["id"], one["status"]) == (first["id"], "open")
    r = await client.post(f"/v1/rectifications/{first['id']}/answer", json={"answer": "已建立每日检查记录并培训安全员",
                                                                          "base_version": 1}, headers=own)
    assert r.json()["status"] == "answered"
    r = await client.post(f"/v1/rectifications/{first['id']}/verify", json={"accept": False, "comment": "记录缺少签字"},
                          headers=station)
    assert (r.json()["status"], r.json()["status_label"]) == ("returned", "已退回重新整改")
    r = await client.post(f"/v1/rectifications/{first['id']}/answer", json={"answer": "补充签字，附照片",
                                                                          "base_version": 3}, headers=own)
    r = await client.post(f"/v1/rectifications/{first['id']}/verify", json={"accept": True, "comment": "整改到位"},
                          headers=station)
    assert r.json()["status"] == "closed"
    r = await client.delete(evidence, headers=own)
    assert r.status_code == 409 and r.json()["code"] == "RECTIFICATION_STATE"  # evidence of a closed notice stays
    # the other notice passes its deadline unanswered
    service_app.state.today.fn = lambda: dt.date(2026, 3, 13)
    overdue = (await client.get("/v1/rectifications", params={"overdue": True}, headers=station)).json()["items"]
    assert [(n["item_no"], n["overdue"], n["days_left"]) for n in overdue] == [("3.2", True, -1)]


async def test_conflicts_are_shown_never_overwritten(client: AsyncClient, auth: AuthHelper) -> None:
    a, b = auth.headers("station_inspector", STATION), auth.headers("county_officer", "540000/540100/540102")
    e = await unit(client, auth)
    iid = str(uuid.uuid4())
    base = {"enterprise_id": e["id"], "inspected_on": "2026-03-02"}
    draft = (await client.put(f"/v1/inspections/{iid}", json=base, headers=a)).json()
    items = draft["items"]
    r = await client.put(f"/v1/inspections/{iid}", json={**base, "base_version": 1,
                                                         "items": [{"item_no": "1.1", "result": "yes"}]}, headers=b)
    assert r.json()["version"] == 2
    # the phone, offline, edited version 1 too: its save is refused with the server's state
    r = await client.put(f"/v1/inspections/{iid}", json={**base, "base_version": 1,
                                                         "items": [{"item_no": "1.1", "result": "no", "remark": "无制度"}]},
                         headers=a)
    assert r.status_code == 409 and r.json()["code"] == "INSPECTION_CONFLICT" and r.json()["current_version"] == 2
    current = (await client.get(f"/v1/inspections/{iid}", headers=a)).json()
    assert next(i for i in current["items"] if i["item_no"] == "1.1")["result"] == "yes"
    assert len(items) == 22


async def test_bad_input_is_refused_and_nothing_written(client: AsyncClient, auth: AuthHelper,
                                                        session: AsyncSession) -> None:
    station = auth.headers("station_inspector", STATION)
    e = await unit(client, auth)
    iid = str(uuid.uuid4())
    base = {"enterprise_id": e["id"], "inspected_on": "2026-03-02"}
    r = await client.put(f"/v1/inspections/{iid}", json={**base, "items": [{"item_no": "9.9", "result": "yes"}]},
                         headers=station)
    assert r.status_code == 422 and r.json()["code"] == "ITEM_UNKNOWN" and "9.9" in r.json()["detail"]
    assert await session.scalar(select(func.count()).select_from(Inspection)) == 0
    r = await client.put(f"/v1/inspections/{iid}", json={**base, "items": [{"item_no": "1.1", "result": "maybe"}]},
                         headers=station)
    assert r.status_code == 422 and r.json()["errors"][0]["label"].startswith("结果")
    draft = (await client.put(f"/v1/inspections/{iid}", json=base, headers=station)).json()
    r = await client.post(f"/v1/inspections/{iid}/submit", json={"base_version": draft["version"]}, headers=station)
    assert r.status_code == 422 and r.json()["code"] == "ITEMS_INCOMPLETE"
    filled = {**base, "base_version": 1, "items": answers(draft["items"], no={"1.1": ""})}
    filled["items"][0]["remark"] = None
    await client.put(f"/v1/inspections/{iid}", json=filled, headers=station)
    r = await client.post(f"/v1/inspections/{iid}/submit", json={"base_version": 2}, headers=station)
    assert r.status_code == 422 and r.json()["code"] == "FINDING_REMARK_REQUIRED"
    assert await session.scalar(select(func.count()).select_from(Rectification)) == 0


async def test_jurisdiction_and_enterprise_limits(client: AsyncClient, auth: AuthHelper) -> None:
    e = await unit(client, auth)
    far = auth.headers("prefecture_officer", SHIGATSE)
    r = await client.put(f"/v1/inspections/{uuid.uuid4()}", json={"enterprise_id": e["id"], "inspected_on": "2026-03-02"},
                         headers=far)
    assert r.status_code == 404
    own = auth.headers("enterprise_user", STATION, enterprise_id=e["id"])
    r = await client.put(f"/v1/inspections/{uuid.uuid4()}", json={"enterprise_id": e["id"], "inspected_on": "2026-03-02"},
                         headers=own)
    assert r.status_code == 403
    r = await client.post("/v1/risk-events", json={"enterprise_id": e["id"], "severity": "major", "source": "sampling",
                                                   "found_on": "2026-03-01", "summary": "监督抽查不合格"}, headers=far)
    assert r.status_code == 404
    r = await client.post("/v1/risk-events", json={"enterprise_id": e["id"], "severity": "major", "source": "sampling",
                                                   "found_on": "2026-03-01", "summary": "监督抽查不合格"},
                          headers=auth.headers("county_officer", "540000/540100/540102"))
    assert r.status_code == 201 and r.json()["severity_label"] == "重大"
    w = await client.post(f"/v1/risk-events/{r.json()['id']}/withdraw", json={"reason": "复检合格，系误录"},
                          headers=auth.headers("county_officer", "540000/540100/540102"))
    assert w.json()["withdrawn"] is True


async def test_every_route_needs_a_token(client: AsyncClient, service_app: FastAPI) -> None:
    paths = service_app.openapi()["paths"]
    checked = 0
    for path, ops in paths.items():
        if path in ("/healthz", "/readyz", "/metrics") or path.startswith("/internal"):
            continue
        for method in ops:
            url = path.replace("{template_id}", "1")
            while "{" in url:  # every other path parameter is a uuid
                url = url[:url.index("{")] + str(uuid.uuid4()) + url[url.index("}") + 1:]
            r = await client.request(method.upper(), url, json={})
            assert r.status_code == 401, (method, path)
            checked += 1
    assert checked >= 38
