"""双随机: random units and inspectors from a recorded seed, reproducible; each unit drawn is a task."""

from __future__ import annotations

from conftest import STAFF
from httpx import AsyncClient
from inspection_factories import CHENGGUAN, unit

from servicekit.testing import AuthHelper

DRAW = {"org": "540102", "units": 3, "inspectors": 2, "due_on": "2026-04-30", "reason": "2026年第一批双随机抽查"}


async def test_a_draw_is_reproducible_from_its_seed(client: AsyncClient, auth: AuthHelper) -> None:
    county = auth.headers("county_officer", CHENGGUAN)
    for _ in range(8):
        await unit(client, auth, unit_types=["retail"])
    await unit(client, auth, unit_types=["production"])
    first = await client.post("/v1/draws", json={**DRAW, "seed": 20260302, "unit_types": ["retail"]}, headers=county)
    assert first.status_code == 201, first.text
    d = first.json()
    assert (d["pool_units"], d["pool_inspectors"], len(d["unit_ids"]), len(d["inspector_ids"])) == (8, 5, 3, 2)
    # what was drawn, by name: the units as archived, the inspectors as the gateway named them
    assert [u["id"] for u in d["units"]] == d["unit_ids"] and all(u["name"].startswith("拉萨检查测试单位") for u in d["units"])
    staff_names = {s.id: s.display_name for s in STAFF}
    assert [(i["id"], i["name"]) for i in d["inspectors"]] == [(i, staff_names[i]) for i in d["inspector_ids"]]
    listed = next(x for x in (await client.get("/v1/draws", headers=county)).json() if x["id"] == d["id"])
    assert listed["units"] == d["units"] and listed["inspectors"] == d["inspectors"]
    again = (await client.post("/v1/draws", json={**DRAW, "seed": 20260302, "unit_types": ["retail"]},
                               headers=county)).json()
    assert (again["unit_ids"], again["inspector_ids"]) == (d["unit_ids"], d["inspector_ids"])
    other = (await client.post("/v1/draws", json={**DRAW, "seed": 7, "unit_types": ["retail"]}, headers=county)).json()
    assert (other["unit_ids"], other["inspector_ids"]) != (d["unit_ids"], d["inspector_ids"])
    verify = (await client.get(f"/v1/draws/{d['id']}/verify", headers=county)).json()
    assert verify["pool_unchanged"] and verify["reproduced"]
    await unit(client, auth, unit_types=["retail"])
    verify = (await client.get(f"/v1/draws/{d['id']}/verify", headers=county)).json()
    assert verify["pool_unchanged"] is False and "对象库已变化" in verify["detail"]

    tasks = (await client.get("/v1/tasks", params={"status": "open", "size": 100}, headers=county)).json()["items"]
    drawn = [t for t in tasks if t["kind"] == "random" and t["enterprise_id"] in d["unit_ids"]]
    assert len({t["enterprise_id"] for t in drawn}) == 3
    assert {t["assignee_subject"] for t in drawn} <= set(d["inspector_ids"]) | set(again["inspector_ids"]) | set(
        other["inspector_ids"])
    assert all(t["kind_label"] == "双随机抽查" for t in drawn)


async def test_draw_refusals(client: AsyncClient, auth: AuthHelper) -> None:
    county = auth.headers("county_officer", CHENGGUAN)
    await unit(client, auth)
    r = await client.post("/v1/draws", json={**DRAW, "units": 5}, headers=county)
    assert r.status_code == 422 and r.json()["code"] == "DRAW_POOL_TOO_SMALL"
    r = await client.post("/v1/draws", json={**DRAW, "units": 1, "inspectors": 9}, headers=county)
    assert r.status_code == 422 and r.json()["code"] == "DRAW_STAFF_TOO_SMALL"
    r = await client.post("/v1/draws", json={**DRAW, "org": "540103", "units": 1}, headers=county)
    assert r.status_code == 403
    r = await client.post("/v1/draws", json={**DRAW, "units": 1},
                          headers=auth.headers("station_inspector", CHENGGUAN + "/540102-01"))
    assert r.status_code == 403


async def test_half_yearly_plan_from_grading_events(client: AsyncClient, auth: AuthHelper) -> None:
    from inspection_factories import send

    county = auth.headers("county_officer", CHENGGUAN)
    units = [await unit(client, auth) for _ in range(3)]
    risky, key, routine = units
    await send(client, auth, "high_risk.designated", {"id": "x", "enterprise_id": risky["id"],
                                                      "designating_org_code": "540102", "designated_on": "2026-01-10"})
    await send(client, auth, "category.changed", {"enterprise_id": key["id"], "category": "key"})
    plan = (await client.post("/v1/tasks/plan", headers=county)).json()
    assert plan == {"half_year": "2026H1", "created": 2, "already_planned": 0}
    again = (await client.post("/v1/tasks/plan", headers=county)).json()
    assert (again["created"], again["already_planned"]) == (0, 2)
    tasks = (await client.get("/v1/tasks", params={"status": "open"}, headers=county)).json()["items"]
    planned = {t["enterprise_id"]: t for t in tasks if t["kind"] == "planned"}
    assert set(planned) == {risky["id"], key["id"]} and routine["id"] not in planned
    assert planned[risky["id"]]["reason"].startswith("高风险主体") and planned[risky["id"]]["due_on"] == "2026-06-30"
    r = await client.post(f"/v1/tasks/{planned[key['id']]['id']}/assign",
                          json={"assignee_subject": "00000000-0000-4000-8000-000000000003", "assignee_name": "八廓所 次仁"},
                          headers=county)
    assert r.json()["assignee_name"] == "八廓所 次仁"
    # an inspection of the unit in this half-year fulfils its planned visit
    import uuid as _uuid

    station = auth.headers("station_inspector", CHENGGUAN + "/540102-01")
    iid = str(_uuid.uuid4())
    draft = (await client.put(f"/v1/inspections/{iid}", json={"enterprise_id": risky["id"], "inspected_on": "2026-03-02"},
                              headers=station)).json()
    items = [{"item_no": i["item_no"], "result": "yes"} for i in draft["items"]]
    await client.put(f"/v1/inspections/{iid}", json={"enterprise_id": risky["id"], "inspected_on": "2026-03-02",
                                                     "base_version": 1, "items": items}, headers=station)
    await client.post(f"/v1/inspections/{iid}/submit", json={"base_version": 2}, headers=station)
    done = (await client.get("/v1/tasks", params={"status": "submitted"}, headers=county)).json()["items"]
    assert [t["enterprise_id"] for t in done if t["kind"] == "planned"] == [risky["id"]]
