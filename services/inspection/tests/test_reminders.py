"""Reminders (F9) of the inspection service: computed by the job, owned by the enterprise or the
bureau that must act, gone as soon as the thing is done, and nothing comes back on the next run."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from inspection_factories import CHENGGUAN, SHIGATSE, STATION, send, unit

from servicekit.testing import AuthHelper

OTHER_STATION = "540000/540100/540102/540102-02"


async def run_job(client: AsyncClient, auth: AuthHelper) -> dict[str, int]:
    r = await client.post("/internal/reminders/run", headers=auth.service_headers())
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def mine(client: AsyncClient, headers: dict[str, str], kind: str | None = None,
               scope: str = "own") -> list[dict[str, Any]]:
    r = await client.get("/v1/reminders", params={"size": 200, "scope": scope, **({"kind": kind} if kind else {})},
                         headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def set_today(app: FastAPI, day: dt.date) -> None:
    app.state.today.fn = lambda: day


def ent(auth: AuthHelper, e: dict[str, Any]) -> dict[str, str]:
    return auth.headers("enterprise_user", e["org_path"], enterprise_id=e["id"])


async def inspect(client: AsyncClient, h: dict[str, str], e: dict[str, Any], findings: dict[str, str], *,
                  task_id: str | None = None, deadline_days: int = 10) -> str:
    iid = str(uuid.uuid4())
    body = {"enterprise_id": e["id"], "inspected_on": "2026-03-02", "base_version": 0,
            **({"task_id": task_id} if task_id else {})}
    draft = (await client.put(f"/v1/inspections/{iid}", json=body, headers=h)).json()
    items = [{"item_no": i["item_no"], "result": "no" if i["item_no"] in findings else "yes",
              "remark": findings.get(i["item_no"])} for i in draft["items"]]
    saved = (await client.put(f"/v1/inspections/{iid}", json={**body, "base_version": 1, "items": items}, headers=h)).json()
    r = await client.post(f"/v1/inspections/{iid}/submit", headers=h,
                          json={"base_version": saved["version"], "deadline_days": deadline_days, "risks": []})
    assert r.status_code == 200, r.text
    return iid


async def test_rectification_reminders_move_between_the_unit_and_its_station(
        client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    station = auth.headers("station_inspector", STATION)
    e, other = await unit(client, auth), await unit(client, auth)
    await inspect(client, station, e, {"1.1": "未配备质量安全总监", "2.1": "未建立每日检查记录"})
    own = ent(auth, e)
    # the notices are the unit's at once (no job run), and the job agrees
    assert len(await mine(client, own, "rectification_answer_due")) == 2
    await run_job(client, auth)
    due = await mine(client, own, "rectification_answer_due")
    assert len(due) == 2 and {d["link"] for d in due} == {"field:/notices"}
    assert all(d["due_on"] == "2026-03-12" and d["overdue"] is False and "2026-03-12 前" in d["title"] for d in due)
    assert due[0]["kind_label"] == "整改通知待整改回复" and due[0]["owner_path"] is None
    assert await mine(client, ent(auth, other)) == []  # not another unit's
    assert await mine(client, station, "rectification_answer_due") == []  # the unit's to do, not the station's
    summary = (await client.get("/v1/reminders/summary", headers=own)).json()
    assert summary == {"total": 2, "overdue": 0, "by_kind": {"rectification_answer_due": 2}}

    # the deadline passes: overdue for the unit, and its station is told how many are late
    set_today(service_app, dt.date(2026, 3, 13))
    await run_job(client, auth)
    assert [d["overdue"] for d in await mine(client, own, "rectification_answer_due")] == [True, True]
    late = await mine(client, station, "rectification_overdue_station")
    assert len(late) == 1 and "2 条" in late[0]["title"] and late[0]["link"] == "/inspection/rectifications?overdue=1"

    # answered: gone for the unit at once, and the station is asked to verify
    notices = (await client.get("/v1/rectifications", headers=own)).json()["items"]
    first = next(n for n in notices if n["item_no"] == "2.1")
    r = await client.post(f"/v1/rectifications/{first['id']}/answer", headers=own,
                          json={"answer": "已建立每日检查记录并培训安全员", "base_version": first["version"]})
    assert r.status_code == 200, r.text
    left = await mine(client, own, "rectification_answer_due")
    assert len(left) == 1 and "未配备质量安全总监" in left[0]["title"]
    verify = await mine(client, station, "rectification_verify")
    assert len(verify) == 1 and e["name"] in verify[0]["title"] and "未建立每日检查记录" in verify[0]["title"]
    assert verify[0]["link"] == "/inspection/rectifications?status=answered"
    assert verify[0]["owner_path"] == STATION
    assert await mine(client, auth.headers("station_inspector", OTHER_STATION)) == []
    assert await mine(client, auth.headers("prefecture_officer", SHIGATSE), scope="subtree") == []
    county = auth.headers("county_officer", CHENGGUAN)
    assert await mine(client, county, "rectification_verify") == []  # the station's, not the county's own
    assert len(await mine(client, county, "rectification_verify", scope="subtree")) == 1

    # returned: the station's is gone, the unit's is back (still overdue); then answered and closed
    r = await client.post(f"/v1/rectifications/{first['id']}/verify", json={"accept": False, "comment": "记录缺少签字"},
                          headers=station)
    assert r.status_code == 200, r.text
    assert await mine(client, station, "rectification_verify") == []
    back = [d for d in await mine(client, own, "rectification_answer_due") if "未建立每日检查记录" in d["title"]]
    assert len(back) == 1 and back[0]["overdue"] is True and "被退回" in back[0]["title"]
    assert "记录缺少签字" in back[0]["detail"]
    await client.post(f"/v1/rectifications/{first['id']}/answer", headers=own,
                      json={"answer": "补充签字，附照片", "base_version": r.json()["version"]})
    r = await client.post(f"/v1/rectifications/{first['id']}/verify", json={"accept": True, "comment": "整改到位"},
                          headers=station)
    assert r.json()["status"] == "closed"
    assert await mine(client, station, "rectification_verify") == []
    # the next run brings nothing back; the other notice stays, late
    await run_job(client, auth)
    left = await mine(client, own)
    assert [(d["kind"], "未配备质量安全总监" in d["title"]) for d in left] == [("rectification_answer_due", True)]
    late = await mine(client, station, "rectification_overdue_station")
    assert len(late) == 1 and "1 条" in late[0]["title"]


async def test_tasks_due_within_a_week_and_overdue_recalls(client: AsyncClient, auth: AuthHelper,
                                                           service_app: FastAPI) -> None:
    station = auth.headers("station_inspector", STATION)
    e = await unit(client, auth)
    soon = (await client.post("/v1/tasks", json={"enterprise_id": e["id"], "due_on": "2026-03-05",
                                                 "reason": "投诉核查"}, headers=station)).json()
    later = (await client.post("/v1/tasks", json={"enterprise_id": e["id"], "due_on": "2026-03-20",
                                                  "reason": "春节后复工检查"}, headers=station)).json()
    recall = (await client.post("/v1/recalls", headers=station, json={
        "enterprise_id": e["id"], "product": "JZT2-8 型燃气灶（2025 年 10 月批次）", "defect": "熄火保护失效",
        "ordered_on": "2026-03-01", "quantity": 300, "due_on": "2026-03-10"})).json()
    await run_job(client, auth)
    tasks = await mine(client, station, "task_due")
    assert len(tasks) == 1 and e["name"] in tasks[0]["title"] and "2026-03-05 前" in tasks[0]["title"]
    assert tasks[0]["link"] == "/inspection/tasks" and tasks[0]["overdue"] is False
    assert "投诉核查" in tasks[0]["detail"]
    assert await mine(client, station, "recall_overdue") == []  # not yet past its deadline
    assert await mine(client, ent(auth, e)) == []  # nothing of these for the unit

    set_today(service_app, dt.date(2026, 3, 14))
    await run_job(client, auth)
    tasks = {t["due_on"]: t for t in await mine(client, station, "task_due")}
    assert set(tasks) == {"2026-03-05", "2026-03-20"} and tasks["2026-03-05"]["overdue"] is True
    assert "已超过完成期限" in tasks["2026-03-05"]["title"] and tasks["2026-03-20"]["overdue"] is False
    recalls = await mine(client, station, "recall_overdue")
    assert len(recalls) == 1 and recalls[0]["link"] == "/inspection/followups" and "JZT2-8" in recalls[0]["title"]
    assert recalls[0]["overdue"] is True and recalls[0]["due_on"] == "2026-03-10"
    assert await mine(client, auth.headers("station_inspector", OTHER_STATION)) == []

    # cancelled, inspected, closed: each gone at once, and the next run brings none back
    r = await client.post(f"/v1/tasks/{later['id']}/cancel", json={"reason": "已合并检查"}, headers=station)
    assert r.status_code == 200, r.text
    assert [t["due_on"] for t in await mine(client, station, "task_due")] == ["2026-03-05"]
    await inspect(client, station, e, {}, task_id=soon["id"])
    assert await mine(client, station, "task_due") == []
    r = await client.post(f"/v1/recalls/{recall['id']}/close", json={"note": "已全部召回并销毁"}, headers=station)
    assert r.status_code == 200, r.text
    assert await mine(client, station, "recall_overdue") == []
    await run_job(client, auth)
    assert await mine(client, station) == []


async def archived_unit(client: AsyncClient, auth: AuthHelper, archived_on: str, org_path: str = STATION) -> dict[str, Any]:
    n = uuid.uuid4().int % 10**6
    e = {"id": str(uuid.uuid4()), "credit_code": f"91540102MA8R{n:06d}", "name": f"拉萨提醒测试单位{n}",
         "unit_types": ["production"], "org_path": org_path, "status": "normal", "version": 1, "key_tags": [],
         "archived_on": archived_on}
    await send(client, auth, "enterprise.created", e)
    return e


async def file(client: AsyncClient, h: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    rid = str(uuid.uuid4())
    r = await client.put(f"/v1/routines/records/{rid}", headers=h, json=body)
    assert r.status_code == 200, r.text
    r = await client.post(f"/v1/routines/records/{rid}/submit", headers=h, json={"base_version": r.json()["version"]})
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_routine_filings_owed_and_units_that_stopped_filing(client: AsyncClient, auth: AuthHelper,
                                                                  service_app: FastAPI) -> None:
    today = dt.date(2026, 6, 15)  # a Monday
    set_today(service_app, today)
    e = await archived_unit(client, auth, "2026-05-20")
    elsewhere = await archived_unit(client, auth, "2026-05-20", org_path=OTHER_STATION)
    h, station = ent(auth, e), auth.headers("station_inspector", STATION)
    rl = (await client.put(f"/v1/routines/units/{e['id']}/risk-list", headers=h, json={
        "base_version": 0, "categories": ["gas_appliance"], "items": [
            {"risk": "燃气具无熄火保护装置", "measures": "逐台核查", "frequency": "daily", "category": "gas_appliance"}]})).json()
    await run_job(client, auth)

    # what the unit owes: as GET /v1/routines/due, of the periods that have ended (not today's record)
    owed = [d for d in (await client.get("/v1/routines/due", headers=h)).json() if d["period_end"] < str(today)]
    daily = [d for d in owed if d["kind"] == "daily"]
    weeks = [d for d in owed if d["kind"] == "weekly"]
    assert len(daily) >= 5 and [w["period_start"] for w in weeks] == ["2026-05-25", "2026-06-01", "2026-06-08"]
    assert not [d for d in owed if d["kind"] == "monthly"]  # May began before the unit was archived
    got = {r["title"]: r for r in await mine(client, h, "routine_filing_due")}
    assert len(got) == 2 and all(r["link"] == "field:/routines" and r["overdue"] for r in got.values())
    assert f"尚有 {len(daily)} 期每日检查记录未提交（最早为{int(daily[0]['period_start'][5:7])}月" \
           f"{int(daily[0]['period_start'][8:])}日）" in "".join(got)
    assert "尚有 3 期每周排查治理报告未提交（最早为5月25日至5月31日这一周），已逾期，请尽快补报" in got
    # a unit without its 风险管控清单 has not begun the routine: not reminded (its station is, below)
    assert await mine(client, ent(auth, elsewhere), "routine_filing_due") == []
    assert await mine(client, station, "routine_filing_due") == []
    # the station is told the unit stopped filing; the other station about its own unit only
    lapsed = await mine(client, station, "routine_lapsed")
    assert len(lapsed) == 1 and e["name"] in lapsed[0]["title"] and "建档以来从未填报" in lapsed[0]["title"]
    assert lapsed[0]["link"] == f"/archive/enterprises/{e['id']}?tab=routines"
    assert [x["title"] for x in await mine(client, auth.headers("station_inspector", OTHER_STATION), "routine_lapsed")
            ] == [lapsed[0]["title"].replace(e["name"], elsewhere["name"])]

    # each filing updates the count at once; the last one takes the reminder away, and the lapse with it
    def daily_body(day: str) -> dict[str, Any]:
        return {"kind": "daily", "period_start": day, "filled_by_name": "次仁（质量安全员）",
                "content": {"items": [{"item_id": rl["items"][0]["id"], "result": "ok"}]}}

    await file(client, h, daily_body(daily[0]["period_start"]))
    left = [r["title"] for r in await mine(client, h, "routine_filing_due") if "每日" in r["title"]]
    assert left and left[0].startswith(f"尚有 {len(daily) - 1} 期每日检查记录未提交")
    for d in daily[1:]:
        await file(client, h, daily_body(d["period_start"]))
    assert [r["title"] for r in await mine(client, h, "routine_filing_due") if "每日" in r["title"]] == []
    assert await mine(client, station, "routine_lapsed") == []

    # weekly: two filed leave one; a return makes the returned one owed again
    weekly = {"kind": "weekly", "filled_by_name": "卓玛（总监）", "content": {"analysis": "本周无异常", "problems": []}}
    await file(client, h, {**weekly, "period_start": "2026-05-25"})
    filed = await file(client, h, {**weekly, "period_start": "2026-06-01"})
    assert [r["title"] for r in await mine(client, h, "routine_filing_due")] == [
        "6月8日至6月14日这一周的每周排查治理报告尚未提交，请于 2026-06-15 前提交"]
    r = await client.post(f"/v1/routines/records/{filed['id']}/return", json={"comment": "分析过于简单"}, headers=station)
    assert r.status_code == 200, r.text
    got = await mine(client, h, "routine_filing_due")
    assert [(x["title"], x["detail"]) for x in got] == [
        ("尚有 2 期每周排查治理报告未提交（最早为6月1日至6月7日这一周），已逾期，请尽快补报", "其中 1 期被退回待更正")]
    # the job agrees with what the actions left
    await run_job(client, auth)
    assert [(x["title"], x["detail"]) for x in await mine(client, h, "routine_filing_due")] == [
        (got[0]["title"], got[0]["detail"])]
    assert await mine(client, station, "routine_lapsed") == []
