"""Reactions: registry and inspection events regrade and recategorise, exactly once each."""

from __future__ import annotations

import datetime as dt
import uuid

from grading_factories import CHENGGUAN_STATION, EDZ, create_unit, enterprise, risk, send
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from grading.models import GradeHistory, Unit
from servicekit.outbox import OutboxEvent
from servicekit.testing import AuthHelper

REGION = "540000"


async def unit(client: AsyncClient, auth: AuthHelper, eid: str) -> dict:
    r = await client.get(f"/v1/units/{eid}", headers=auth.headers("region_admin", REGION))
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_new_unit_is_graded_and_assigned_to_the_unit_at_its_level(client: AsyncClient, auth: AuthHelper,
                                                                            session: AsyncSession) -> None:
    e = await create_unit(client, auth, unit_types=["production"], employees=250, revenue_wan="2500")
    u = await unit(client, auth, e["id"])
    assert (u["grade"], u["level"], u["supervising_org_code"]) == ("B", "prefecture", "540100")
    assert u["supervising_org_name"] == "拉萨市市场监督管理局"
    assert u["statistical_size"] == "small" and u["large_or_medium"] is True
    assert u["basis"].startswith("依据藏市监〔2023〕73号附件4：")
    events = (await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "grade.changed"))).all()
    assert [ev.payload["grade"] for ev in events if ev.payload["enterprise_id"] == e["id"]] == ["B"]
    # D goes to the station on its path; a unit of 拉萨经开区 (no counties) stays with the zone for C and D
    d = await create_unit(client, auth, employees=3, revenue_wan="20")
    assert (await unit(client, auth, d["id"]))["supervising_org_code"] == "540102-01"
    z = await create_unit(client, auth, org_path=EDZ, employees=30, revenue_wan=None)
    zu = await unit(client, auth, z["id"])
    assert (zu["grade"], zu["supervising_org_code"], zu["missing"]) == ("C", "540171", "revenue")


async def test_the_same_event_delivered_twice_is_applied_once(client: AsyncClient, auth: AuthHelper,
                                                              session: AsyncSession) -> None:
    e = enterprise(employees=1200)
    event_id = uuid.uuid4()
    assert await send(client, auth, "enterprise.created", e, event_id) == "processed"
    assert await send(client, auth, "enterprise.created", e, event_id) == "duplicate"
    eid = uuid.UUID(e["id"])
    assert await session.scalar(select(func.count()).where(GradeHistory.enterprise_id == eid)) == 1
    rid = uuid.uuid4()
    body = {"id": str(uuid.uuid4()), "enterprise_id": e["id"], "severity": "major", "source": "accident",
            "found_on": "2026-02-01", "summary": "燃气具爆燃"}
    assert await send(client, auth, "risk.recorded", body, rid) == "processed"
    assert await send(client, auth, "risk.recorded", body, rid) == "duplicate"
    u = await session.get(Unit, eid)
    assert u is not None and u.major_risks == 1


async def test_a_size_change_regrades_and_keeps_history(client: AsyncClient, auth: AuthHelper) -> None:
    e = await create_unit(client, auth, unit_types=["retail"], employees=12, revenue_wan="80")
    assert (await unit(client, auth, e["id"]))["grade"] == "C"
    await send(client, auth, "enterprise.updated", {**e, "employees": 320, "version": 2, "changed": ["employees"]})
    u = await unit(client, auth, e["id"])
    assert (u["grade"], u["level"], u["supervising_org_code"]) == ("A", "region", "540000")
    # a late, older event does not undo the newer state
    await send(client, auth, "enterprise.updated", {**e, "employees": 12, "version": 1})
    assert (await unit(client, auth, e["id"]))["grade"] == "A"
    r = await client.get(f"/v1/units/{e['id']}/history", headers=auth.headers("region_admin", REGION))
    history = r.json()
    assert [(h["grade_before"], h["grade_after"]) for h in history] == [("C", "A"), (None, "C")]
    assert history[0]["inputs"] == {"unit_types": ["retail"], "employees": 320, "revenue_wan": "80.00", "major_risks": 0,
                                    "larger_risks": 0, "accident": False, "credit_risk_class": None}
    assert history[0]["basis"].startswith("依据藏市监〔2023〕73号附件4：零售单位从业人员320人（X≥300）属A级")
    assert history[1]["basis"].startswith("依据藏市监〔2023〕73号附件4：零售单位从业人员12人（10≤X<50）属C级")
    assert history[0]["rule_set_code"] == "藏市监〔2023〕73号附件4"


