"""日管控、周排查、月调度 (F8): the unit files, the regulator counts and returns.

The month of October 2026 has the National Day holiday (1–7 October, five weekdays off) and a
make-up Saturday (10 October): 18 working days. The expected figures are checked against the
`chinesecalendar` package directly, not against the service's own calendar code.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import chinese_calendar
from fastapi import FastAPI
from httpx import AsyncClient
from inspection_factories import CHENGGUAN, SHIGATSE, STATION, person, send
from PIL import Image

from servicekit.testing import AuthHelper

OCT = [dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(31)]
WORKDAYS_OCT = [d for d in OCT if chinese_calendar.is_workday(d)]


def set_today(app: FastAPI, day: dt.date) -> None:
    app.state.today.fn = lambda: day


async def archived_unit(client: AsyncClient, auth: AuthHelper, *, archived_on: str = "2026-09-01",
                        org_path: str = STATION) -> dict[str, Any]:
    n = uuid.uuid4().int % 10**6
    e = {"id": str(uuid.uuid4()), "credit_code": f"91540102MA7R{n:06d}", "name": f"拉萨日管控测试单位{n}",
         "unit_types": ["production"], "org_path": org_path, "status": "normal", "version": 1, "key_tags": [],
         "archived_on": archived_on}
    await send(client, auth, "enterprise.created", e)
    return e


def ent(auth: AuthHelper, e: dict[str, Any]) -> dict[str, str]:
    return auth.headers("enterprise_user", e["org_path"], enterprise_id=e["id"])


def station(auth: AuthHelper) -> dict[str, str]:
    return auth.headers("station_inspector", STATION)


async def risk_list(client: AsyncClient, h: dict[str, str], e: dict[str, Any]) -> dict[str, Any]:
    r = await client.put(f"/v1/routines/units/{e['id']}/risk-list", headers=h, json={
        "base_version": 0, "categories": ["gas_appliance"], "items": [
            {"risk": "燃气具无熄火保护装置", "measures": "逐台核查熄火保护", "frequency": "daily", "category": "gas_appliance"},
            {"risk": "气密性不合格", "measures": "逐台气密性试验", "frequency": "daily", "category": "gas_appliance"},
            {"risk": "安装人员无资质", "measures": "核对资格", "frequency": "weekly"}]})
    assert r.status_code == 200, r.text
    return r.json()


def daily_body(rl: dict[str, Any], day: dt.date, *, problem: str | None = None, fixed: bool = False,
               problem_id: str | None = None) -> dict[str, Any]:
    daily = [i for i in rl["items"] if i["frequency"] == "daily"]
    items = [{"item_id": i["id"], "result": "ok"} for i in daily]
    if problem:
        items[0] = {"item_id": daily[0]["id"], "result": "problem", "problem": problem, "action": "已停止销售该批次",
                    "fixed": fixed, "problem_id": problem_id or str(uuid.uuid4())}
    return {"kind": "daily", "period_start": str(day), "filled_by_name": "次仁（质量安全员）",
            "content": {"items": items}}


async def file(client: AsyncClient, h: dict[str, str], body: dict[str, Any], rid: str | None = None) -> dict[str, Any]:
    rid = rid or str(uuid.uuid4())
    r = await client.put(f"/v1/routines/records/{rid}", headers=h, json=body)
    assert r.status_code == 200, r.text
    r = await client.post(f"/v1/routines/records/{rid}/submit", headers=h, json={"base_version": r.json()["version"]})
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_month_with_national_day_gives_expected_actual_and_on_time(client: AsyncClient, auth: AuthHelper,
                                                                         service_app: FastAPI) -> None:
    assert len(WORKDAYS_OCT) == 18 and dt.date(2026, 10, 10) in WORKDAYS_OCT  # the make-up Saturday
    e = await archived_unit(client, auth)
    quiet = await archived_unit(client, auth)  # archived, never files
    h = ent(auth, e)
    set_today(service_app, dt.date(2026, 9, 30))
    rl = await risk_list(client, h, e)
    missed = {WORKDAYS_OCT[3], WORKDAYS_OCT[11]}
    late = {WORKDAYS_OCT[5], WORKDAYS_OCT[6], WORKDAYS_OCT[15]}
    for day in WORKDAYS_OCT:
        if day in missed:
            continue
        # filed the same evening, or a week later for the late ones
        set_today(service_app, day + dt.timedelta(days=7 if day in late else 0))
        rec = await file(client, h, daily_body(rl, day))
        assert rec["on_time"] is (day not in late), day
    # a record on a holiday is accepted, shown, but not counted; so is one from before the archive date
    set_today(service_app, dt.date(2026, 10, 3))
    await file(client, h, daily_body(rl, dt.date(2026, 10, 3)))
    await file(client, h, daily_body(rl, dt.date(2026, 8, 31)))

    set_today(service_app, dt.date(2026, 11, 20))
    q = {"kind": "daily", "first": "2026-10-01", "last": "2026-10-31"}
    r = await client.get("/v1/routines/rates", headers=station(auth), params={**q, "group": "units"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["periods"] == 18
    rows = {x["code"]: x for x in body["rows"]}
    mine, other = rows[e["id"]], rows[quiet["id"]]
    assert (mine["expected"], mine["actual"], mine["on_time"], mine["missing"]) == (18, 16, 13, 2)
    assert mine["rate"] == round(16 / 18, 4) and mine["on_time_rate"] == round(13 / 18, 4)
    assert (other["expected"], other["actual"]) == (18, 0)

    # the county sees the same figures under the station, which sees them under the unit
    r = await client.get("/v1/routines/rates", headers=auth.headers("county_officer", CHENGGUAN),
                         params={**q, "org": "540102"})
    stations = {x["code"]: x for x in r.json()["rows"]}
    st = stations["540102-01"]
    assert st["expected"] >= 36 and st["actual"] >= 16 and st["name"]
    assert {"540102-01", "540102-02", "540102-03"} <= set(stations)  # every station, with or without units

    # by day: the holidays are not periods at all, the make-up Saturday is
    r = await client.get("/v1/routines/rates/periods", headers=station(auth), params={**q, "org": "540102-01"})
    days = {x["period_start"]: x for x in r.json()}
    assert "2026-10-03" not in days and "2026-10-05" not in days and "2026-10-10" in days
    assert len(days) == 18

    # weekly: every week starting in October that has a working day (5, 12, 19, 26 October)
    r = await client.get("/v1/routines/rates", headers=station(auth),
                         params={"kind": "weekly", "first": "2026-10-01", "last": "2026-10-31", "group": "units"})
    assert r.json()["periods"] == 4

    # the unit's calendar: on time / late / missing / holiday filing
    r = await client.get(f"/v1/routines/units/{e['id']}/calendar", headers=station(auth), params={"month": "2026-10"})
    cal = {x["period_start"]: x for x in r.json()["daily"]}
    assert cal[str(WORKDAYS_OCT[3])]["state"] == "missing"
    assert cal[str(WORKDAYS_OCT[5])]["state"] == "late"
    assert cal[str(WORKDAYS_OCT[0])]["state"] == "on_time"
    assert cal["2026-10-03"]["state"] == "filed_extra" and cal["2026-10-01"]["holiday"]
    assert cal["2026-10-04"]["state"] == "not_expected"
    aug = (await client.get(f"/v1/routines/units/{e['id']}/calendar", headers=station(auth), params={"month": "2026-08"})).json()
    assert {x["period_start"]: x for x in aug["daily"]}["2026-08-31"]["state"] == "before_archive"

    # the unit that never filed is listed as stopped; the one that files is not
    r = await client.get("/v1/routines/lapsed", headers=station(auth), params={"periods": 3, "size": 100})
    lapsed = {x["enterprise_id"]: x for x in r.json()["items"]}
    assert quiet["id"] in lapsed and lapsed[quiet["id"]]["last_filed"] is None
    assert e["id"] in lapsed  # nothing filed in November yet: three working days missed
    assert lapsed[e["id"]]["last_filed"] == str(WORKDAYS_OCT[-1])


async def test_an_edit_to_the_registry_calendar_changes_what_is_expected(client: AsyncClient, auth: AuthHelper,
                                                                          service_app: FastAPI) -> None:
    e = await archived_unit(client, auth, org_path="540000/540100/540102/540102-03")
    h = auth.headers("station_inspector", "540000/540100/540102/540102-03")
    set_today(service_app, dt.date(2026, 12, 20))
    q = {"kind": "daily", "first": "2026-11-02", "last": "2026-11-06", "group": "units"}
    before = (await client.get("/v1/routines/rates", headers=h, params=q)).json()
    assert before["periods"] == 5
    await send(client, auth, "calendar.day_set", {"day": "2026-11-04", "is_workday": False, "name": "雪灾停工"})
    after = (await client.get("/v1/routines/rates", headers=h, params=q)).json()
    assert after["periods"] == 4
    assert {x["code"]: x for x in after["rows"]}[e["id"]]["expected"] == 4
    await send(client, auth, "calendar.day_set", {"day": "2026-11-04", "is_workday": True, "name": None})


async def test_returned_record_is_answered_by_a_correction_and_nothing_filed_is_deleted(
        client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    e = await archived_unit(client, auth)
    h = ent(auth, e)
    set_today(service_app, dt.date(2026, 11, 10))
    rl = await risk_list(client, h, e)
    first = await file(client, h, daily_body(rl, dt.date(2026, 11, 10)))
    assert first["status"] == "submitted" and first["revision"] == 1 and first["list_version"] == 1

    # deleting a filed record is refused, and it stays
    r = await client.delete(f"/v1/routines/records/{first['id']}", headers=h)
    assert r.status_code == 409 and r.json()["code"] == "ROUTINE_RECORD_FILED"
    assert (await client.get(f"/v1/routines/records/{first['id']}", headers=h)).status_code == 200

    # the station returns it with a comment; an enterprise user cannot return
    r = await client.post(f"/v1/routines/records/{first['id']}/return", headers=h, json={"comment": "请写明检查的批次"})
    assert r.status_code == 403
    r = await client.post(f"/v1/routines/records/{first['id']}/return", headers=station(auth),
                          json={"comment": "请写明检查的批次"})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    r = await client.post(f"/v1/routines/records/{first['id']}/return", headers=station(auth), json={"comment": "再次退回"})
    assert r.status_code == 409 and r.json()["code"] == "ROUTINE_RECORD_STATE"

    # a new record for the same day is refused; a correction of the returned one is accepted
    r = await client.put(f"/v1/routines/records/{uuid.uuid4()}", headers=h, json=daily_body(rl, dt.date(2026, 11, 10)))
    assert r.status_code == 409 and r.json()["code"] == "ROUTINE_PERIOD_FILED"
    set_today(service_app, dt.date(2026, 11, 16))
    body = daily_body(rl, dt.date(2026, 11, 10)) | {"supersedes": first["id"]}
    body["content"]["note"] = "检查批次 20261110-01"
    second = await file(client, h, body)
    assert second["revision"] == 2 and second["supersedes"] == first["id"]
    assert second["on_time"] is True  # timeliness is the first filing's

    r = await client.get(f"/v1/routines/records/{second['id']}/revisions", headers=station(auth))
    revs = r.json()
    assert [(x["revision"], x["status"]) for x in revs] == [(1, "superseded"), (2, "submitted")]
    assert revs[0]["return_comment"] == "请写明检查的批次"

    # a draft can be deleted
    draft_id = str(uuid.uuid4())
    r = await client.put(f"/v1/routines/records/{draft_id}", headers=h, json=daily_body(rl, dt.date(2026, 11, 11)))
    assert r.status_code == 200 and r.json()["status"] == "draft"
    assert (await client.delete(f"/v1/routines/records/{draft_id}", headers=h)).status_code == 204
    assert (await client.get(f"/v1/routines/records/{draft_id}", headers=h)).status_code == 404


async def test_offline_retries_never_file_twice_and_conflicts_are_reported(client: AsyncClient, auth: AuthHelper,
                                                                           service_app: FastAPI) -> None:
    e = await archived_unit(client, auth)
    h = ent(auth, e)
    set_today(service_app, dt.date(2026, 11, 12))
    rl = await risk_list(client, h, e)
    rid = str(uuid.uuid4())
    body = daily_body(rl, dt.date(2026, 11, 12))
    a = await client.put(f"/v1/routines/records/{rid}", headers=h, json=body)
    b = await client.put(f"/v1/routines/records/{rid}", headers=h, json=body)  # the same save retried
    assert a.json()["version"] == b.json()["version"] == 1
    # another phone started a draft for the same day
    r = await client.put(f"/v1/routines/records/{uuid.uuid4()}", headers=h, json=body)
    assert r.status_code == 409 and r.json()["code"] == "ROUTINE_DRAFT_EXISTS" and r.json()["record_id"] == rid
    # an edit based on an old version
    body2 = body | {"base_version": 1, "content": {**body["content"], "note": "下午补充"}}
    assert (await client.put(f"/v1/routines/records/{rid}", headers=h, json=body2)).json()["version"] == 2
    r = await client.put(f"/v1/routines/records/{rid}", headers=h,
                         json=body | {"base_version": 1, "content": {**body["content"], "note": "另一台手机"}})
    assert r.status_code == 409 and r.json()["code"] == "ROUTINE_CONFLICT"
    for _ in range(2):  # submit retried
        r = await client.post(f"/v1/routines/records/{rid}/submit", headers=h, json={"base_version": 2})
        assert r.status_code == 200 and r.json()["status"] == "submitted"
    r = await client.get("/v1/routines/records", headers=h, params={"kind": "daily"})
    assert [x["id"] for x in r.json()["items"]] == [rid]


async def test_bad_input_is_refused_and_nothing_is_written(client: AsyncClient, auth: AuthHelper,
                                                           service_app: FastAPI) -> None:
    e = await archived_unit(client, auth)
    h = ent(auth, e)
    set_today(service_app, dt.date(2026, 11, 12))

    async def count() -> int:
        return (await client.get("/v1/routines/records", headers=h)).json()["total"]

    # no risk-control list yet
    r = await client.put(f"/v1/routines/records/{uuid.uuid4()}", headers=h, json={
        "kind": "daily", "period_start": "2026-11-12", "content": {"items": []}})
    assert r.status_code == 409 and r.json()["code"] == "ROUTINE_NO_RISK_LIST"
    rl = await risk_list(client, h, e)
    # a date in the future
    r = await client.put(f"/v1/routines/records/{uuid.uuid4()}", headers=h, json=daily_body(rl, dt.date(2026, 11, 13)))
    assert r.status_code == 422 and r.json()["code"] == "ROUTINE_FUTURE_PERIOD"
    # an item that is not on the list
    body = daily_body(rl, dt.date(2026, 11, 12))
    body["content"]["items"].append({"item_id": "nosuchitem", "result": "ok"})
    r = await client.put(f"/v1/routines/records/{uuid.uuid4()}", headers=h, json=body)
    assert r.status_code == 422 and r.json()["code"] == "ROUTINE_UNKNOWN_ITEM"
    # a result other than ok/problem
    body = daily_body(rl, dt.date(2026, 11, 12))
    body["content"]["items"][0]["result"] = "maybe"
    r = await client.put(f"/v1/routines/records/{uuid.uuid4()}", headers=h, json=body)
    assert r.status_code == 422 and "detail" in r.json()
    # a date long before the platform
    r = await client.put(f"/v1/routines/records/{uuid.uuid4()}", headers=h, json=daily_body(rl, dt.date(1, 1, 1)))
    assert r.status_code == 422 and r.json()["code"] == "VALIDATION_ERROR"
    assert await count() == 0
    # a month that does not exist, on the calendar
    for month in ("2026-13", "0001-01"):
        r = await client.get(f"/v1/routines/units/{e['id']}/calendar", headers=h, params={"month": month})
        assert r.status_code == 422 and r.json()["code"] == "VALIDATION_ERROR", (month, r.text)

    # missing required fields: saved as a draft, but not submitted
    rid = str(uuid.uuid4())
    partial = {"kind": "daily", "period_start": "2026-11-12", "content": {"items": [
        {"item_id": rl["items"][0]["id"], "result": "problem"}]}}
    r = await client.put(f"/v1/routines/records/{rid}", headers=h, json=partial)
    assert r.status_code == 200
    r = await client.post(f"/v1/routines/records/{rid}/submit", headers=h, json={"base_version": 1})
    assert r.status_code == 422 and r.json()["code"] == "ROUTINE_INCOMPLETE"
    assert "填写人" in r.json()["detail"] and "未写明问题" in r.json()["detail"] and "未填写结果" in r.json()["detail"]
    assert (await client.get(f"/v1/routines/records/{rid}", headers=h)).json()["status"] == "draft"

    # weekly without its analysis; monthly minutes with a decision due before the meeting
    wid = str(uuid.uuid4())
    r = await client.put(f"/v1/routines/records/{wid}", headers=h, json={
        "kind": "weekly", "period_start": "2026-11-04", "filled_by_name": "卓玛（总监）", "content": {"problems": []}})
    assert r.json()["period_start"] == "2026-11-02" and r.json()["due_on"] == "2026-11-09"
    r = await client.post(f"/v1/routines/records/{wid}/submit", headers=h, json={"base_version": 1})
    assert r.status_code == 422 and "状况分析" in r.json()["detail"]
    mid = str(uuid.uuid4())
    r = await client.put(f"/v1/routines/records/{mid}", headers=h, json={
        "kind": "monthly", "period_start": "2026-10-15", "filled_by_name": "卓玛", "content": {
            "meeting_date": "2026-10-30", "participants": [{"name": "卓玛", "role": "质量安全总监"}],
            "director_report": "本月无重大风险", "decisions": [{"text": "更换灭火器", "owner": "扎西", "due_on": "2026-10-01"}]}})
    assert r.status_code == 200 and r.json()["period_start"] == "2026-10-01"
    r = await client.post(f"/v1/routines/records/{mid}/submit", headers=h, json={"base_version": 1})
    assert r.status_code == 422 and "完成时限" in r.json()["detail"]
    filed = (await client.get("/v1/routines/records", headers=station(auth), params={"enterprise_id": e["id"]})).json()
    assert filed["total"] == 0  # drafts are the unit's own; nothing was filed


async def test_an_enterprise_sees_only_its_own_unit(client: AsyncClient, auth: AuthHelper,
                                                    service_app: FastAPI) -> None:
    a, b = await archived_unit(client, auth), await archived_unit(client, auth)
    set_today(service_app, dt.date(2026, 11, 12))
    rl = await risk_list(client, ent(auth, a), a)
    rec = await file(client, ent(auth, a), daily_body(rl, dt.date(2026, 11, 12)))
    hb = ent(auth, b)
    assert (await client.get(f"/v1/routines/records/{rec['id']}", headers=hb)).status_code == 404
    assert (await client.get("/v1/routines/records", headers=hb)).json()["total"] == 0
    for path in ("risk-list", "calendar", "problems", "evidence", "roster", "documents", "training"):
        r = await client.get(f"/v1/routines/units/{a['id']}/{path}", headers=hb)
        assert r.status_code == 404, (path, r.status_code)
    # another unit's record cannot be taken over by a correction
    body = daily_body(rl, dt.date(2026, 11, 12)) | {"enterprise_id": a["id"], "supersedes": rec["id"]}
    assert (await client.put(f"/v1/routines/records/{uuid.uuid4()}", headers=hb, json=body)).status_code == 404
    # a regulator elsewhere sees nothing of it either
    shigatse = auth.headers("prefecture_officer", SHIGATSE)
    assert (await client.get(f"/v1/routines/records/{rec['id']}", headers=shigatse)).status_code == 404
    assert (await client.get("/v1/routines/rates", headers=shigatse, params={"org": "540102"})).status_code == 403
    r = await client.get("/v1/routines/rates", headers=shigatse, params={"group": "units", "first": "2026-11-01"})
    assert a["id"] not in {x["code"] for x in r.json()["rows"]}


async def test_problems_found_daily_are_closed_in_the_weekly_report_and_offered_to_the_checklist(
        client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    e = await archived_unit(client, auth)
    h = ent(auth, e)
    set_today(service_app, dt.date(2026, 11, 9))
    rl = await risk_list(client, h, e)
    pid = str(uuid.uuid4())
    photo_rec = str(uuid.uuid4())
    body = daily_body(rl, dt.date(2026, 11, 9), problem="第 3 批燃气灶熄火保护失效", problem_id=pid)
    r = await client.put(f"/v1/routines/records/{photo_rec}", headers=h, json=body)
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buf, "JPEG")
    photo = str(uuid.uuid4())
    for _ in range(2):  # the upload retried
        r = await client.put(f"/v1/routines/records/{photo_rec}/photos/{photo}", headers=h,
                             params={"item_id": rl["items"][0]["id"]}, files={"file": ("p.jpg", buf.getvalue(), "image/jpeg")})
        assert r.status_code == 200, r.text
    r = await client.put(f"/v1/routines/records/{photo_rec}/photos/{uuid.uuid4()}", headers=h,
                         params={"item_id": rl["items"][0]["id"]}, files={"file": ("p.jpg", b"not an image", "image/jpeg")})
    assert r.status_code == 422
    mistake = f"/v1/routines/records/{photo_rec}/photos/{uuid.uuid4()}"
    await client.put(mistake, headers=h, params={"item_id": rl["items"][1]["id"]},
                     files={"file": ("p.jpg", buf.getvalue(), "image/jpeg")})
    assert (await client.delete(mistake, headers=h)).status_code == 204
    r = await client.post(f"/v1/routines/records/{photo_rec}/submit", headers=h, json={"base_version": 1})
    assert r.status_code == 200 and len(r.json()["photos"]) == 1 and r.json()["problem_count"] == 1
    kept = f"/v1/routines/records/{photo_rec}/photos/{photo}"
    r = await client.delete(kept, headers=h)
    assert r.status_code == 409 and r.json()["code"] == "ROUTINE_RECORD_FILED"
    problems = (await client.get(f"/v1/routines/units/{e['id']}/problems", headers=station(auth))).json()
    assert [(p["id"], p["closed"]) for p in problems] == [(pid, False)]

    set_today(service_app, dt.date(2026, 11, 16))
    weekly = await file(client, h, {"kind": "weekly", "period_start": "2026-11-09", "filled_by_name": "卓玛（总监）",
                                    "content": {"problems": [{"problem_id": pid, "description": "第 3 批燃气灶熄火保护失效",
                                                              "analysis": "供应商零件批次问题", "fixed": True,
                                                              "measure": "整批退货并更换供应商"}],
                                                "analysis": "本周发现 1 个问题，已整改", "fixed_summary": "已退货",
                                                "remaining": "无"}})
    problems = (await client.get(f"/v1/routines/units/{e['id']}/problems", headers=station(auth))).json()
    assert problems[0]["closed"] is True and problems[0]["closed_in"] == weekly["id"]

    ev = (await client.get(f"/v1/routines/units/{e['id']}/evidence", headers=station(auth), params={"days": 30})).json()
    assert ev["has_risk_list"] and ev["problems_found"] == 1 and ev["problems_closed"] == 1
    assert ev["weekly"]["actual"] == 1 and ev["daily"]["actual"] == 1
    assert "已整改 1 个" in ev["summary"]["2.4"]
    # the inspector's checklist shows the same beside items 2.1–2.4 while it is being filled
    r = await client.put(f"/v1/inspections/{uuid.uuid4()}", headers=station(auth),
                         json={"enterprise_id": e["id"], "inspected_on": "2026-11-16"})
    assert r.status_code == 200, r.text
    hints = {i["item_no"]: i["hint"] for i in r.json()["items"]}
    assert hints["2.4"] == ev["summary"]["2.4"].replace("近 30 天", "近 90 天") and "实报 1 期" in hints["2.1"]
    assert hints["1.1"] is None

    # what is still due: the days since, not the week already reported
    due = (await client.get("/v1/routines/due", headers=h)).json()
    assert {"daily"} <= {d["kind"] for d in due}
    assert not any(d["kind"] == "weekly" and d["period_start"] == "2026-11-09" for d in due)
    assert any(d["kind"] == "daily" and d["period_start"] == "2026-11-10" and d["overdue"] for d in due)


async def test_risk_lists_are_versioned_from_category_templates(client: AsyncClient, auth: AuthHelper,
                                                                 service_app: FastAPI) -> None:
    e = await archived_unit(client, auth)
    h = ent(auth, e)
    templates = (await client.get("/v1/routines/templates", headers=h)).json()
    names = {t["name"] for t in templates}
    assert {"成品油", "燃气具", "电动自行车", "消防产品", "烟花爆竹", "电线电缆", "通用"} <= names
    gas = next(t for t in templates if t["category"] == "gas_appliance")
    # an enterprise cannot publish a template; the region admin can, as a new version
    new = {"category": "gas_appliance", "name": "燃气具", "items": gas["items"][:2]}
    assert (await client.post("/v1/routines/templates", headers=h, json=new)).status_code == 403
    r = await client.post("/v1/routines/templates", headers=auth.headers("region_admin"), json=new)
    assert r.status_code == 201 and r.json()["version"] == gas["version"] + 1
    assert len((await client.get("/v1/routines/templates", headers=h, params={"category": "gas_appliance"})).json()) >= 2

    set_today(service_app, dt.date(2026, 11, 12))
    v1 = await risk_list(client, h, e)
    again = await client.put(f"/v1/routines/units/{e['id']}/risk-list", headers=h, json={
        "base_version": 0, "items": [{"risk": "x", "measures": "y"}]})
    assert again.status_code == 409 and again.json()["code"] == "RISK_LIST_CONFLICT"
    rec = await file(client, h, daily_body(v1, dt.date(2026, 11, 12)))
    # the station adds a risk point: version 2; the filed record keeps version 1
    items = v1["items"] + [{"risk": "私接软管", "measures": "每日巡查", "frequency": "daily"}]
    r = await client.put(f"/v1/routines/units/{e['id']}/risk-list", headers=station(auth),
                         json={"base_version": 1, "items": items})
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["daily_items"] == 3
    assert [i["id"] for i in r.json()["items"][:3]] == [i["id"] for i in v1["items"]]
    assert (await client.get(f"/v1/routines/records/{rec['id']}", headers=h)).json()["list_version"] == 1
    old = await client.get(f"/v1/routines/units/{e['id']}/risk-list", headers=h, params={"version": 1})
    assert old.json()["is_current"] is False and len(old.json()["items"]) == 3
    # a list without any daily item cannot run the daily check
    r = await client.put(f"/v1/routines/units/{e['id']}/risk-list", headers=h, json={
        "base_version": 2, "items": [{"risk": "x", "measures": "y", "frequency": "monthly"}]})
    assert r.status_code == 422 and r.json()["code"] == "RISK_LIST_NO_DAILY"


async def test_roster_training_and_duty_documents(client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    e = await archived_unit(client, auth)
    h = ent(auth, e)
    set_today(service_app, dt.date(2026, 11, 12))
    pid = await person(client, auth, e, "卓玛", "director")
    r = await client.post(f"/v1/routines/units/{e['id']}/training", headers=h, json={
        "personnel_id": pid, "person_name": "卓玛", "held_on": "2026-11-01", "topic": "两个规定宣贯培训",
        "organizer": "城关区市场监管局", "hours": 4, "passed": True})
    assert r.status_code == 201, r.text
    r = await client.post(f"/v1/routines/units/{e['id']}/training", headers=h, json={
        "person_name": "卓玛", "held_on": "2026-12-01", "topic": "未来的培训", "organizer": "某单位", "hours": 2})
    assert r.status_code == 422 and r.json()["code"] == "DATE_IN_FUTURE"
    roster = (await client.get(f"/v1/routines/units/{e['id']}/roster", headers=station(auth))).json()
    assert [(p["name"], p["role_label"], p["trainings"]) for p in roster] == [("卓玛", "质量安全总监", 1)]

    pdf = b"%PDF-1.4\n% duties\n"
    r = await client.post(f"/v1/routines/units/{e['id']}/documents", headers=h,
                          data={"kind": "director_duties", "title": "质量安全总监职责（2026版）"},
                          files={"file": ("总监职责.pdf", pdf, "application/pdf")})
    assert r.status_code == 201, r.text
    first = r.json()
    r = await client.post(f"/v1/routines/units/{e['id']}/documents", headers=h,
                          data={"kind": "director_duties", "title": "质量安全总监职责（修订）"},
                          files={"file": ("总监职责.pdf", pdf + b"v2", "application/pdf")})
    assert r.status_code == 201
    r = await client.post(f"/v1/routines/units/{e['id']}/documents", headers=h,
                          data={"kind": "officer_rules", "title": "守则"},
                          files={"file": ("a.txt", b"plain text", "application/pdf")})
    assert r.status_code == 422 and r.json()["code"] == "DOCUMENT_TYPE"
    docs = (await client.get(f"/v1/routines/units/{e['id']}/documents", headers=station(auth))).json()
    assert len(docs) == 2 and next(d for d in docs if d["id"] == first["id"])["replaced_at"] is not None
    r = await client.get(f"/v1/routines/units/{e['id']}/documents/{first['id']}", headers=station(auth))
    assert r.status_code == 200 and r.content == pdf and "filename*=UTF-8''" in r.headers["content-disposition"]
