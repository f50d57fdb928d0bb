"""The region administrator's day starts on the dashboard (F6): the plan's goals, the headline
figures, the map of the seven prefectures; a click on 拉萨市 drills down to its counties, 城关区 to
its stations, the breadcrumb climbs back; 主体清单 opens the archive list of a county; every table
exports as xlsx with the same numbers as the page, and the one-page PDF is one page.

The figures are the services' own: after a region admin's 立即重新计算 the page shows what the
overview API says, and the registry's own list agrees with the archive figures."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from browser_helpers import api, desktop_login, shot
from playwright.sync_api import Page, expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.stack]

ADMIN = "demo-region"
LHASA = "540000/540100"
CHENGGUAN = "540000/540100/540102"
SLOW = 20_000


def cell(page: Page, table: str, row_name: str, column: str) -> str:
    row = page.get_by_test_id(f"table-{table}").locator("tr.el-table__row", has_text=row_name).first
    return row.locator(f"[data-col='{column}']").inner_text().strip()


def fmt_count(v: Any) -> str:
    return f"{int(v):,}"


def test_region_admin_dashboard_drill_down_and_exports(desktop: Page, gateway_url: str, tmp_path: Path) -> None:
    admin = api(gateway_url, ADMIN)
    refreshed = admin.post("/api/dashboard/v1/refresh")
    assert refreshed.status_code == 200, refreshed.text
    assert all(r["ok"] for r in refreshed.json()), refreshed.json()
    region = admin.get("/api/dashboard/v1/overview").json()
    lhasa = admin.get("/api/dashboard/v1/overview", params={"org": LHASA}).json()
    coverage = next(t for t in region["tables"] if t["key"] == "coverage")
    assert coverage["total"]["values"]["units_total"] > 0  # the demo archive is there

    # the archive figure is the registry's own: units archived and open in 拉萨
    lhasa_total = next(t for t in lhasa["tables"] if t["key"] == "coverage")["total"]["values"]
    listed = admin.get("/api/registry/v1/enterprises", params={"division_code": "540102", "size": 1}).json()["total"]
    chengguan_row = next(r for r in next(t for t in lhasa["tables"] if t["key"] == "coverage")["rows"]
                         if r["code"] == "540102")
    assert chengguan_row["values"]["units_total"] + chengguan_row["values"]["archives_pending"] <= listed
    assert lhasa_total["units_total"] <= coverage["total"]["values"]["units_total"]

    desktop_login(desktop, ADMIN)
    expect(desktop.get_by_test_id("dashboard-title")).to_contain_text("工作看板", timeout=SLOW)
    expect(desktop.get_by_test_id("dashboard-freshness")).to_contain_text("数据计算于")
    expect(desktop.locator("[data-testid^='goal-'][data-status]")).to_have_count(len(region["goals"]))
    units_card = desktop.get_by_test_id("card-units").get_by_test_id("card-value")
    expect(units_card).to_have_text(fmt_count(coverage["total"]["values"]["units_total"]))
    expect(desktop.get_by_test_id("figure-chart").locator("canvas")).to_have_count(1)
    table = desktop.get_by_test_id("table-coverage")
    expect(table).to_be_visible()
    lhasa_units = next(r for r in coverage["rows"] if r["code"] == "540100")["values"]["units_total"]
    assert cell(desktop, "coverage", "拉萨市", "units_total") == fmt_count(lhasa_units)
    shot(desktop, "dashboard-region")
    desktop.get_by_test_id("figure-chart").scroll_into_view_if_needed()
    shot(desktop, "dashboard-region-map")
    table.scroll_into_view_if_needed()
    shot(desktop, "dashboard-region-tables")

    # the map's figure is chosen from every column of every table; its definition is shown
    desktop.get_by_test_id("map-metric").click()
    desktop.locator(".el-select-dropdown__item:visible", has_text="分级分布（A/B/C/D） · A级").click()
    expect(desktop.locator(".figure-chart__definition")).to_contain_text("A级：分级结果为A级")

    # drill down: 拉萨市 → its counties
    table.get_by_test_id("drill").filter(has_text="拉萨市").click()
    expect(desktop).to_have_url(f"{gateway_url}/dashboard?org={LHASA}", timeout=SLOW)
    expect(desktop.get_by_test_id("dashboard-title")).to_contain_text("拉萨市工作看板", timeout=SLOW)
    expect(desktop.get_by_test_id("dashboard-trail")).to_contain_text("拉萨市")
    chengguan_units = chengguan_row["values"]["units_total"]
    expect(desktop.get_by_test_id("table-coverage").locator("tr.el-table__row", has_text="城关区")
           .locator("[data-col='units_total']")).to_have_text(fmt_count(chengguan_units))
    shot(desktop, "dashboard-lhasa")

    # exports: the whole dashboard as xlsx, with the numbers the page shows
    with desktop.expect_download() as dl:
        desktop.get_by_test_id("dashboard-xlsx").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    assert book.sheetnames[0] == "目标进度" and "建档覆盖（应录尽录）" in book.sheetnames
    rows = {r[0]: r for r in book["建档覆盖（应录尽录）"].iter_rows(values_only=True) if r[0]}
    assert rows["城关区"][1] == chengguan_units and rows["合计"][1] == lhasa_total["units_total"]
    # one table as shown
    desktop.get_by_role("tab", name="问题整改").click()
    with desktop.expect_download() as dl:
        desktop.get_by_test_id("export-table-rectifications").click()
    assert openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes())).sheetnames == ["问题整改"]
    # the one-page summary for a meeting
    with desktop.expect_download() as dl:
        desktop.get_by_test_id("dashboard-pdf").click()
    pdf = PdfReader(io.BytesIO(Path(dl.value.path()).read_bytes()))
    assert len(pdf.pages) == 1 and "拉萨市" in pdf.pages[0].extract_text()
    (tmp_path / "summary.pdf").write_bytes(Path(dl.value.path()).read_bytes())

    # further down: 城关区 → its stations, then its archive list; and back up by the breadcrumb
    desktop.get_by_role("tab", name="建档覆盖（应录尽录）").click()
    desktop.get_by_test_id("table-coverage").get_by_test_id("drill").filter(has_text="城关区").click()
    expect(desktop.get_by_test_id("dashboard-title")).to_contain_text("城关区工作看板", timeout=SLOW)
    shot(desktop, "dashboard-chengguan")
    desktop.get_by_test_id("dashboard-up").click()
    expect(desktop.get_by_test_id("dashboard-title")).to_contain_text("拉萨市工作看板", timeout=SLOW)
    desktop.get_by_test_id("table-coverage").locator("tr.el-table__row", has_text="城关区") \
        .get_by_role("button", name="主体清单").click()
    expect(desktop).to_have_url(f"{gateway_url}/archive/enterprises?division_code=540102", timeout=SLOW)
    desktop.go_back()
    desktop.get_by_test_id("dashboard-trail").get_by_text("西藏自治区").click()
    expect(desktop.get_by_test_id("dashboard-title")).to_contain_text("西藏自治区工作看板", timeout=SLOW)
