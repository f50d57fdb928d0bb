"""A prefecture officer's day: imports a survey file in the browser (dry run, then for real),
finds the new unit in the archive, sees the grade the grading service gave it, and exports the
摸底调查统计表 (附件3) with the new unit counted under its county; on a phone, a station
inspector looks a unit up."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import httpx
import openpyxl
import pytest
import xlsxwriter
from browser_helpers import desktop_login, shot
from platform_helpers import DEMO_PASSWORD, login
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _code(body: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + ALPHABET[(31 - total % 31) % 31]


def survey_file(path: Path) -> None:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("摸底调查")
    ws.write_row(0, 0, ["统一社会信用代码", "单位名称", "单位类型", "所在县（区）", "从业人员（人）", "营业收入（万元）",
                        "重点品类", "录入原因"])
    ws.write_row(1, 0, [_code("91540103BRW000001"), "堆龙德庆区纳金燃气具销售有限公司", "批发、零售", "堆龙德庆区", 12, 650,
                        "燃气具", "浏览器导入测试"])
    ws.write_row(2, 0, [_code("92540104BRW000002"), "达孜区雪莲电动车经营部", "零售", "达孜区", 3, 40, "电动自行车",
                        "浏览器导入测试"])
    ws.write_row(3, 0, ["9154010", "代码错误的单位", "零售", "达孜区", 3, 40, "", "浏览器导入测试"])
    wb.close()
    path.write_bytes(buf.getvalue())


def test_prefecture_imports_survey_grades_appear_and_exports_annex3(desktop: Page, gateway_url: str,
                                                                    tmp_path: Path) -> None:
    page = desktop
    file = tmp_path / "拉萨市摸底调查.xlsx"
    survey_file(file)
    desktop_login(page, "demo-lhasa")
    page.goto("/archive/imports")
    page.get_by_test_id("import-upload").set_input_files(str(file))
    summary = page.get_by_test_id("import-dry-run-summary")
    expect(summary).to_be_visible(timeout=30_000)
    expect(summary).to_contain_text(re.compile(r"新增\D*2"))
    expect(summary).to_contain_text(re.compile(r"拒绝\D*1"))
    expect(page.get_by_text(re.compile("18 位"))).to_be_visible()
    shot(page, "archive-import-dry-run")
    page.get_by_test_id("import-apply").click()
    result = page.get_by_test_id("import-result")
    expect(result).to_be_visible(timeout=30_000)
    expect(result).to_contain_text(re.compile(r"新增\D*2"))
    shot(page, "archive-import-result")

    page.goto("/archive/enterprises")
    page.get_by_test_id("archive-search").fill("纳金燃气")
    page.get_by_test_id("archive-search-button").click()
    table = page.get_by_test_id("archive-table")
    expect(table).to_contain_text("堆龙德庆区纳金燃气具销售有限公司")
    expect(table).not_to_contain_text("达孜区雪莲电动车经营部")
    shot(page, "archive-search")
    table.get_by_text("堆龙德庆区纳金燃气具销售有限公司").click()
    expect(page.get_by_text("浏览器导入测试").first).to_be_visible()
    basic = page.get_by_test_id("enterprise-basic")
    expect(basic).to_contain_text("批发")
    expect(basic).to_contain_text("零售")
    shot(page, "archive-detail")

    # the grading service grades it from the import's event (within seconds); then the tab shows it
    eid = page.url.split("/archive/enterprises/")[1].split("?")[0]
    grading = httpx.Client(base_url=gateway_url, headers={"Authorization": f"Bearer {login(gateway_url, 'demo-lhasa')}"})
    deadline = time.monotonic() + 30
    while grading.get(f"/api/grading/v1/units/{eid}").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    page.get_by_test_id("enterprise-tabs").get_by_role("tab", name="分级与分类监管").click()
    expect(page.get_by_test_id("grading-grade")).to_contain_text(re.compile("[ABCD]"), timeout=30_000)
    grade = page.get_by_test_id("grading-grade").inner_text()
    shot(page, "archive-detail-grade")

    # 附件3: the prefecture's statistics by county, the imported unit counted under 堆龙德庆区
    page.goto("/archive/filings")
    with page.expect_download() as dl:
        page.get_by_test_id("filing-export-stats").click()
    assert "摸底调查统计表" in dl.value.suggested_filename
    sheet = openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes())).active
    assert sheet is not None
    rows = {r[1]: r for r in sheet.iter_rows(values_only=True) if r and len(r) > 2 and r[1]}
    assert "拉萨市" in str(sheet.cell(1, 1).value)
    assert any(isinstance(v, int) and v >= 1 for v in rows["堆龙德庆区"][2:]), rows["堆龙德庆区"]
    assert rows["合计"][2:] and grade


def test_station_inspector_looks_up_unit_on_phone(phone: Page) -> None:
    page = phone
    page.goto("/field/")
    page.get_by_test_id("login-username").fill("demo-chengguan-station")
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("field-tabbar")).to_be_visible()
    page.get_by_test_id("field-tabbar").get_by_text("查企业").click()
    search = page.get_by_test_id("field-enterprise-search")
    search.fill("雪域燃气")
    search.press("Enter")
    expect(page.get_by_text("拉萨雪域燃气具有限公司")).to_be_visible()
    shot(page, "field-enterprise-search")
    page.get_by_text("拉萨雪域燃气具有限公司").click()
    expect(page.get_by_text("燃气具").first).to_be_visible()
    shot(page, "field-enterprise-detail")
