"""Dashboard figures (F6) of grading: grades, categories and levels of the open units, high-risk
designations with their half-yearly visits; counted per org path by the job, summed by next level
down on request, the same as `/v1/high-risk` and `/v1/units/summary` show."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from grading_factories import CHENGGUAN, DUILONG_STATION, EDZ, create_unit, risk, send
from httpx import AsyncClient

from servicekit.testing import AuthHelper, read_dashboard, refresh_dashboard

REGION, LHASA = "540000", "540000/540100"
DUILONG = "540000/540100/540103"
SHIGATSE_STATION = "540000/540200/540202/540202-01"


async def board(client: AsyncClient, auth: AuthHelper, org: str) -> dict[str, Any]:
    body = await read_dashboard(client, auth, org)
    assert body["service"] == "grading"
    return body


def children(body: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {c["code"]: c["metrics"] for c in body["children"]}


async def designatable(client: AsyncClient, auth: AuthHelper, **kw: Any) -> dict[str, Any]:
    """A unit with its named responsible person (required before designating it high-risk)."""
    e = await create_unit(client, auth, **kw)
    await send(client, auth, "enterprise.responsible_changed", {
        "enterprise_id": e["id"], "person_name": "扎西", "org_unit_code": "540102", "effective_on": "2026-01-05",
        "recorded_late": False})
    return e


async def designate(client: AsyncClient, auth: AuthHelper, e: dict[str, Any], on: str, county: str = CHENGGUAN) -> str:
    r = await client.post("/v1/high-risk", json={"enterprise_id": e["id"], "reason": "储存大量液化气，周边人员密集",
                                                 "designated_on": on}, headers=auth.headers("county_officer", county))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def visit(client: AsyncClient, auth: AuthHelper, e: dict[str, Any], on: str) -> None:
    await send(client, auth, "inspection.completed", {"id": str(uuid.uuid4()), "enterprise_id": e["id"],
                                                      "inspected_on": on, "on_site": True})


async def close(client: AsyncClient, auth: AuthHelper, e: dict[str, Any]) -> None:
    await send(client, auth, "enterprise.status_changed", {**e, "status": "deregistered", "version": 2})


async def test_figures_by_next_level_down_and_as_the_lists_show_them(client: AsyncClient, auth: AuthHelper) -> None:
    # 城关区: one unit of each grade at a station, one unit directly under the county
    await create_unit(client, auth, employees=1000)  # A: the region's level
    await create_unit(client, auth, employees=500)  # B: the prefecture's level
    d_special = await create_unit(client, auth, employees=3)  # D, three major risks: special, escalated to the county
    for day in (dt.date(2025, 3, 1), dt.date(2025, 9, 1), dt.date(2026, 1, 5)):
        await risk(client, auth, d_special["id"], severity="major", found_on=day)
    await create_unit(client, auth, employees=None, revenue_wan=None)  # ungraded: no level either
    await create_unit(client, auth, employees=30, org_path=CHENGGUAN)  # C, directly under the county
    # high-risk units of 城关区 (C, designated by the county), as of 2026-03-02: this half-year is
    # 2026-01-01..06-30, the previous one 2025-07-01..12-31
    overdue = await designatable(client, auth, employees=30)
    await designate(client, auth, overdue, "2025-09-01")  # never visited: overdue
    due = await designatable(client, auth, employees=30)
    await designate(client, auth, due, "2025-09-01")
    await visit(client, auth, due, "2025-10-10")  # visited last half-year: due now, not overdue
    done = await designatable(client, auth, employees=30)
    await designate(client, auth, done, "2025-09-01")
    await visit(client, auth, done, "2026-02-01")  # visited this half-year: done
    new = await designatable(client, auth, employees=30)
    await risk(client, auth, new["id"], severity="larger", found_on=dt.date(2026, 1, 10))  # key supervision
    await designate(client, auth, new, "2026-01-10")  # designated this half-year: due
    ended = await designatable(client, auth, employees=30)  # an open C unit whose designation was ended
    r = await client.post(f"/v1/high-risk/{await designate(client, auth, ended, '2025-09-01')}/end",
                          json={"reason": "风险已消除"}, headers=auth.headers("county_officer", CHENGGUAN))
    assert r.status_code == 200, r.text
    closed = await designatable(client, auth, employees=30)  # designated, then deregistered: no unit figure,
    await designate(client, auth, closed, "2025-09-01")  # but its designation is still listed (overdue)
    await close(client, auth, closed)
    # 堆龙德庆区: one overdue high-risk unit; 拉萨经开区 (a child of the region): one D unit
    duilong = await designatable(client, auth, employees=30, org_path=DUILONG_STATION)
    await designate(client, auth, duilong, "2025-09-01", county=DUILONG)
    await create_unit(client, auth, employees=3, org_path=EDZ)
    # 日喀则市: a key C unit and a B unit; a closed one counts for nothing
    s_key = await create_unit(client, auth, employees=30, org_path=SHIGATSE_STATION)
    await risk(client, auth, s_key["id"], severity="larger", found_on=dt.date(2026, 2, 1))
    await create_unit(client, auth, employees=500, org_path=SHIGATSE_STATION)
    await close(client, auth, await create_unit(client, auth, employees=30, org_path=SHIGATSE_STATION))

    before = await board(client, auth, REGION)
    assert before["refreshed_at"] is None and before["total"] == {} and before["children"] == []
    await refresh_dashboard(client, auth)

    region = await board(client, auth, REGION)
    assert region["as_of"] == "2026-03-02" and region["own"] == {}
    assert region["total"] == {
        "units_total": 14, "ungraded": 1, "grade_A": 1, "grade_B": 2, "grade_C": 8, "grade_D": 2,
        "category_routine": 11, "category_key": 2, "category_special": 1,
        "level_region": 1, "level_prefecture": 2, "level_county": 9, "level_station": 1,
        "high_risk_units": 6, "high_risk_visited": 1, "high_risk_visit_overdue": 3,
    }
    assert children(region) == {
        "540100": {"units_total": 11, "ungraded": 1, "grade_A": 1, "grade_B": 1, "grade_C": 7, "grade_D": 1,
                   "category_routine": 9, "category_key": 1, "category_special": 1,
                   "level_region": 1, "level_prefecture": 1, "level_county": 8,
                   "high_risk_units": 6, "high_risk_visited": 1, "high_risk_visit_overdue": 3},
        "540171": {"units_total": 1, "grade_D": 1, "category_routine": 1, "level_station": 1},
        "540200": {"units_total": 2, "grade_B": 1, "grade_C": 1, "category_routine": 1, "category_key": 1,
                   "level_prefecture": 1, "level_county": 1},
    }

    lhasa = await board(client, auth, LHASA)
    assert lhasa["total"] == children(region)["540100"] and lhasa["own"] == {}
    assert children(lhasa) == {
        "540102": {"units_total": 10, "ungraded": 1, "grade_A": 1, "grade_B": 1, "grade_C": 6, "grade_D": 1,
                   "category_routine": 8, "category_key": 1, "category_special": 1,
                   "level_region": 1, "level_prefecture": 1, "level_county": 7,
                   "high_risk_units": 5, "high_risk_visited": 1, "high_risk_visit_overdue": 2},
        "540103": {"units_total": 1, "grade_C": 1, "category_routine": 1, "level_county": 1,
                   "high_risk_units": 1, "high_risk_visit_overdue": 1},
    }
    chengguan = await board(client, auth, CHENGGUAN)
    assert chengguan["own"] == {"units_total": 1, "grade_C": 1, "category_routine": 1, "level_county": 1}
    assert [c["code"] for c in chengguan["children"]] == ["540102-01"]

    # the same as the service's own lists and distribution show
    officer = auth.headers("region_officer", REGION)

    async def listed(status: str | None = None) -> int:
        r = await client.get("/v1/high-risk", params={"status": status} if status else {}, headers=officer)
        assert r.status_code == 200, r.text
        return len(r.json())

    assert await listed() == region["total"]["high_risk_units"]
    assert await listed("done") == region["total"]["high_risk_visited"]
    assert await listed("overdue") == region["total"]["high_risk_visit_overdue"]
    for code, figures in children(region).items():
        dist = (await client.get("/v1/units/summary", params={"org": code}, headers=officer)).json()
        assert dist["total"] == figures["units_total"]
        assert {g: n for g, n in dist["by_grade"].items() if g != "none"} == \
            {k.removeprefix("grade_"): v for k, v in figures.items() if k.startswith("grade_")}
        assert dist["by_category"] == {k.removeprefix("category_"): v for k, v in figures.items()
                                       if k.startswith("category_")}
        assert {lv: n for lv, n in dist["by_level"].items() if lv != "none"} == \
            {k.removeprefix("level_"): v for k, v in figures.items() if k.startswith("level_")}

    # a visit changes the list at once, the figures only at the next refresh
    await visit(client, auth, overdue, "2026-03-01")
    assert await listed("overdue") == 2
    assert (await board(client, auth, REGION))["total"]["high_risk_visit_overdue"] == 3
    await refresh_dashboard(client, auth)
    after = (await board(client, auth, REGION))["total"]
    assert (after["high_risk_visit_overdue"], after["high_risk_visited"]) == (2, 2)


async def test_jurisdiction(client: AsyncClient, auth: AuthHelper) -> None:
    await create_unit(client, auth, employees=30, org_path=DUILONG_STATION)
    await refresh_dashboard(client, auth)
    county = auth.headers("county_officer", CHENGGUAN)
    assert (await client.get("/v1/dashboard", headers=county)).json()["total"] == {}  # not 堆龙德庆区's unit
    for org in (REGION, LHASA, DUILONG):
        r = await client.get("/v1/dashboard", params={"org": org}, headers=county)
        assert r.status_code == 403 and r.json()["code"] == "OUT_OF_JURISDICTION", r.text
    r = await client.get("/v1/dashboard", params={"org": LHASA}, headers=auth.headers("prefecture_officer", LHASA))
    assert r.status_code == 200 and r.json()["total"]["units_total"] == 1


async def test_on_demand_refresh_is_the_region_admins_and_guarded(client: AsyncClient, auth: AuthHelper) -> None:
    await refresh_dashboard(client, auth)  # the job (or anyone) refreshed just now
    r = await client.post("/v1/dashboard/refresh", headers=auth.headers("region_officer", REGION))
    assert r.status_code == 403
    r = await client.post("/v1/dashboard/refresh", headers=auth.headers("region_admin", REGION))
    assert r.status_code == 200 and r.json() == {"rows": 0, "duration_ms": 0, "skipped": True}  # within 30 s
