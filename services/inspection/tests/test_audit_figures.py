"""GET /internal/audit-figures: supervision figures of an audited bureau and period."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from httpx import AsyncClient
from inspection_factories import CHENGGUAN, STATION, send, unit
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import Assessment, AssessmentPerson, Rectification, RiskControlList, Task
from servicekit.clock import SHANGHAI
from servicekit.testing import AuthHelper

SHIGATSE_COUNTY = "540000/540200/540202"
PERIOD = {"org_path": CHENGGUAN, "date_from": "2026-02-01", "date_to": "2026-02-28"}


def at(day: str, clock: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI)


async def inspect(client: AsyncClient, headers: dict[str, str], e: dict[str, Any], on: str, *,
                  last: tuple[str, str | None] = ("yes", None), submit: bool = True) -> None:
    """An inspection through the API; every item 是, the key-risk-point section answered `last`."""
    iid = str(uuid.uuid4())
    body = {"enterprise_id": e["id"], "inspected_on": on, "base_version": 0}
    draft = (await client.put(f"/v1/inspections/{iid}", json=body, headers=headers)).json()
    final = max(i["section_no"] for i in draft["items"])
    items = [{"item_no": i["item_no"], "result": last[0] if i["section_no"] == final else "yes",
              "remark": last[1] if i["section_no"] == final else None} for i in draft["items"]]
    saved = await client.put(f"/v1/inspections/{iid}", json={**body, "base_version": 1, "items": items}, headers=headers)
    assert saved.status_code == 200, saved.text
    if submit:
        r = await client.post(f"/v1/inspections/{iid}/submit", json={"base_version": 2}, headers=headers)
        assert r.status_code == 200 and r.json()["findings"] == 0, r.text


def rectification(session: AsyncSession, e: dict[str, Any], created: dt.datetime, status: str, deadline: str) -> None:
    session.add(Rectification(id=uuid.uuid4(), inspection_id=uuid.uuid4(), enterprise_id=uuid.UUID(e["id"]),
                              org_path=e["org_path"],
                              item_no="2.1", item_text="检查《每日工业产品质量安全检查记录》", finding="未建立",
                              deadline=dt.date.fromisoformat(deadline), status=status, version=1, created_at=created))


def assessment(session: AsyncSession, org_path: str, held_on: str, published: dt.datetime | None,
               scores: list[int | None]) -> None:
    a = Assessment(id=uuid.uuid4(), org_code=org_path.split("/")[-1], org_path=org_path, title="监督抽查考核",
                   held_on=dt.date.fromisoformat(held_on), roles=["director", "officer"], questions_each=10,
                   pass_score=60, seed=1, pool_size=10, status="published" if published else "open",
                   created_by="格桑", published_at=published)
    session.add(a)
    for n, score in enumerate(scores):
        session.add(AssessmentPerson(id=uuid.uuid4(), assessment_id=a.id, personnel_id=uuid.uuid4(),
                                     enterprise_id=uuid.uuid4(), org_path=STATION, name=f"次仁{n}", role="director",
                                     question_ids=[1, 2, 3], score=score, passed=None if score is None else score >= 60))


def task(session: AsyncSession, org_path: str, due_on: str, status: str) -> None:
    session.add(Task(id=uuid.uuid4(), enterprise_id=uuid.uuid4(), org_path=org_path, kind="adhoc", reason="检查",
                     due_on=dt.date.fromisoformat(due_on), status=status, created_by="格桑"))


def risk_list(session: AsyncSession, e: dict[str, Any], version: int) -> None:
    session.add(RiskControlList(id=uuid.uuid4(), enterprise_id=uuid.UUID(e["id"]), org_path=e["org_path"],
                                version=version, categories=["燃气具"], items=[], created_by="格桑"))


async def test_figures_count_the_bureau_and_the_period(client: AsyncClient, auth: AuthHelper,
                                                      session: AsyncSession) -> None:
    station = auth.headers("station_inspector", STATION)
    u1 = await unit(client, auth, unit_types=["production"])
    u2 = await unit(client, auth, unit_types=["retail"])
    u3 = await unit(client, auth, unit_types=["retail"], org_path=CHENGGUAN, grade="C", level="county")
    out = await unit(client, auth, unit_types=["retail"], org_path=SHIGATSE_COUNTY, grade="C", level="county")
    await send(client, auth, "enterprise.created", {  # closed: not a known unit any more
        "id": str(uuid.uuid4()), "credit_code": "91540102MA6TZZ0001", "name": "已注销单位", "unit_types": ["retail"],
        "org_path": STATION, "status": "deregistered", "version": 1})
    for text in ("液化气钢瓶充装前逐只检查", "燃气具出厂前气密性全检"):
        r = await client.post(f"/v1/units/{u1['id']}/risk-points", json={"text": text}, headers=station)
        assert r.status_code == 201
    risk_list(session, u1, 1)
    risk_list(session, u3, 1)
    risk_list(session, u3, 2)
    risk_list(session, out, 1)
    await session.commit()

    # the unit's own key risk points (6.1, 6.2) checked: filled
    await inspect(client, station, u1, "2026-02-10")
    # the general line (5) 不适用 without a remark: not filled
    await inspect(client, station, u2, "2026-02-15", last=("na", None))
    # 不适用 but the inspector wrote down the control items agreed: filled
    await inspect(client, station, u2, "2026-02-20", last=("na", "已与企业明确：发现假冒伪劣立即停售并报告"))
    await inspect(client, station, u1, "2026-02-25", submit=False)  # a draft
    await inspect(client, station, u1, "2026-03-01")  # after the period
    await inspect(client, auth.headers("county_officer", SHIGATSE_COUNTY), out, "2026-02-10")  # elsewhere

    rectification(session, u1, at("2026-02-05"), "open", "2026-02-20")  # issued, open, overdue
    rectification(session, u2, at("2026-02-28", "23:50"), "answered", "2026-02-27")  # awaiting verification
    rectification(session, u3, at("2026-01-10"), "returned", "2026-03-10")  # issued before, open
    rectification(session, u1, at("2026-02-10"), "closed", "2026-02-15")
    rectification(session, u2, at("2026-03-01", "00:10"), "open", "2026-03-02")  # due today: not yet overdue
    rectification(session, out, at("2026-02-05"), "open", "2026-02-20")  # elsewhere

    assessment(session, CHENGGUAN, "2026-02-12", at("2026-02-26"), [80, 40, None])
    assessment(session, STATION, "2026-02-25", None, [90])
    assessment(session, CHENGGUAN, "2026-01-20", at("2026-02-02"), [70])  # held before, published in the period
    assessment(session, "540000/540100", "2026-02-12", at("2026-02-20"), [95])  # the prefecture's

    task(session, STATION, "2026-02-10", "submitted")
    task(session, CHENGGUAN, "2026-02-20", "open")
    task(session, STATION, "2026-02-25", "cancelled")
    task(session, STATION, "2026-03-05", "submitted")
    task(session, SHIGATSE_COUNTY, "2026-02-10", "submitted")
    await session.commit()

    r = await client.get("/internal/audit-figures", params=PERIOD, headers=auth.service_headers())
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["service"], body["org_path"], body["date_from"], body["date_to"], body["as_of"]) == (
        "inspection", CHENGGUAN, "2026-02-01", "2026-02-28", "2026-03-02")
    assert body["figures"] == {
        "units_known": 3, "units_with_risk_list": 2,
        "inspections_in_period": 3, "units_inspected_in_period": 2, "inspections_with_risk_points": 2,
        "rectifications_issued_in_period": 3, "rectifications_open": 4, "rectifications_overdue": 1,
        "assessments_in_period": 2, "assessments_published_in_period": 2, "assessment_people": 3,
        "assessment_people_passed": 2,
        "tasks_due_in_period": 2, "tasks_done_in_period": 1,
    }
    # the same overdue notices as the county's list shows
    listed = (await client.get("/v1/rectifications", params={"overdue": True},
                               headers=auth.headers("county_officer", CHENGGUAN))).json()
    assert listed["total"] == 1


async def test_only_services_may_ask(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.get("/internal/audit-figures", params=PERIOD, headers=auth.headers("county_officer", CHENGGUAN))
    assert r.status_code == 403 and r.json()["code"] == "INTERNAL_ONLY"


@pytest.mark.parametrize(("params", "code"), [
    ({"date_to": "2026-02-29"}, "VALIDATION_ERROR"),
    ({"date_from": "2026-03-01"}, "DATE_RANGE"),
    ({"org_path": "540000//540102"}, "ORG_PATH_INVALID"),
])
async def test_bad_query_refused(client: AsyncClient, auth: AuthHelper, params: dict[str, str], code: str) -> None:
    r = await client.get("/internal/audit-figures", params={**PERIOD, **params}, headers=auth.service_headers())
    assert r.status_code == 422 and r.json()["code"] == code, r.text
