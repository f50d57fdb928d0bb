"""Roster PII encryption and masking, responsible persons, working-day deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from registry_factories import enterprise
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import Personnel
from registry.workdays.calendar import WorkCalendar, load_calendar
from servicekit.audit import AuditRecord
from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("reference")

CHENGGUAN = "540000/540100/540102"
ID_NUMBER = "540102199003150018"  # checksum-valid, fictitious


async def _unit(client: AsyncClient, auth: AuthHelper, **over: object) -> dict:  # type: ignore[type-arg]
    resp = await client.post("/v1/enterprises", json=enterprise(**over), headers=auth.headers("county_officer", CHENGGUAN))
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def test_pii_encrypted_at_rest_masked_in_responses(
    client: AsyncClient, session: AsyncSession, auth: AuthHelper
) -> None:
    e = await _unit(client, auth)
    h = auth.headers("county_officer", CHENGGUAN)
    resp = await client.post(f"/v1/enterprises/{e['id']}/personnel", headers=h, json={
        "role": "director", "name": "格桑卓玛", "id_number": ID_NUMBER, "phone": "13908901234",
        "appointed_on": "2026-01-05"})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["id_number"] == "540102********0018" and body["phone"] == "139****1234" and body["masked"]
    # Nothing in the table holds the plaintext.
    raw = (await session.execute(text("SELECT * FROM personnel"))).mappings().one()
    dump = " ".join(str(v) for v in raw.values()) + " ".join(bytes(v).hex() for v in raw.values() if isinstance(v, bytes))
    assert ID_NUMBER not in dump and "13908901234" not in dump
    assert ID_NUMBER.encode().hex() not in dump
    # The roster masks too; lookup by ID number works through the keyed hash.
    roster = (await client.get("/v1/personnel", params={"id_number": ID_NUMBER}, headers=h)).json()
    assert roster["total"] == 1 and roster["items"][0]["id_number"] == "540102********0018"
    # A county officer may unmask, and the view is audited; a station inspector may not.
    unmasked = await client.post(f"/v1/personnel/{body['id']}/unmask", json={"reason": "核实任命材料"}, headers=h)
    assert unmasked.json()["id_number"] == ID_NUMBER and unmasked.json()["masked"] is False
    audit = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "view_pii"))).all()
    assert len(audit) == 1 and audit[0].reason == "核实任命材料"
    station = await client.post(f"/v1/personnel/{body['id']}/unmask", json={"reason": "看看"},
                                headers=auth.headers("station_inspector", CHENGGUAN + "/540102-01"))
    assert station.status_code == 403 and station.json()["code"] == "PII_NOT_ALLOWED"
    # The unit now has a director.
    detail = (await client.get(f"/v1/enterprises/{e['id']}", headers=h)).json()
    assert detail["director_count"] == 1


async def test_bad_id_number_rejected_nothing_written(client: AsyncClient, session: AsyncSession, auth: AuthHelper) -> None:
    e = await _unit(client, auth)
    resp = await client.post(f"/v1/enterprises/{e['id']}/personnel", headers=auth.headers("county_officer", CHENGGUAN),
                             json={"role": "officer", "name": "次仁", "id_number": "540102199003150017"})
    assert resp.status_code == 422 and "校验位" in resp.json()["detail"]
    assert await session.scalar(select(Personnel.id)) is None


async def test_end_appointment_and_history(client: AsyncClient, auth: AuthHelper) -> None:
    e = await _unit(client, auth)
    h = auth.headers("county_officer", CHENGGUAN)
    p = (await client.post(f"/v1/enterprises/{e['id']}/personnel", headers=h,
                           json={"role": "officer", "name": "次仁", "full_time": False})).json()
    ended = await client.patch(f"/v1/personnel/{p['id']}", headers=h,
                               json={"version": 1, "ended_on": "2026-02-27", "end_reason": "调离"})
    assert ended.status_code == 200 and ended.json()["active"] is False
    again = await client.patch(f"/v1/personnel/{p['id']}", headers=h, json={"version": 2, "name": "次仁旺堆"})
    assert again.status_code == 409 and again.json()["code"] == "PERSONNEL_ENDED"
    hist = (await client.get(f"/v1/personnel/{p['id']}/history", headers=h)).json()
    assert [x["action"] for x in hist] == ["end", "appoint"]


async def test_working_days_across_spring_festival_and_makeup_saturday(session: AsyncSession) -> None:
    cal = await load_calendar(session, {2026})
    # 2026 Spring Festival: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are make-up workdays.
    assert cal.is_workday(dt.date(2026, 2, 14)) is True
    assert cal.is_workday(dt.date(2026, 2, 16)) is False
    assert cal.is_workday(dt.date(2026, 2, 28)) is True
    # Registered Fri 13 Feb: Sat 14 (make-up) is day 1, then 24, 25, 26, 27 Feb → due Fri 27 Feb.
    assert cal.add_workdays(dt.date(2026, 2, 13), 5) == dt.date(2026, 2, 27)
    # Registered Wed 25 Feb: 26, 27, Sat 28 (make-up), Mon 2, Tue 3 Mar.
    assert cal.add_workdays(dt.date(2026, 2, 25), 5) == dt.date(2026, 3, 3)
    assert not cal.fallback_years


def test_uncovered_year_falls_back_visibly() -> None:
    cal = WorkCalendar(exceptions={}, covered_years={2026})
    assert cal.add_workdays(dt.date(2031, 1, 30), 5) == dt.date(2031, 2, 6)
    assert cal.fallback_years == {2031}


async def test_pending_archive_becomes_overdue(client: AsyncClient, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    late = await _unit(client, auth, registered_on="2026-02-13", pending=True, name="超期未建档商行")
    on_time = await _unit(client, auth, registered_on="2026-02-27", pending=True, name="未超期商行")
    assert late["archive_deadline"] == "2026-02-27" and late["archive_overdue"] is True
    assert on_time["archive_deadline"] == "2026-03-05" and on_time["archive_overdue"] is False
    overdue = (await client.get("/v1/overdue", params={"kind": "archiving"}, headers=h)).json()
    assert [i["enterprise_name"] for i in overdue["items"]] == ["超期未建档商行"]
    assert overdue["items"][0]["days_overdue"] == 2  # Sat 28 Feb (make-up day) and Mon 2 Mar
    listed = (await client.get("/v1/enterprises", params={"overdue": True}, headers=h)).json()
    assert listed["total"] == 1
    done = await client.patch(f"/v1/enterprises/{late['id']}", headers=h, json={"version": 1, "complete_archive": True})
    assert done.json()["archive_status"] == "archived"
    assert (await client.get("/v1/overdue", params={"kind": "archiving"}, headers=h)).json()["items"] == []


async def test_responsible_person_change_within_five_working_days(client: AsyncClient, auth: AuthHelper) -> None:
    e = await _unit(client, auth, station_code="540102-01")
    h = auth.headers("county_officer", CHENGGUAN)
    first = await client.post(f"/v1/enterprises/{e['id']}/responsible-persons", headers=h, json={
        "person_name": "扎西", "org_unit_code": "540102-01", "effective_on": "2026-02-25"})
    assert first.status_code == 201
    # Effective Wed 25 Feb, recorded Mon 2 Mar: deadline Tue 3 Mar, on time.
    assert first.json()["deadline"] == "2026-03-03" and first.json()["recorded_late"] is False
    second = (await client.post(f"/v1/enterprises/{e['id']}/responsible-persons", headers=h, json={
        "person_name": "央金", "org_unit_code": "540102", "effective_on": "2026-02-13"})).json()
    assert second["code"] == "DATE_RANGE"
    late = (await client.post(f"/v1/enterprises/{e['id']}/responsible-persons", headers=h, json={
        "person_name": "央金", "org_unit_code": "540102", "effective_on": "2026-02-25", "reason": "岗位调整"})).json()
    assert late["recorded_late"] is False
    history = (await client.get(f"/v1/enterprises/{e['id']}/responsible-persons", headers=h)).json()
    assert [r["person_name"] for r in history] == ["央金", "扎西"] and history[1]["ended_on"] == "2026-02-25"
    wrong_unit = await client.post(f"/v1/enterprises/{e['id']}/responsible-persons", headers=h, json={
        "person_name": "达瓦", "org_unit_code": "540103", "effective_on": "2026-03-01"})
    assert wrong_unit.json()["code"] == "RESPONSIBLE_UNIT_INVALID"


async def test_responsible_left_without_successor_is_overdue(client: AsyncClient, service_app: FastAPI, auth: AuthHelper) -> None:
    e = await _unit(client, auth, station_code="540102-01")
    h = auth.headers("county_officer", CHENGGUAN)
    await client.post(f"/v1/enterprises/{e['id']}/responsible-persons", headers=h, json={
        "person_name": "扎西", "org_unit_code": "540102-01", "effective_on": "2026-01-05"})
    end = await client.post(f"/v1/enterprises/{e['id']}/responsible-persons/end", headers=h,
                            json={"ended_on": "2026-02-13", "reason": "调离"})
    assert end.status_code == 204
    overdue = (await client.get("/v1/overdue", params={"kind": "responsible"}, headers=h)).json()
    assert overdue["items"][0]["deadline"] == "2026-02-27" and overdue["items"][0]["kind"] == "responsible"
