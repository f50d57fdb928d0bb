"""Reminders (F9) of the grading service: a high-risk unit's on-site visit each half-year, owned by
the designating bureau, due from 30 days before the half-year ends, overdue once a half-year passed
without one, gone as soon as a visit is recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import FastAPI
from grading_factories import CHENGGUAN, CHENGGUAN_STATION, create_unit, send
from httpx import AsyncClient

from servicekit.testing import AuthHelper

KIND = "high_risk_visit_due"


def county(auth: AuthHelper) -> dict[str, str]:
    return auth.headers("county_officer", CHENGGUAN)


async def run_job(client: AsyncClient, auth: AuthHelper) -> dict[str, int]:
    r = await client.post("/internal/reminders/run", headers=auth.service_headers())
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def mine(client: AsyncClient, headers: dict[str, str], **params: str) -> dict[str, dict[str, Any]]:
    """The caller's open reminders of this kind, by the unit's name (the title starts with it)."""
    r = await client.get("/v1/reminders", params={"size": 200, "kind": KIND, **params}, headers=headers)
    assert r.status_code == 200, r.text
    return {i["title"].split("（高风险）")[0]: i for i in r.json()["items"]}


async def designated(client: AsyncClient, auth: AuthHelper, name: str, on: str) -> dict[str, Any]:
    e = await create_unit(client, auth, employees=30, name=name)  # C: supervised (and designated) by the county
    await send(client, auth, "enterprise.responsible_changed", {
        "enterprise_id": e["id"], "person_name": "扎西", "org_unit_code": "540102", "effective_on": "2025-06-02",
        "recorded_late": False})
    r = await client.post("/v1/high-risk", json={"enterprise_id": e["id"], "reason": "储存大量液化气", "designated_on": on},
                          headers=county(auth))
    assert r.status_code == 201, r.text
    return {**e, "designation_id": r.json()["id"]}


async def visit(client: AsyncClient, auth: AuthHelper, e: dict[str, Any], on: str) -> None:
    assert await send(client, auth, "inspection.completed", {
        "id": str(uuid.uuid4()), "enterprise_id": e["id"], "inspected_on": on, "on_site": True}) == "processed"


async def test_half_yearly_visit_due_overdue_and_done(client: AsyncClient, auth: AuthHelper,
                                                      service_app: FastAPI) -> None:
    # today 2 Mar 2026: the half-year ends in 120 days, so only a unit that missed 2025H2 is reminded (at once)
    due = await designated(client, auth, "甲燃气站", "2026-01-10")
    late = await designated(client, auth, "乙燃气站", "2025-12-01")
    got = await mine(client, county(auth))
    assert set(got) == {"乙燃气站"}
    assert got["乙燃气站"]["overdue"] is True and got["乙燃气站"]["due_on"] == "2025-12-31"
    assert "2025年下半年未检查" in got["乙燃气站"]["title"] and got["乙燃气站"]["link"] == "/grading/high-risk?status=overdue"
    assert got["乙燃气站"]["kind_label"] == "高风险主体半年度现场检查" and got["乙燃气站"]["owner_path"] == CHENGGUAN
    await run_job(client, auth)
    assert set(await mine(client, county(auth))) == {"乙燃气站"}
    # the station and another county do not own it; the prefecture sees it only in its subtree
    assert await mine(client, auth.headers("station_inspector", CHENGGUAN_STATION)) == {}
    assert await mine(client, auth.headers("county_officer", "540000/540100/540103")) == {}
    pref = auth.headers("prefecture_officer", "540000/540100")
    assert await mine(client, pref) == {} and set(await mine(client, pref, scope="subtree")) == {"乙燃气站"}
    # 5 Jun: 25 days left, the unvisited unit is due too
    service_app.state.today.fn = lambda: dt.date(2026, 6, 5)
    await run_job(client, auth)
    got = await mine(client, county(auth))
    assert set(got) == {"甲燃气站", "乙燃气站"}
    assert got["甲燃气站"]["title"] == "甲燃气站（高风险）半年内须现场检查至少1次，截止 2026-06-30"
    assert (got["甲燃气站"]["due_on"], got["甲燃气站"]["overdue"]) == ("2026-06-30", False)
    assert got["甲燃气站"]["link"] == "/grading/high-risk?status=due"
    summary = (await client.get("/v1/reminders/summary", headers=county(auth))).json()
    assert (summary["total"], summary["overdue"]) == (2, 1)
    # visits recorded (inspection's events): gone at once, and the job brings nothing back
    await visit(client, auth, late, "2026-06-04")
    assert set(await mine(client, county(auth))) == {"甲燃气站"}
    await visit(client, auth, due, "2026-06-05")
    assert await mine(client, county(auth)) == {}
    await run_job(client, auth)
    assert await mine(client, county(auth)) == {}
    # 1 Aug: both were visited in the first half-year; the second one ends in 152 days
    service_app.state.today.fn = lambda: dt.date(2026, 8, 1)
    await run_job(client, auth)
    assert await mine(client, county(auth)) == {}


async def test_a_visit_of_another_half_year_does_not_end_it(client: AsyncClient, auth: AuthHelper) -> None:
    e = await designated(client, auth, "丙燃气站", "2025-12-01")
    await visit(client, auth, e, "2025-10-20")  # the missed half-year after all: no longer overdue, not due yet
    assert await mine(client, county(auth)) == {}
    e2 = await designated(client, auth, "丁燃气站", "2025-12-01")
    await visit(client, auth, e2, "2024-05-01")  # long before: still overdue
    assert set(await mine(client, county(auth))) == {"丁燃气站"}


async def test_ended_designation_and_closed_unit_leave_no_reminder(client: AsyncClient, auth: AuthHelper) -> None:
    ended = await designated(client, auth, "戊燃气站", "2025-12-01")
    closed = await designated(client, auth, "己燃气站", "2025-12-01")
    assert set(await mine(client, county(auth))) == {"戊燃气站", "己燃气站"}
    r = await client.post(f"/v1/high-risk/{ended['designation_id']}/end", json={"reason": "风险已消除"},
                          headers=county(auth))
    assert r.status_code == 200, r.text
    assert set(await mine(client, county(auth))) == {"己燃气站"}
    await send(client, auth, "enterprise.status_changed", {**closed, "status": "deregistered", "version": 2})
    assert await mine(client, county(auth)) == {}
    await run_job(client, auth)
    assert await mine(client, county(auth)) == {}


async def test_who_may_call(client: AsyncClient, auth: AuthHelper) -> None:
    await designated(client, auth, "庚燃气站", "2025-12-01")
    await run_job(client, auth)
    ent = auth.headers("enterprise_user", CHENGGUAN_STATION, enterprise_id=str(uuid.uuid4()))
    r = await client.get("/v1/reminders", headers=ent)
    assert r.status_code == 200 and r.json()["total"] == 0
    assert (await client.post("/internal/reminders/run", headers=county(auth))).status_code == 403
