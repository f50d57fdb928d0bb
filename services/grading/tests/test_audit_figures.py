"""GET /internal/audit-figures: grades, categories and high-risk units of an audited bureau."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from grading_factories import CHENGGUAN, CHENGGUAN_STATION, DUILONG_STATION, EDZ, create_unit, risk, send
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from grading.models import HighRisk, Visit
from servicekit.testing import AuthHelper

PERIOD = {"date_from": "2026-01-01", "date_to": "2026-02-28"}


async def figures(client: AsyncClient, auth: AuthHelper, org_path: str) -> dict[str, object]:
    r = await client.get("/internal/audit-figures", params={"org_path": org_path, **PERIOD},
                         headers=auth.service_headers())
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["service"], body["org_path"], body["as_of"]) == ("grading", org_path, "2026-03-02")
    return body["figures"]  # type: ignore[no-any-return]


async def with_responsible(client: AsyncClient, auth: AuthHelper, e: dict[str, object]) -> None:
    await send(client, auth, "enterprise.responsible_changed", {
        "enterprise_id": e["id"], "person_name": "扎西", "org_unit_code": "540102", "effective_on": "2026-01-05",
        "recorded_late": False})


def designate(session: AsyncSession, e: dict[str, object], on: str, *, org_path: str = CHENGGUAN,
              ended_on: dt.date | None = None) -> None:
    session.add(HighRisk(id=uuid.uuid4(), enterprise_id=uuid.UUID(str(e["id"])), designating_org_code=org_path[-6:],
                         designating_org_path=org_path, designated_on=dt.date.fromisoformat(on), reason="研判",
                         ended_on=ended_on))


def visit(session: AsyncSession, e: dict[str, object], on: str) -> None:
    session.add(Visit(id=uuid.uuid4(), enterprise_id=uuid.UUID(str(e["id"])), visited_on=dt.date.fromisoformat(on)))


async def test_figures_of_a_county(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    c1 = await create_unit(client, auth, employees=30)  # C, the county's level
    await with_responsible(client, auth, c1)
    c2 = await create_unit(client, auth, employees=40, org_path=CHENGGUAN)  # C, key supervision
    await risk(client, auth, c2["id"], severity="larger", found_on=dt.date(2026, 1, 10))
    d1 = await create_unit(client, auth, employees=3)  # D, special supervision
    for day in (dt.date(2025, 3, 1), dt.date(2025, 9, 1), dt.date(2026, 1, 5)):
        await risk(client, auth, d1["id"], severity="major", found_on=day)
    ungraded = await create_unit(client, auth, employees=None, revenue_wan=None)
    b1 = await create_unit(client, auth, employees=500)  # B
    await create_unit(client, auth, employees=30, status="deregistered")  # closed: counts for nothing
    other = await create_unit(client, auth, employees=30, org_path=DUILONG_STATION)
    await with_responsible(client, auth, other)
    await risk(client, auth, other["id"], severity="larger", found_on=dt.date(2026, 1, 10))

    # high risk, as of 2026-03-02 (first half of 2026; the previous half is 2025-07-01..12-31)
    designate(session, c1, "2025-09-01")  # never visited: overdue
    designate(session, c2, "2025-09-01")
    visit(session, c2, "2025-10-10")  # visited last half: due now, not overdue
    designate(session, b1, "2026-01-10")  # designated this half: due
    designate(session, d1, "2025-09-01")
    visit(session, d1, "2026-02-01")  # missed last half but visited this one: done
    designate(session, ungraded, "2025-03-01", ended_on=dt.date(2025, 12, 1))  # ended
    designate(session, other, "2025-09-01", org_path="540000/540100/540103")  # overdue, another county's
    await session.commit()

    assert await figures(client, auth, CHENGGUAN) == {
        "level": "county", "level_grade": "C", "units_total": 5, "graded_units": 4, "ungraded_units": 1,
        "level_units": 2, "level_units_with_responsible": 1, "key_supervision_units": 1,
        "special_supervision_units": 1, "high_risk_units": 4, "high_risk_visit_overdue": 1,
    }
    # the high-risk list shows the county the same overdue unit
    overdue = (await client.get("/v1/high-risk", params={"status": "overdue"},
                                headers=auth.headers("county_officer", CHENGGUAN))).json()
    assert [h["enterprise_id"] for h in overdue] == [c1["id"]]
    lhasa = await figures(client, auth, "540000/540100")
    assert (lhasa["level"], lhasa["level_grade"], lhasa["units_total"], lhasa["level_units"]) == ("prefecture", "B", 6, 1)
    assert (lhasa["key_supervision_units"], lhasa["high_risk_units"], lhasa["high_risk_visit_overdue"]) == (2, 5, 2)
    station = await figures(client, auth, CHENGGUAN_STATION)
    assert (station["level"], station["level_grade"], station["units_total"], station["level_units"]) == ("station", "D", 4, 1)
    assert station["key_supervision_units"] == 0 and station["high_risk_units"] == 3
    region = await figures(client, auth, "540000")
    assert (region["level"], region["level_grade"], region["units_total"], region["level_units"]) == ("region", "A", 6, 0)


async def test_development_zone_is_prefecture_level(client: AsyncClient, auth: AuthHelper) -> None:
    await create_unit(client, auth, employees=500, org_path=EDZ)
    await create_unit(client, auth, employees=30, org_path=EDZ)
    edz = await figures(client, auth, EDZ)
    assert (edz["level"], edz["level_grade"], edz["units_total"], edz["level_units"]) == ("prefecture", "B", 2, 1)


async def test_only_services_may_ask(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.get("/internal/audit-figures", params={"org_path": CHENGGUAN, **PERIOD},
                         headers=auth.headers("region_admin", "540000"))
    assert r.status_code == 403 and r.json()["code"] == "INTERNAL_ONLY"


@pytest.mark.parametrize(("params", "code"), [
    ({"date_from": "2026-1-1x"}, "VALIDATION_ERROR"),
    ({"date_from": "2026-03-01"}, "DATE_RANGE"),
    ({"org_path": " "}, "ORG_PATH_INVALID"),
    ({"org_path": "540000/540100/540102/540102-01/x"}, "ORG_PATH_INVALID"),
])
async def test_bad_query_refused(client: AsyncClient, auth: AuthHelper, params: dict[str, str], code: str) -> None:
    r = await client.get("/internal/audit-figures", params={"org_path": CHENGGUAN, **PERIOD, **params},
                         headers=auth.service_headers())
    assert r.status_code == 422 and r.json()["code"] == code, r.text
