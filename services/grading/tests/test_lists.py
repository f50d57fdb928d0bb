"""Yearly key/special lists, high-risk designations with half-yearly visits, responsibility lists."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from fastapi import FastAPI
from grading_factories import CHENGGUAN_STATION, create_unit, risk, send
from httpx import AsyncClient
from openpyxl import load_workbook

from servicekit.testing import AuthHelper

REGION, LHASA, CHENGGUAN = "540000", "540000/540100", "540000/540100/540102"


async def test_key_and_special_lists_producers_and_sellers_apart(client: AsyncClient, auth: AuthHelper) -> None:
    p = await create_unit(client, auth, unit_types=["production"], employees=5, name="甲燃气具厂")
    s = await create_unit(client, auth, unit_types=["retail"], employees=5, name="乙五金店")
    both = await create_unit(client, auth, unit_types=["production", "retail"], employees=5, name="丙电缆厂")
    await create_unit(client, auth, employees=5, name="丁日常单位")
    await risk(client, auth, p["id"], severity="larger", found_on=dt.date(2026, 1, 10))
    for d in (dt.date(2025, 1, 1), dt.date(2025, 6, 1), dt.date(2026, 1, 1)):
        await risk(client, auth, s["id"], severity="major", found_on=d)
    h = auth.headers("county_officer", CHENGGUAN)
    await client.put(f"/v1/units/{both['id']}/credit-risk", json={"credit_risk_class": "higher", "reason": "信用分类"}, headers=h)
    r = await client.get("/v1/category-lists/2026", headers=h)
    data = r.json()
    assert data["frozen"] is False and data["org_code"] == "540102"
    names = lambda lst: [e["name"] for e in lst]  # noqa: E731
    assert sorted(names(data["key"]["producer"])) == sorted(["甲燃气具厂", "丙电缆厂"])
    assert names(data["key"]["seller"]) == ["丙电缆厂"]
    assert names(data["special"]["seller"]) == ["乙五金店"] and data["special"]["producer"] == []
    assert data["special"]["seller"][0]["reason"] == "特别监管：近2年内发现重大质量安全风险3次"

    r = await client.post("/v1/category-lists/2026/freeze", json={"note": "2026年度名单"}, headers=h)
    assert r.status_code == 200 and r.json()["frozen"] is True
    # later changes do not alter a frozen list
    await client.put(f"/v1/units/{both['id']}/credit-risk", json={"credit_risk_class": "low", "reason": "修复"}, headers=h)
    assert sorted(names((await client.get("/v1/category-lists/2026", headers=h)).json()["key"]["producer"])) == sorted(["甲燃气具厂", "丙电缆厂"])
    r = await client.post("/v1/category-lists/2026/freeze", json={}, headers=h)
    assert r.status_code == 409 and r.json()["code"] == "LIST_ALREADY_FROZEN"
    r = await client.post("/v1/category-lists/2027/freeze", json={}, headers=h)
    assert r.json()["code"] == "LIST_YEAR_FUTURE"

    r = await client.get("/v1/category-lists/2026/export", headers=h)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["重点监管-生产单位", "重点监管-销售单位", "特别监管-生产单位", "特别监管-销售单位"]
    ws = book["特别监管-销售单位"]
    assert "已于" in ws["A1"].value and ws["B4"].value == "乙五金店"
    # another prefecture cannot read this county's list
    r = await client.get("/v1/category-lists/2026", params={"org": "540102"}, headers=auth.headers("prefecture_officer", "540000/540200"))
    assert r.status_code == 403


async def _designatable(client: AsyncClient, auth: AuthHelper, **kw: object) -> dict:
    e = await create_unit(client, auth, **kw)
    await send(client, auth, "enterprise.responsible_changed", {
        "enterprise_id": e["id"], "person_name": "扎西", "org_unit_code": "540102", "effective_on": "2026-01-05",
        "recorded_late": False})
    return e


async def test_high_risk_designation_rules(client: AsyncClient, auth: AuthHelper) -> None:
    county = auth.headers("county_officer", CHENGGUAN)
    c_unit = await create_unit(client, auth, employees=30)  # C: supervised by the county
    r = await client.post("/v1/high-risk", json={"enterprise_id": c_unit["id"], "reason": "储存大量液化气"}, headers=county)
    assert r.status_code == 422 and r.json()["code"] == "HIGH_RISK_RESPONSIBLE_REQUIRED"
    d_unit = await _designatable(client, auth, employees=3)  # D: the station's, not the county's
    r = await client.post("/v1/high-risk", json={"enterprise_id": d_unit["id"], "reason": "研判"}, headers=county)
    assert r.status_code == 403 and r.json()["code"] == "HIGH_RISK_NOT_SUPERVISED"
    e = await _designatable(client, auth, employees=30)
    r = await client.post("/v1/high-risk", json={"enterprise_id": e["id"], "reason": "储存大量液化气，周边人员密集",
                                                 "designated_on": "2026-01-10"}, headers=county)
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["status"], out["half_year"], out["due_by"], out["responsible_name"]) == ("due", "2026年上半年", "2026-06-30", "扎西")
    r = await client.post("/v1/high-risk", json={"enterprise_id": e["id"], "reason": "再次"}, headers=county)
    assert r.status_code == 409
    unit = (await client.get(f"/v1/units/{e['id']}", headers=county)).json()
    assert unit["high_risk"] is True


async def test_half_yearly_visits_due_and_overdue(client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    county = auth.headers("county_officer", CHENGGUAN)
    a = await _designatable(client, auth, employees=30, name="甲")
    b = await _designatable(client, auth, employees=30, name="乙")
    for e in (a, b):
        r = await client.post("/v1/high-risk", json={"enterprise_id": e["id"], "reason": "研判", "designated_on": "2026-01-10"},
                              headers=county)
        assert r.status_code == 201
    await send(client, auth, "inspection.completed", {"id": str(uuid.uuid4()), "enterprise_id": a["id"],
                                                      "inspected_on": "2026-02-20", "on_site": True})
    by_name = {h["name"]: h for h in (await client.get("/v1/high-risk", headers=county)).json()}
    assert (by_name["甲"]["status"], by_name["甲"]["last_visit_on"]) == ("done", "2026-02-20")
    assert by_name["乙"]["status"] == "due" and by_name["乙"]["days_left"] == (dt.date(2026, 6, 30) - dt.date(2026, 3, 2)).days
    service_app.state.today.fn = lambda: dt.date(2026, 8, 1)  # the first half-year has passed
    by_name = {h["name"]: h for h in (await client.get("/v1/high-risk", headers=county)).json()}
    assert by_name["乙"]["status"] == "overdue" and by_name["乙"]["missed_halves"] == ["2026年上半年"]
    assert by_name["甲"]["status"] == "due" and by_name["甲"]["missed_halves"] == []
    overdue = (await client.get("/v1/high-risk", params={"status": "overdue"}, headers=county)).json()
    assert [h["name"] for h in overdue] == ["乙"]
    r = await client.post(f"/v1/high-risk/{by_name['乙']['id']}/end", json={"reason": "风险已消除"}, headers=county)
    assert r.json()["status"] == "ended"
    assert [h["name"] for h in (await client.get("/v1/high-risk", headers=county)).json()] == ["甲"]


async def test_responsibility_list_and_its_attachment4_export(client: AsyncClient, auth: AuthHelper) -> None:
    for n in (30, 40, 3):
        await create_unit(client, auth, employees=n, org_path=CHENGGUAN_STATION)
    await create_unit(client, auth, employees=None, revenue_wan=None)  # no grade: stays with its station
    county = auth.headers("county_officer", CHENGGUAN)
    r = await client.get("/v1/responsibility", headers=county)
    data = r.json()
    assert data["org_code"] == "540102" and data["units"]["total"] == 2
    rows = {row["grade"]: row for row in data["table"]}
    assert rows["C"]["count"] == 2 and rows["C"]["own_level"] is True and rows["A"]["own_level"] is False
    assert rows["B"]["criteria"].splitlines()[0] == "中型生产单位：300≤X<1000人或2000万元≤Y<40000万元"
    assert rows["A"]["criteria"].splitlines()[2] == "大型零售单位：X≥300人或Y≥20000万元"
    assert rows["D"]["criteria"].splitlines()[1] == "微型批发单位：X<5人或Y<1000万元"
    station = (await client.get("/v1/responsibility", params={"org": "540102-01"}, headers=county)).json()
    assert station["units"]["total"] == 2 and station["ungraded"] == 1
    r = await client.get("/v1/responsibility/export", headers=county)
    book = load_workbook(io.BytesIO(r.content))
    ws = book["责任清单"]
    assert ws["A1"].value.startswith("工业产品分层分级责任清单")
    assert [ws.cell(row=3, column=c).value for c in (1, 4)] == ["监管层级", "划分标准说明（其中X为从业人员，Y为营业收入）"]
    assert [ws.cell(row=r_, column=2).value for r_ in range(4, 8)] == ["A级主体", "B级主体", "C级主体", "D级主体"]
    assert ws.cell(row=6, column=5).value == 2
    assert book["直接监管主体名单"].max_row == 3
    r = await client.get("/v1/responsibility", params={"org": "540200"}, headers=county)
    assert r.status_code == 403