async def test_closing_a_unit_takes_it_off_the_lists(client: AsyncClient, auth: AuthHelper) -> None:
    e = await create_unit(client, auth, employees=5)
    await send(client, auth, "enterprise.status_changed", {**e, "status": "deregistered", "version": 2})
    r = await client.get("/v1/units", headers=auth.headers("region_admin", REGION))
    assert e["id"] not in [i["enterprise_id"] for i in r.json()["items"]]
    r = await client.get("/v1/units", params={"include_closed": True}, headers=auth.headers("region_admin", REGION))
    assert e["id"] in [i["enterprise_id"] for i in r.json()["items"]]


async def test_risks_recategorise_and_escalate(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    e = await create_unit(client, auth, employees=5, revenue_wan="50")  # D, station
    await risk(client, auth, e["id"], severity="general", found_on=dt.date(2026, 1, 5))
    assert (await unit(client, auth, e["id"]))["category"] == "routine"
    await risk(client, auth, e["id"], severity="larger", found_on=dt.date(2026, 1, 20))
    u = await unit(client, auth, e["id"])
    assert u["category"] == "key" and "较大及以上质量安全风险1次" in u["category_basis"]
    await risk(client, auth, e["id"], severity="major", found_on=dt.date(2025, 6, 1))
    await risk(client, auth, e["id"], severity="major", found_on=dt.date(2025, 12, 1))
    u = await unit(client, auth, e["id"])
    # major risks found repeatedly → supervised one level up (station → county)
    assert (u["escalated"], u["level"], u["supervising_org_code"]) == (True, "county", "540102")
    assert "2次发现重大质量安全风险隐患" in u["escalation_reason"]
    assert u["category"] == "key"
    await risk(client, auth, e["id"], severity="major", found_on=dt.date(2026, 2, 1))
    u = await unit(client, auth, e["id"])
    assert u["category"] == "special" and u["category_basis"] == "特别监管：近2年内发现重大质量安全风险3次"
    topics = (await session.scalars(select(OutboxEvent.topic).where(OutboxEvent.topic == "category.changed"))).all()
    assert len(topics) == 2  # routine → key → special


async def test_a_larger_accident_at_an_a_unit_means_listed_supervision(client: AsyncClient, auth: AuthHelper) -> None:
    e = await create_unit(client, auth, employees=2000, org_path=CHENGGUAN_STATION)
    await risk(client, auth, e["id"], severity="larger", source="accident", found_on=dt.date(2026, 2, 10))
    u = await unit(client, auth, e["id"])
    assert (u["grade"], u["level"], u["escalated"], u["listed"]) == ("A", "region", True, True)
    assert u["escalation_reason"] == "近2年内发生较大以上质量安全事故"


async def test_risk_before_the_unit_arrives_still_counts(client: AsyncClient, auth: AuthHelper) -> None:
    e = enterprise(employees=5)
    for d in ("2025-05-01", "2025-08-01", "2026-01-01"):
        await send(client, auth, "risk.recorded", {"id": str(uuid.uuid4()), "enterprise_id": e["id"],
                                                   "severity": "major", "source": "sampling", "found_on": d})
    await send(client, auth, "enterprise.created", e)
    assert (await unit(client, auth, e["id"]))["category"] == "special"


async def test_an_import_is_graded_in_bulk(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    items = [{**enterprise(employees=n), "change": "created"} for n in (3, 30, 400, 1500)]
    await send(client, auth, "enterprise.imported", {"import_id": str(uuid.uuid4()), "items": items})
    grades = [(await unit(client, auth, i["id"]))["grade"] for i in items]
    assert grades == ["D", "C", "B", "A"]
    events = (await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "grades.recomputed"))).all()
    assert sorted(g for ev in events for g in ev.payload["grade"]) == ["A", "B", "C", "D"]


async def test_responsible_person_and_visits_are_mirrored(client: AsyncClient, auth: AuthHelper) -> None:
    e = await create_unit(client, auth, employees=5)
    await send(client, auth, "enterprise.responsible_changed", {
        "enterprise_id": e["id"], "person_name": "次仁", "org_unit_code": "540102-01", "effective_on": "2026-02-01",
        "recorded_late": False})
    u = await unit(client, auth, e["id"])
    assert (u["responsible_name"], u["responsible_since"]) == ("次仁", "2026-02-01")


async def test_events_need_a_service_token(client: AsyncClient, auth: AuthHelper) -> None:
    body = {"id": str(uuid.uuid4()), "topic": "enterprise.created", "source": "x",
            "occurred_at": "2026-03-01T00:00:00Z", "payload": enterprise()}
    r = await client.post("/internal/events", json=body, headers=auth.headers("region_admin", REGION))
    assert r.status_code == 403
