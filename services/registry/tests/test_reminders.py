"""Reminders (F9) of the registry: archiving within 5 working days of registration and a successor
to a responsible person within 5 working days, owned by the bureau that must act, gone as soon as
the thing is done."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from registry_factories import enterprise

from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("reference")

CHENGGUAN = "540000/540100/540102"
STATION = CHENGGUAN + "/540102-01"
OTHER_STATION = CHENGGUAN + "/540102-02"


def county(auth: AuthHelper) -> dict[str, str]:
    return auth.headers("county_officer", CHENGGUAN)


def station(auth: AuthHelper, path: str = STATION) -> dict[str, str]:
    return auth.headers("station_inspector", path)


async def unit(client: AsyncClient, auth: AuthHelper, **over: object) -> dict:  # type: ignore[type-arg]
    r = await client.post("/v1/enterprises", json=enterprise(**over), headers=county(auth))
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def run_job(client: AsyncClient, auth: AuthHelper) -> dict[str, int]:
    r = await client.post("/internal/reminders/run", headers=auth.service_headers())
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def mine(client: AsyncClient, headers: dict[str, str], kind: str | None = None, **params: str) -> list[dict]:  # type: ignore[type-arg]
    r = await client.get("/v1/reminders", params={"size": 200, **({"kind": kind} if kind else {}), **params},
                         headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def about(items: list[dict], e: dict) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in items if e["id"] in r["link"]]


async def test_archiving_due_then_overdue_then_done(client: AsyncClient, auth: AuthHelper,
                                                    service_app: FastAPI) -> None:
    # today Mon 2 Mar 2026; registered Fri 27 Feb → due Thu 5 Mar: shown at once, by the station it belongs to
    soon = await unit(client, auth, registered_on="2026-02-27", pending=True, station_code="540102-01",
                      name="雪域新登记商行")
    later = await unit(client, auth, registered_on="2026-03-02", pending=True, station_code="540102-01",
                       name="晚登记商行")  # due Mon 9 Mar: more than 5 days ahead
    archived = await unit(client, auth, registered_on="2026-02-13", station_code="540102-01", name="已建档商行")
    got = about(await mine(client, station(auth), "archive_due"), soon)
    assert len(got) == 1
    assert got[0]["title"] == "雪域新登记商行须于 2026-03-05 前完成建档（登记注册后5个工作日）"
    assert (got[0]["due_on"], got[0]["overdue"], got[0]["owner_path"]) == ("2026-03-05", False, STATION)
    assert got[0]["link"] == f"/archive/enterprises/{soon['id']}" and got[0]["kind_label"] == "新登记主体待建档"
    await run_job(client, auth)
    items = await mine(client, station(auth), "archive_due")
    assert len(about(items, soon)) == 1 and not about(items, later) and not about(items, archived)
    # the county's own list holds only what it owes itself; its subtree shows its stations' too
    assert not about(await mine(client, county(auth)), soon)
    assert about(await mine(client, county(auth), scope="subtree"), soon)
    assert not about(await mine(client, station(auth, OTHER_STATION)), soon)
    summary = (await client.get("/v1/reminders/summary", headers=station(auth))).json()
    assert summary["by_kind"] == {"archive_due": 1} and summary["overdue"] == 0
    # Thu 5 Mar: the later one comes within 5 days; Fri 6 Mar: the first is overdue
    service_app.state.clock = lambda: dt.date(2026, 3, 5)
    await run_job(client, auth)
    assert about(await mine(client, station(auth), "archive_due"), later)
    service_app.state.clock = lambda: dt.date(2026, 3, 6)
    await run_job(client, auth)
    got = about(await mine(client, station(auth), "archive_due"), soon)
    assert got[0]["overdue"] is True and "已超期" in got[0]["title"]
    # archived: gone at once, without the job; the job brings nothing back
    done = await client.patch(f"/v1/enterprises/{soon['id']}", json={"version": soon["version"], "complete_archive": True},
                              headers=county(auth))
    assert done.status_code == 200, done.text
    assert not about(await mine(client, station(auth), "archive_due"), soon)
    await run_job(client, auth)
    assert not about(await mine(client, station(auth), "archive_due"), soon)
    assert about(await mine(client, station(auth), "archive_due"), later)


async def test_moving_a_pending_unit_moves_its_reminder(client: AsyncClient, auth: AuthHelper) -> None:
    e = await unit(client, auth, registered_on="2026-02-27", pending=True, station_code="540102-01", name="搬迁商行")
    r = await client.patch(f"/v1/enterprises/{e['id']}", json={"version": e["version"], "station_code": "540102-02"},
                           headers=county(auth))
    assert r.status_code == 200, r.text
    assert not about(await mine(client, station(auth), "archive_due"), e)
    assert about(await mine(client, station(auth, OTHER_STATION), "archive_due"), e)


async def test_responsible_successor_due_for_the_bureau_of_the_person_who_left(
        client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    h = county(auth)
    a = await unit(client, auth, station_code="540102-01", name="甲燃气站")
    b = await unit(client, auth, station_code="540102-01", name="乙燃气站")
    for e, org in ((a, "540102-01"), (b, "540102")):
        r = await client.post(f"/v1/enterprises/{e['id']}/responsible-persons", headers=h, json={
            "person_name": "扎西", "org_unit_code": org, "effective_on": "2026-01-05"})
        assert r.status_code == 201, r.text
    await run_job(client, auth)
    assert await mine(client, station(auth), "responsible_due") == []
    # 甲's (a station's person) leaves Fri 27 Feb: due Thu 5 Mar (Sat 28 Feb is a make-up workday), shown at once
    r = await client.post(f"/v1/enterprises/{a['id']}/responsible-persons/end", headers=h,
                          json={"ended_on": "2026-02-27", "reason": "调离"})
    assert r.status_code == 204
    got = about(await mine(client, station(auth), "responsible_due"), a)
    assert len(got) == 1 and (got[0]["due_on"], got[0]["overdue"]) == ("2026-03-05", False)
    assert got[0]["link"] == f"/archive/enterprises/{a['id']}?tab=responsible"
    assert "须于 2026-03-05 前指定新的监管责任人" in got[0]["title"] and got[0]["kind_label"] == "监管责任人待更新"
    # 乙's (the county's person) left Fri 13 Feb: overdue since 27 Feb, and the county's to fix
    await client.post(f"/v1/enterprises/{b['id']}/responsible-persons/end", headers=h,
                      json={"ended_on": "2026-02-13", "reason": "退休"})
    await run_job(client, auth)
    got = about(await mine(client, h, "responsible_due"), b)
    assert len(got) == 1 and (got[0]["due_on"], got[0]["overdue"], got[0]["owner_path"]) == ("2026-02-27", True, CHENGGUAN)
    assert not about(await mine(client, station(auth)), b) and not about(await mine(client, h), a)
    # the job agrees with /v1/overdue
    overdue = (await client.get("/v1/overdue", params={"kind": "responsible"}, headers=h)).json()["items"]
    assert [i["enterprise_id"] for i in overdue] == [b["id"]]
    service_app.state.clock = lambda: dt.date(2026, 3, 6)
    await run_job(client, auth)
    assert about(await mine(client, station(auth), "responsible_due"), a)[0]["overdue"] is True
    # a successor recorded: gone at once, and the job brings nothing back
    r = await client.post(f"/v1/enterprises/{a['id']}/responsible-persons", headers=h, json={
        "person_name": "央金", "org_unit_code": "540102-01", "effective_on": "2026-03-04"})
    assert r.status_code == 201, r.text
    assert about(await mine(client, station(auth), "responsible_due"), a) == []
    await run_job(client, auth)
    assert about(await mine(client, station(auth), "responsible_due"), a) == []
    assert about(await mine(client, h, "responsible_due"), b)


async def test_who_may_call(client: AsyncClient, auth: AuthHelper) -> None:
    await unit(client, auth, registered_on="2026-02-27", pending=True, name="企业看不到的商行")
    await run_job(client, auth)
    ent = auth.headers("enterprise_user", STATION, enterprise_id="00000000-0000-4000-8000-000000000001")
    r = await client.get("/v1/reminders", headers=ent)
    assert r.status_code == 200 and r.json()["total"] == 0
    assert (await client.get("/v1/reminders/summary", headers=ent)).json()["total"] == 0
    assert (await client.post("/internal/reminders/run", headers=county(auth))).status_code == 403
    assert (await client.get("/v1/reminders")).status_code == 401
