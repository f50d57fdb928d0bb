"""The dashboard composer: the services' counts laid out per next-level unit with derived rates,
the plan's goals, a service that does not answer marked as such, jurisdiction checked before
asking anyone, and the xlsx and one-page PDF made from the same figures.

The registry here is the stand-in upstream of conftest (its `/v1/dashboard` answers fixed counts);
grading, inspection and audit do not listen, as when those services are down."""

from __future__ import annotations

import io

import openpyxl
import pytest
from httpx import AsyncClient
from pypdf import PdfReader

from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("seeded")

REGION = "540000"
LHASA = "540000/540100"


def table(body: dict, key: str) -> dict:  # type: ignore[type-arg]
    return next(t for t in body["tables"] if t["key"] == key)


def row(t: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in t["rows"] if r["name"] == name)


async def test_region_overview_by_prefecture(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.get("/api/dashboard/v1/overview", headers=auth.headers("region_officer", REGION))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["org"]["code"] == "540000" and body["children_level"] == "prefecture"
    assert [t["name"] for t in body["trail"]] == [body["org"]["name"]]
    cov = table(body, "coverage")
    assert cov["available"] is True
    # every prefecture is a row, with or without units
    names = [x["name"] for x in cov["rows"]]
    assert any("拉萨" in n for n in names) and any("日喀则" in n for n in names) and len(names) >= 7
    lhasa = next(x for x in cov["rows"] if x["code"] == "540100")
    assert lhasa["values"]["units_total"] == 85 and lhasa["values"]["archives_pending"] == 10
    assert lhasa["values"]["coverage_rate"] == round(85 / 95, 4) and lhasa["drillable"] is True
    shigatse = next(x for x in cov["rows"] if x["code"] == "540200")
    assert shigatse["values"]["units_total"] == 0 and shigatse["values"]["coverage_rate"] is None
    assert cov["total"]["values"]["units_total"] == 85
    # grading, inspection and audit are down: their tables say so, the page still answers
    assert table(body, "grades")["available"] is False and table(body, "grades")["rows"][0]["values"] == {}
    sources = {s["service"]: s["ok"] for s in body["sources"]}
    assert sources == {"registry": True, "grading": False, "inspection": False, "audit": False}
    goals = {g["key"]: g for g in body["goals"]}
    # 2023: counties with at least one archived unit (城关, 堆龙德庆) out of all the region's counties
    assert goals["archives_built"]["numerator"] == 2 and goals["archives_built"]["denominator"] >= 74
    assert goals["all_recorded"]["value"] == round(85 / 95, 4) and goals["all_recorded"]["extra"] == {"建档超期": 2}
    assert goals["all_recorded"]["status"] == "on_track"
    assert goals["routine_running"]["status"] == "no_data"


async def test_prefecture_drill_down_and_own_row(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.get("/api/dashboard/v1/overview", params={"org": LHASA},
                         headers=auth.headers("region_officer", REGION))
    body = r.json()
    assert body["children_level"] == "county" and [t["code"] for t in body["trail"]] == ["540000", "540100"]
    cov = table(body, "coverage")
    assert row(cov, "城关区")["values"]["units_total"] == 50
    assert row(cov, "堆龙德庆区")["values"]["units_total"] == 30
    assert row(cov, "林周县")["values"]["units_total"] == 0
    assert row(cov, "本级直管")["values"]["units_total"] == 5 and row(cov, "本级直管")["drillable"] is False
    goals = {g["key"]: g for g in body["goals"]}
    assert goals["archives_built"]["numerator"] == 2 and goals["archives_built"]["denominator"] == 8


async def test_jurisdiction_is_checked_before_asking(client: AsyncClient, auth: AuthHelper) -> None:
    lhasa = auth.headers("prefecture_officer", LHASA)
    r = await client.get("/api/dashboard/v1/overview", params={"org": REGION}, headers=lhasa)
    assert r.status_code == 403 and r.json()["code"] == "OUT_OF_JURISDICTION"
    r = await client.get("/api/dashboard/v1/overview", params={"org": "540000/540200"}, headers=lhasa)
    assert r.status_code == 403
    mine = await client.get("/api/dashboard/v1/overview", headers=lhasa)
    assert mine.status_code == 200 and mine.json()["org"]["code"] == "540100"
    for headers in ({}, auth.headers("enterprise_user", LHASA + "/540102/540102-01",
                                     enterprise_id="00000000-0000-0000-0000-000000000001")):
        r = await client.get("/api/dashboard/v1/overview", headers=headers)
        assert r.status_code in (401, 403)
    r = await client.get("/api/dashboard/v1/overview", params={"org": "540000/999999"},
                         headers=auth.headers("region_officer", REGION))
    assert r.status_code == 404 and r.json()["code"] == "ORG_UNIT_NOT_FOUND"
    r = await client.post("/api/dashboard/v1/refresh", headers=auth.headers("region_officer", REGION))
    assert r.status_code == 403


async def test_xlsx_has_every_table_with_definitions(client: AsyncClient, auth: AuthHelper) -> None:
    headers = auth.headers("region_officer", REGION)
    r = await client.get("/api/dashboard/v1/overview.xlsx", params={"org": LHASA}, headers=headers)
    assert r.status_code == 200, r.text
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    overview = (await client.get("/api/dashboard/v1/overview", params={"org": LHASA}, headers=headers)).json()
    assert book.sheetnames[0] == "目标进度"
    assert len(book.sheetnames) == 1 + len(overview["tables"])
    cov = book["建档覆盖（应录尽录）"]
    cells = {row[0]: row for row in cov.iter_rows(values_only=True) if row[0]}
    assert cells["城关区"][1] == 50 and cells["合计"][1] == 85
    assert abs(cells["合计"][4] - 85 / 95) < 1e-4  # the rate column, as a number formatted as %
    assert "口径" in cells and "应录尽录率" in cells
    one = await client.get("/api/dashboard/v1/overview.xlsx", params={"org": LHASA, "table": "coverage"},
                           headers=headers)
    assert openpyxl.load_workbook(io.BytesIO(one.content)).sheetnames == ["建档覆盖（应录尽录）"]
    bad = await client.get("/api/dashboard/v1/overview.xlsx", params={"table": "nope"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["code"] == "DASHBOARD_TABLE_UNKNOWN"


async def test_pdf_is_one_page(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.get("/api/dashboard/v1/overview.pdf", params={"org": LHASA},
                         headers=auth.headers("region_officer", REGION))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(r.content))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "拉萨市" in text and "应录尽录率" in text and "城关区" in text
    # the region's page, with every prefecture, is one page too
    r = await client.get("/api/dashboard/v1/overview.pdf", headers=auth.headers("region_officer", REGION))
    assert len(PdfReader(io.BytesIO(r.content)).pages) == 1
