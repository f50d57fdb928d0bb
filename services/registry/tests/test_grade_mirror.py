"""The archive mirrors each unit's grade from the grading service's events, and tells grading
about every change with a version so late deliveries cannot undo newer states."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from httpx import AsyncClient
from registry_factories import enterprise
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.outbox import OutboxEvent
from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("reference")


async def deliver(client: AsyncClient, auth: AuthHelper, topic: str, payload: dict) -> None:
    r = await client.post("/internal/events", headers=auth.service_headers(), json={
        "id": str(uuid.uuid4()), "topic": topic, "source": "grading",
        "occurred_at": dt.datetime.now(dt.UTC).isoformat(), "payload": payload})
    assert r.status_code == 200 and r.json()["status"] == "processed", r.text


async def test_grades_are_mirrored_into_the_archive(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    a = (await client.post("/v1/enterprises", json=enterprise(), headers=auth.headers())).json()
    b = (await client.post("/v1/enterprises", json=enterprise(name="拉萨电线电缆厂"), headers=auth.headers())).json()
    created = (await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "enterprise.created"))).all()
    assert {e.payload["version"] for e in created} == {1}
    await deliver(client, auth, "grade.changed", {"enterprise_id": a["id"], "grade": "B"})
    await deliver(client, auth, "grades.recomputed", {"as_of": "2026-03-02", "count": 2,
                                                      "enterprise_id": [b["id"], str(uuid.uuid4())], "grade": ["C", "A"]})
    assert (await client.get(f"/v1/enterprises/{a['id']}", headers=auth.headers())).json()["grade"] == "B"
    listed = (await client.get("/v1/enterprises", params={"grade": "C"}, headers=auth.headers())).json()
    assert [i["id"] for i in listed["items"]] == [b["id"]]
    # mirroring is not an archive change: no version bump, no new event
    r = await client.patch(f"/v1/enterprises/{a['id']}", json={"employees": 400, "version": a["version"]},
                           headers=auth.headers())
    assert r.status_code == 200, r.text
    updated = (await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "enterprise.updated"))).all()
    assert [e.payload["version"] for e in updated] == [2]


async def test_assessment_results_reach_the_roster(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    e = (await client.post("/v1/enterprises", json=enterprise(name="拉萨考核测试燃气具厂"), headers=auth.headers())).json()
    p = (await client.post(f"/v1/enterprises/{e['id']}/personnel", headers=auth.headers(), json={
        "role": "director", "name": "格桑", "appointed_on": "2026-01-05"})).json()
    appointed = await session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "personnel.changed"))
    assert appointed is not None and appointed.payload["name"] == "格桑" and appointed.payload["active"] is True
    await deliver(client, auth, "assessment.published", {"id": str(uuid.uuid4()), "title": "2026年一季度考核",
                                                         "held_on": "2026-03-02", "results": [
        {"personnel_id": p["id"], "enterprise_id": e["id"], "score": 45, "passed": False}]})
    roster = (await client.get(f"/v1/enterprises/{e['id']}/personnel", headers=auth.headers())).json()
    row = next(r for r in roster if r["id"] == p["id"])
    assert (row["assessment_result"], row["assessment_score"]) == ("failed", 45)


async def test_calendar_edits_and_archive_dates_travel_to_the_inspection_service(
        client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    """The inspection service counts routine filings over working days and from the archive date."""
    r = await client.put("/v1/calendar/days/2026-11-04", headers=auth.headers("region_admin"),
                         json={"is_workday": False, "name": "雪灾停工"})
    assert r.status_code == 200, r.text
    ev = await session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "calendar.day_set"))
    assert ev is not None and ev.payload == {"day": "2026-11-04", "is_workday": False, "name": "雪灾停工"}
    e = (await client.post("/v1/enterprises", json=enterprise(name="拉萨建档日期测试厂"), headers=auth.headers())).json()
    created = (await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "enterprise.created"))).all()
    payload = next(x.payload for x in created if x.payload["id"] == e["id"])
    assert "archived_on" in payload
