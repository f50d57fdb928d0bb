"""Dashboard figures (F6) of the archive: counted per org path by the job, summed over a subtree
by next level down on request, and only within the caller's jurisdiction."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from registry_factories import enterprise

from servicekit.testing import AuthHelper, refresh_dashboard

pytestmark = pytest.mark.usefixtures("reference")

REGION = "540000"
LHASA = "540000/540100"
CHENGGUAN = "540000/540100/540102"
SHIGATSE_SAMZHUBZE = "540000/540200/540202"


async def unit(client: AsyncClient, auth: AuthHelper, **over: object) -> dict:  # type: ignore[type-arg]
    r = await client.post("/v1/enterprises", json=enterprise(**over), headers=auth.headers("region_officer", REGION))
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def board(client: AsyncClient, headers: dict[str, str], org: str | None = None) -> dict:  # type: ignore[type-arg]
    r = await client.get("/v1/dashboard", params={"org": org} if org else {}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_figures_by_next_level_down_after_refresh(client: AsyncClient, auth: AuthHelper) -> None:
    region = auth.headers("region_officer", REGION)
    await unit(client, auth, name="城关燃气具厂", division_code="540102")
    await unit(client, auth, name="城关电动车商行", division_code="540102", unit_types=["retail"])
    await unit(client, auth, name="城关新登记商行", division_code="540102", pending=True, registered_on="2026-02-20")
    await unit(client, auth, name="桑珠孜烟花爆竹批发部", division_code="540202", unit_types=["wholesale"])

    before = await board(client, region)
    assert before["refreshed_at"] is None and before["total"] == {}  # nothing counted until the job runs

    done = await refresh_dashboard(client, auth)
    assert done["rows"] > 0
    top = await board(client, region)
    assert top["refreshed_at"] is not None
    assert top["total"]["units_total"] == 3 and top["total"]["archives_pending"] == 1
    assert top["total"]["type_production"] == 1 and top["total"]["type_sale"] == 2
    by_child = {c["code"]: c["metrics"] for c in top["children"]}
    assert by_child["540100"]["units_total"] == 2 and by_child["540100"]["archives_pending"] == 1
    assert by_child["540200"] == {"units_total": 1, "type_sale": 1, "archived_this_year": 1}

    lhasa = await board(client, region, LHASA)
    assert [c["code"] for c in lhasa["children"]] == ["540102"]
    assert lhasa["total"]["units_total"] == 2

    # a new unit is not seen until the next refresh: the read never counts units itself
    await unit(client, auth, name="城关第二燃气具厂", division_code="540102")
    assert (await board(client, region, LHASA))["total"]["units_total"] == 2
    await refresh_dashboard(client, auth)
    assert (await board(client, region, LHASA))["total"]["units_total"] == 3


async def test_jurisdiction_and_roles(client: AsyncClient, auth: AuthHelper) -> None:
    await unit(client, auth, division_code="540202")
    await refresh_dashboard(client, auth)
    county = auth.headers("county_officer", CHENGGUAN)
    mine = await board(client, county)  # defaults to the caller's own unit
    assert mine["org_path"] == CHENGGUAN and mine["total"] == {}

    for org in (REGION, LHASA, SHIGATSE_SAMZHUBZE):
        r = await client.get("/v1/dashboard", params={"org": org}, headers=county)
        assert r.status_code == 403 and r.json()["code"] == "OUT_OF_JURISDICTION", r.text
    r = await client.get("/v1/dashboard", params={"org": "540000/../x"}, headers=county)
    assert r.status_code == 422 and r.json()["code"] == "ORG_PATH_INVALID"
    r = await client.get("/v1/dashboard", headers=auth.headers("enterprise_user", CHENGGUAN,
                                                                 enterprise_id="00000000-0000-0000-0000-000000000001"))
    assert r.status_code == 403
    assert (await client.get("/v1/dashboard")).status_code == 401

    # refreshing on demand is the region admin's; others are refused
    r = await client.post("/v1/dashboard/refresh", headers=auth.headers("region_officer", REGION))
    assert r.status_code == 403
    r = await client.post("/v1/dashboard/refresh", headers=auth.headers("region_admin", REGION))
    assert r.status_code == 200, r.text
