"""Rule sets are data: a new one is added without code and applies from its effective date,
while grades keep the rule set they were made with. Credit risk classes come in by import."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from fastapi import FastAPI
from grading_factories import SHIGATSE_STATION, create_unit
from httpx import AsyncClient
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grading.models import RecomputeRun
from grading.recompute.service import run_full
from servicekit.testing import AuthHelper

REGION, CHENGGUAN = "540000", "540000/540100/540102"


def new_rules(**kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "藏市监〔2026〕9号附件4", "kind": "grade", "title": "修订后的分层分级标准", "effective_from": "2026-04-01",
        "bounds": {
            "production": [{"x_min": 800, "y_min": "30000"}, {"x_min": 200, "y_min": "1500"}, {"x_min": 10, "y_min": "200"}],
            "wholesale": [{"x_min": 200, "y_min": "40000"}, {"x_min": 20, "y_min": "5000"}, {"x_min": 5, "y_min": "1000"}],
            "retail": [{"x_min": 300, "y_min": "20000"}, {"x_min": 50, "y_min": "500"}, {"x_min": 10, "y_min": "100"}],
        },
    }
    body.update(kw)
    return body


async def test_a_new_rule_set_applies_from_its_date(client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    admin = auth.headers("region_admin", REGION)
    e = await create_unit(client, auth, employees=15)  # D under 附件4; C under the new rules (X≥10)
    r = await client.post("/v1/rule-sets", json=new_rules(), headers=admin)
    assert r.status_code == 201, r.text
    assert r.json()["in_effect"] is False
    r = await client.post("/v1/classify", json={"unit_types": ["production"], "employees": 15, "on": "2026-04-01"},
                          headers=admin)
    assert (r.json()["grade"], r.json()["rule_set"]) == ("C", "藏市监〔2026〕9号附件4")
    assert (await client.get(f"/v1/units/{e['id']}", headers=admin)).json()["rule_set_code"] == "藏市监〔2023〕73号附件4"
    service_app.state.today.fn = lambda: dt.date(2026, 4, 1)
    await run_full(service_app.state.sessionmaker, today=dt.date(2026, 4, 1), triggered_by="测试")
    u = (await client.get(f"/v1/units/{e['id']}", headers=admin)).json()
    assert (u["grade"], u["rule_set_code"]) == ("C", "藏市监〔2026〕9号附件4")
    history = (await client.get(f"/v1/units/{e['id']}/history", headers=admin)).json()
    assert [(h["rule_set_code"], h["grade_after"]) for h in history] == [
        ("藏市监〔2026〕9号附件4", "C"), ("藏市监〔2023〕73号附件4", "D")]


async def test_rule_sets_are_validated_and_immutable(client: AsyncClient, auth: AuthHelper) -> None:
    admin = auth.headers("region_admin", REGION)
    bad = new_rules()
    bad["bounds"]["retail"][1]["x_min"] = 400  # medium above large
    r = await client.post("/v1/rule-sets", json=bad, headers=admin)
    assert r.status_code == 422 and "递减" in r.json()["detail"]
    r = await client.post("/v1/rule-sets", json=new_rules(bounds={"production": [{"x_min": 1, "y_min": "1"}]}), headers=admin)
    assert r.status_code == 422
    r = await client.post("/v1/rule-sets", json=new_rules(effective_from="2025-01-01"), headers=admin)
    assert r.json()["code"] == "RULE_SET_RETROACTIVE"
    r = await client.post("/v1/rule-sets", json=new_rules(code="藏市监〔2023〕73号附件4"), headers=admin)
    assert r.status_code == 409
    r = await client.post("/v1/rule-sets", json=new_rules(), headers=auth.headers("prefecture_officer", "540000/540100"))
    assert r.status_code == 403
    listed = (await client.get("/v1/rule-sets", headers=auth.headers("station_inspector", CHENGGUAN))).json()
    assert {(rs["code"], rs["in_effect"]) for rs in listed} == {
        ("藏市监〔2023〕73号附件4", True), ("国统字〔2017〕213号", True), ("总局令第75号、第76号", True)}


def sheet(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


async def test_credit_import_is_all_or_nothing(client: AsyncClient, auth: AuthHelper) -> None:
    a = await create_unit(client, auth, employees=5)
    b = await create_unit(client, auth, employees=5)
    far = await create_unit(client, auth, employees=5, org_path=SHIGATSE_STATION)
    h = auth.headers("county_officer", CHENGGUAN)
    content = sheet([["统一社会信用代码", "信用风险分类"], [a["credit_code"], "较高"], [b["credit_code"], "特高"],
                     [far["credit_code"], "高"], ["91540100NOTEXIST00", "低"]])
    r = await client.post("/v1/credit-risk/import", files={"file": ("信用.xlsx", content)}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "IMPORT_ROWS_INVALID"
    assert [e["row"] for e in r.json()["errors"]] == [3, 4, 5]
    assert (await client.get(f"/v1/units/{a['id']}", headers=h)).json()["credit_risk_class"] is None
    content = sheet([["统一社会信用代码", "信用风险分类"], [a["credit_code"], "较高"], [b["credit_code"], "高"]])
    r = await client.post("/v1/credit-risk/import", files={"file": ("信用.xlsx", content)}, headers=h)
    assert r.json() == {"rows": 2, "applied": 2, "unchanged": 0}
    assert (await client.get(f"/v1/units/{b['id']}", headers=h)).json()["category"] == "special"
    csv_body = f"统一社会信用代码,信用风险分类\n{a['credit_code']},较高\n".encode()
    r = await client.post("/v1/credit-risk/import", files={"file": ("信用.csv", csv_body)}, headers=h)
    assert r.json() == {"rows": 1, "applied": 0, "unchanged": 1}
    r = await client.post("/v1/credit-risk/import", files={"file": ("x.xlsx", b"not a workbook")}, headers=h)
    assert r.json()["code"] == "FILE_UNREADABLE"
    r = await client.post("/v1/credit-risk/import", files={"file": ("x.csv", "名称,分类\n".encode())}, headers=h)
    assert r.json()["code"] == "IMPORT_HEADER_INVALID"


async def test_recompute_is_an_admin_action(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    r = await client.post("/v1/recompute", headers=auth.headers("prefecture_officer", "540000/540100"))
    assert r.status_code == 403
    r = await client.post("/v1/recompute", headers=auth.headers("region_admin", REGION))
    assert r.status_code == 202
    run_id = r.json()["id"]
    run = await session.scalar(select(RecomputeRun).where(RecomputeRun.id == run_id))
    assert run is not None and run.finished_at is not None  # ran after the response, in the background
    runs = (await client.get("/v1/recompute/runs", headers=auth.headers("county_officer", CHENGGUAN))).json()
    assert runs[0]["id"] == run_id and runs[0]["finished_at"]
