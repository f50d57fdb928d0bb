"""Dashboard figures (F6) of inspection: units and their risk-control lists, tasks, inspections,
rectification notices and routine-filing reporting rates; counted per org path by the job, summed
by next level down on request, the same as the task, rectification and rates endpoints show.

As of 2026-03-02 (a Monday). The 2026 Spring Festival holiday is 15–23 February, with make-up
Saturdays on 14 and 28 February, so the 28 days before today hold 16 working days, 15 of them due
before today: 2–14 February (11) and 24–27 February (4). Weeks of 2 and 9 February are due; the
week of 16 February has no working day; the week of 23 February is due today. Of the monthly
window (December 2025 to today) December and January are due, February not yet.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from inspection_factories import CHENGGUAN, STATION, send
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import Rectification
from servicekit.clock import SHANGHAI
from servicekit.testing import AuthHelper, read_dashboard, refresh_dashboard

REGION, LHASA = "540000", "540000/540100"
DUILONG_STATION = "540000/540100/540103/540103-01"
SAMZHUBZE = "540000/540200/540202"
TODAY = dt.date(2026, 3, 2)


def set_today(app: FastAPI, day: str) -> None:
    app.state.today.fn = lambda: dt.date.fromisoformat(day)


async def unit(client: AsyncClient, auth: AuthHelper, org_path: str = STATION, *, archived_on: str | None = None,
               status: str = "normal") -> dict[str, Any]:
    n = uuid.uuid4().int % 10**6
    e = {"id": str(uuid.uuid4()), "credit_code": f"91540102MA9D{n:06d}", "name": f"拉萨看板测试单位{n}",
         "unit_types": ["production"], "org_path": org_path, "status": status, "version": 1, "key_tags": [],
         **({"archived_on": archived_on} if archived_on else {})}
    await send(client, auth, "enterprise.created", e)
    return e


def ent(auth: AuthHelper, e: dict[str, Any]) -> dict[str, str]:
    return auth.headers("enterprise_user", e["org_path"], enterprise_id=e["id"])


async def risk_list(client: AsyncClient, auth: AuthHelper, e: dict[str, Any]) -> str:
    """The unit's 风险管控清单 with one daily item; returns that item's id."""
    r = await client.put(f"/v1/routines/units/{e['id']}/risk-list", headers=ent(auth, e), json={
        "base_version": 0, "categories": ["gas_appliance"], "items": [
            {"risk": "燃气具无熄火保护装置", "measures": "逐台核查熄火保护", "frequency": "daily",
             "category": "gas_appliance"}]})
    assert r.status_code == 200, r.text
    return str(r.json()["items"][0]["id"])


async def file(client: AsyncClient, auth: AuthHelper, app: FastAPI, e: dict[str, Any], on: str,
               body: dict[str, Any]) -> None:
    """A routine record saved and submitted on business day `on` (which decides its timeliness)."""
    set_today(app, on)
    h, rid = ent(auth, e), str(uuid.uuid4())
    r = await client.put(f"/v1/routines/records/{rid}", headers=h, json={"filled_by_name": "次仁（质量安全员）", **body})
    assert r.status_code == 200, r.text
    r = await client.post(f"/v1/routines/records/{rid}/submit", headers=h, json={"base_version": r.json()["version"]})
    assert r.status_code == 200, r.text
    set_today(app, str(TODAY))


def daily(item: str, day: str) -> dict[str, Any]:
    return {"kind": "daily", "period_start": day, "content": {"items": [{"item_id": item, "result": "ok"}]}}


async def task(client: AsyncClient, auth: AuthHelper, app: FastAPI, h: dict[str, str], e: dict[str, Any], *,
               created: str, due: str) -> str:
    set_today(app, created)
    r = await client.post("/v1/tasks", json={"enterprise_id": e["id"], "due_on": due, "reason": "投诉核查"}, headers=h)
    assert r.status_code == 201, r.text
    set_today(app, str(TODAY))
    return str(r.json()["id"])


async def inspect(client: AsyncClient, session: AsyncSession, app: FastAPI, h: dict[str, str], e: dict[str, Any],
                  on: str, findings: dict[str, str] | None = None, *, task_id: str | None = None,
                  deadline_days: int = 10, submit: bool = True) -> list[dict[str, Any]]:
    """An inspection on day `on`; each finding raises a rectification notice, dated as issued that day."""
    findings = findings or {}
    set_today(app, on)
    iid = str(uuid.uuid4())
    body = {"enterprise_id": e["id"], "inspected_on": on, "base_version": 0, **({"task_id": task_id} if task_id else {})}
    draft = (await client.put(f"/v1/inspections/{iid}", json=body, headers=h)).json()
    items = [{"item_no": i["item_no"], "result": "no" if i["item_no"] in findings else "yes",
              "remark": findings.get(i["item_no"])} for i in draft["items"]]
    saved = await client.put(f"/v1/inspections/{iid}", json={**body, "base_version": 1, "items": items}, headers=h)
    assert saved.status_code == 200, saved.text
    if submit:
        r = await client.post(f"/v1/inspections/{iid}/submit", headers=h,
                              json={"base_version": saved.json()["version"], "deadline_days": deadline_days, "risks": []})
        assert r.status_code == 200 and r.json()["findings"] == len(findings), r.text
    set_today(app, str(TODAY))
    # notices are stamped with the wall clock; pin them to the (test) business day they were issued
    await session.execute(update(Rectification).where(Rectification.inspection_id == uuid.UUID(iid)).values(
        created_at=dt.datetime.fromisoformat(f"{on}T10:00").replace(tzinfo=SHANGHAI)))
    await session.commit()
    r = await client.get("/v1/rectifications", params={"enterprise_id": e["id"], "size": 100}, headers=h)
    return [n for n in r.json()["items"] if n["inspection_id"] == iid]


async def answer(client: AsyncClient, auth: AuthHelper, e: dict[str, Any], notice: dict[str, Any]) -> int:
    r = await client.post(f"/v1/rectifications/{notice['id']}/answer", headers=ent(auth, e),
                          json={"answer": "已整改完毕，附整改照片", "base_version": notice["version"]})
    assert r.status_code == 200, r.text
    return int(r.json()["version"])


async def verify(client: AsyncClient, h: dict[str, str], notice: dict[str, Any], accept: bool) -> None:
    r = await client.post(f"/v1/rectifications/{notice['id']}/verify", headers=h,
                          json={"accept": accept, "comment": "整改到位" if accept else "缺少佐证"})
    assert r.status_code == 200, r.text


async def board(client: AsyncClient, auth: AuthHelper, org: str) -> dict[str, Any]:
    body = await read_dashboard(client, auth, org)
    return body


def children(body: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {c["code"]: c["metrics"] for c in body["children"]}


async def test_figures_by_next_level_down_and_as_the_lists_show_them(
        client: AsyncClient, auth: AuthHelper, session: AsyncSession, service_app: FastAPI) -> None:
    app = service_app
    station = auth.headers("station_inspector", STATION)
    samzhubze = auth.headers("county_officer", SAMZHUBZE)

    # units: archived units owe routine filings from the day they were archived
    u1 = await unit(client, auth, archived_on="2025-11-15")  # owes 15 daily, 2 weekly, 2 monthly
    u2 = await unit(client, auth, archived_on="2026-02-24")  # owes 4 daily (24–27 February)
    u3 = await unit(client, auth, CHENGGUAN)  # not archived yet: owes nothing
    await unit(client, auth, DUILONG_STATION)  # known, nothing else
    u4 = await unit(client, auth, SAMZHUBZE, archived_on="2026-02-24")  # owes 4 daily
    closed = await unit(client, auth, archived_on="2025-11-15")
    item1 = await risk_list(client, auth, u1)
    await risk_list(client, auth, u3)
    item4 = await risk_list(client, auth, u4)
    await risk_list(client, auth, closed)
    await send(client, auth, "enterprise.status_changed", {**closed, "status": "deregistered", "version": 2})

    # routine filings: on time or late by the day they were submitted; outside the window: not counted
    await file(client, auth, app, u1, "2026-02-24", daily(item1, "2026-02-24"))  # on time
    await file(client, auth, app, u1, "2026-03-02", daily(item1, "2026-02-25"))  # due 2-26: late
    await file(client, auth, app, u1, "2026-03-02", daily(item1, "2026-03-02"))  # due tomorrow: not counted yet
    await file(client, auth, app, u1, "2026-01-20", daily(item1, "2026-01-20"))  # before the 28 days
    await file(client, auth, app, u1, "2026-02-09", {"kind": "weekly", "period_start": "2026-02-02",
                                                      "content": {"analysis": "本周无异常", "problems": []}})
    await file(client, auth, app, u1, "2026-02-05", {"kind": "monthly", "period_start": "2026-01-01", "content": {
        "meeting_date": "2026-01-28", "participants": [{"name": "卓玛", "role": "质量安全总监"}],
        "director_report": "本月无质量安全事故"}})
    await file(client, auth, app, u4, "2026-02-24", daily(item4, "2026-02-24"))

    # tasks: due this year or not, open, done, cancelled
    await task(client, auth, app, station, u1, created="2026-02-10", due="2026-02-20")  # open, overdue
    await task(client, auth, app, station, u1, created="2026-03-02", due="2026-03-20")  # open
    done = await task(client, auth, app, station, u1, created="2026-03-01", due="2026-03-10")  # done below
    cancelled = await task(client, auth, app, station, u1, created="2026-03-01", due="2026-03-15")
    r = await client.post(f"/v1/tasks/{cancelled}/cancel", json={"reason": "已合并检查"}, headers=station)
    assert r.status_code == 200, r.text
    last_year = await task(client, auth, app, station, u1, created="2025-12-01", due="2025-12-20")  # done in 2025
    await task(client, auth, app, station, u1, created="2025-12-01", due="2025-12-31")  # still open: overdue
    await task(client, auth, app, samzhubze, u4, created="2026-03-02", due="2026-04-01")  # open

    # inspections and their rectification notices
    old = await inspect(client, session, app, station, u1, "2025-12-10", {"2.1": "未建立每日检查记录"},
                        task_id=last_year)
    await answer(client, auth, u1, old[0])
    await verify(client, station, old[0], accept=True)  # closed (issued last year)
    first = await inspect(client, session, app, station, u1, "2026-02-10",
                          {"1.1": "未配备质量安全总监", "2.1": "未建立每日检查记录"})  # deadline 2-20
    closing = next(n for n in first if n["item_no"] == "2.1")
    await answer(client, auth, u1, closing)
    await verify(client, station, closing, accept=True)  # closed; 1.1 stays open, overdue
    await inspect(client, session, app, station, u1, "2026-03-01", task_id=done)  # no findings; the task is done
    answered = await inspect(client, session, app, station, u2, "2026-02-15", {"2.1": "记录不全"}, deadline_days=30)
    await answer(client, auth, u2, answered[0])  # answered, not yet verified: open, not overdue
    await inspect(client, session, app, station, u2, "2026-02-20", submit=False)  # a draft counts for nothing
    returned = await inspect(client, session, app, samzhubze, u4, "2026-02-20", {"2.1": "记录不全"}, deadline_days=5)
    await answer(client, auth, u4, returned[0])
    await verify(client, samzhubze, returned[0], accept=False)  # returned after its deadline: overdue

    await refresh_dashboard(client, auth)
    region = await board(client, auth, REGION)
    assert region["as_of"] == "2026-03-02" and region["own"] == {}
    lhasa_figures = {
        "units_known": 4, "units_with_risk_list": 2,
        "tasks_due_year": 3, "tasks_done_year": 1, "tasks_open": 3, "tasks_overdue": 2,
        "inspections_year": 3, "units_inspected_year": 2,
        "rectifications_year": 3, "rectifications_open": 2, "rectifications_overdue": 1, "rectifications_closed": 2,
        "routine_daily_expected": 19, "routine_daily_actual": 2, "routine_daily_on_time": 1,
        "routine_weekly_expected": 2, "routine_weekly_actual": 1, "routine_weekly_on_time": 1,
        "routine_monthly_expected": 2, "routine_monthly_actual": 1, "routine_monthly_on_time": 1,
    }
    shigatse_figures = {
        "units_known": 1, "units_with_risk_list": 1, "tasks_due_year": 1, "tasks_open": 1,
        "inspections_year": 1, "units_inspected_year": 1,
        "rectifications_year": 1, "rectifications_open": 1, "rectifications_overdue": 1,
        "routine_daily_expected": 4, "routine_daily_actual": 1, "routine_daily_on_time": 1,
    }
    assert children(region) == {"540100": lhasa_figures, "540200": shigatse_figures}
    assert region["total"] == {k: lhasa_figures.get(k, 0) + shigatse_figures.get(k, 0)
                               for k in lhasa_figures.keys() | shigatse_figures.keys()}

    lhasa = await board(client, auth, LHASA)
    assert lhasa["total"] == lhasa_figures and lhasa["own"] == {}
    assert set(children(lhasa)) == {"540102", "540103"}
    assert children(lhasa)["540103"] == {"units_known": 1}
    chengguan = await board(client, auth, CHENGGUAN)
    assert chengguan["own"] == {"units_known": 1, "units_with_risk_list": 1}  # u3, directly under the county
    assert [c["code"] for c in chengguan["children"]] == ["540102-01"]

    # the same as the service's own lists show
    officer = auth.headers("region_officer", REGION)

    async def total(path: str, **params: Any) -> int:
        r = await client.get(path, params=params, headers=officer)
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    assert await total("/v1/rectifications", overdue=True) == region["total"]["rectifications_overdue"] == 2
    assert await total("/v1/rectifications", status="closed") == region["total"]["rectifications_closed"]
    assert await total("/v1/tasks", status="open") == region["total"]["tasks_open"]
    tasks = (await client.get("/v1/tasks", params={"size": 100}, headers=officer)).json()["items"]
    assert sum(t["overdue"] for t in tasks) == region["total"]["tasks_overdue"]
    for kind, first in (("daily", "2026-02-02"), ("weekly", "2026-02-02"), ("monthly", "2025-12-01")):
        r = await client.get("/v1/routines/rates", params={"kind": kind, "first": first}, headers=officer)
        assert r.status_code == 200, r.text
        rates = r.json()
        for key in ("expected", "actual", "on_time"):
            assert rates["total"][key] == region["total"].get(f"routine_{kind}_{key}", 0), (kind, key)
        by_code = {row["code"]: row for row in rates["rows"]}
        assert by_code["540100"]["expected"] == lhasa_figures[f"routine_{kind}_expected"]

    # a change shows in the lists at once, in the figures only after the next refresh
    r = await client.post(f"/v1/rectifications/{returned[0]['id']}/answer", headers=ent(auth, u4),
                          json={"answer": "补充整改照片和记录",
                                "base_version": returned[0]["version"] + 2})  # after the answer and the return
    assert r.status_code == 200, r.text
    assert await total("/v1/rectifications", overdue=True) == 1
    assert (await board(client, auth, REGION))["total"]["rectifications_overdue"] == 2
    await refresh_dashboard(client, auth)
    assert (await board(client, auth, REGION))["total"]["rectifications_overdue"] == 1


async def test_jurisdiction(client: AsyncClient, auth: AuthHelper) -> None:
    await unit(client, auth, DUILONG_STATION)
    await refresh_dashboard(client, auth)
    county = auth.headers("county_officer", CHENGGUAN)
    assert (await client.get("/v1/dashboard", headers=county)).json()["total"] == {}  # not 堆龙德庆区's unit
    for org in (REGION, LHASA, "540000/540100/540103"):
        r = await client.get("/v1/dashboard", params={"org": org}, headers=county)
        assert r.status_code == 403 and r.json()["code"] == "OUT_OF_JURISDICTION", r.text
    r = await client.get("/v1/dashboard", params={"org": REGION}, headers=auth.headers("region_admin", REGION))
    assert r.status_code == 200 and r.json()["total"] == {"units_known": 1}
