"""分层分级 in the browser: a county officer reads the distribution, uses the calculator, puts a unit
under key supervision from its archive page, exports the responsibility list and finds the unit on
the year's key list; a station inspector sees the same pages without the decision buttons."""

from __future__ import annotations

import re

import pytest
from browser_helpers import desktop_login, shot
from platform_helpers import DEMO_PASSWORD
from playwright.sync_api import Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

# Seeded in 城关区 (registry.seed DEMO_UNITS): 120 staff and 1800 万元 make it a C unit, which
# 城关区局 supervises itself; 城关区八廓街烟花爆竹经营部 is a D unit of 八廓所.
XUEYU = "拉萨雪域燃气具有限公司"
BAKUO = "城关区八廓街烟花爆竹经营部"
REASON = "浏览器测试：监督抽查发现燃气具质量问题，纳入重点监管"
SLOW = 15_000


def open_until(page: Page, url: str, target: Locator, text: str, attempts: int = 8) -> None:
    """The grading service grades the demo units from the registry's events shortly after start-up:
    reload the page until `target` shows `text`."""
    for _ in range(attempts - 1):
        page.goto(url)
        try:
            expect(target).to_contain_text(text, timeout=3_000)
            return
        except AssertionError:
            continue
    page.goto(url)
    expect(target).to_contain_text(text, timeout=SLOW)


def test_county_officer_grading_journey(desktop: Page) -> None:
    page = desktop
    page.set_viewport_size({"width": 1440, "height": 1200})
    desktop_login(page, "demo-chengguan")

    # 分级总览: the distribution and the graded units of 城关区
    table = page.get_by_test_id("grading-units-table")
    open_until(page, "/grading/overview", table, XUEYU)
    expect(page.get_by_test_id("grading-distribution-title")).to_contain_text("城关区市场监督管理局")
    expect(page.get_by_test_id("grading-stat-total")).to_contain_text(re.compile(r"[1-9]\d*\s*户"))
    expect(page.get_by_test_id("grading-by-grade")).to_contain_text("C级")
    expect(table.get_by_test_id("grade-badge").first).to_be_visible()
    expect(page.get_by_test_id("credit-import-open")).to_be_visible()
    shot(page, "grading-overview")

    # 分级计算器: 生产单位, 250 人, 2500 万元 → B (by revenue), statistically 小型
    page.goto("/grading/calculator")
    page.get_by_test_id("calc-type-production").click()
    page.get_by_test_id("calc-employees").fill("250")
    page.get_by_test_id("calc-revenue").fill("2500")
    page.get_by_test_id("calc-submit").click()
    expect(page.get_by_test_id("calc-grade")).to_have_text("B级")
    expect(page.get_by_test_id("calc-level")).to_contain_text("地（市）局")
    expect(page.get_by_test_id("calc-basis")).to_contain_text("依据藏市监〔2023〕73号附件4")
    statistical = page.get_by_test_id("side-statistical")
    expect(statistical).to_contain_text("统计上大中小微型企业划分（仅供参考，不作为分级依据）")
    expect(statistical).to_contain_text("小型")
    expect(page.get_by_test_id("side-orders")).to_contain_text("两个规定大中型判定（用于是否须配备质量安全总监）")
    shot(page, "grading-calculator")

    # The unit's archive page, on its 分级与分类监管 tab: basis, then a category decision with a reason
    page.goto("/grading/overview")
    table.get_by_text(XUEYU).click()
    expect(page.get_by_test_id("grading-tab")).to_be_visible()
    expect(page.get_by_test_id("enterprise-name")).to_have_text(XUEYU)
    expect(page.get_by_test_id("grading-basis")).to_contain_text("依据藏市监〔2023〕73号附件4")
    expect(page.get_by_test_id("grading-category-tag")).to_have_text("日常监管（触发式）")
    entries = page.get_by_test_id("grading-history-entry")
    expect(entries.first).to_be_visible()
    before = entries.count()
    page.get_by_test_id("grading-decide-category").click()
    dialog = page.get_by_test_id("decision-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("decision-option-key").click()
    dialog.get_by_test_id("decision-reason").fill(REASON)
    dialog.get_by_test_id("decision-submit").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("grading-category-tag")).to_have_text("重点监管")
    expect(entries).to_have_count(before + 1)
    expect(entries.first).to_contain_text("调整监管类别")
    expect(entries.first).to_contain_text(REASON)
    expect(entries.first).to_contain_text("demo-chengguan")
    page.get_by_test_id("enterprise-name").scroll_into_view_if_needed()
    shot(page, "grading-unit-detail")

    # 分层分级责任清单: the 附件4 table with the county's own row, and its xlsx export
    page.goto("/grading/responsibility")
    expect(page.get_by_test_id("responsibility-table")).to_contain_text("县级市场监管部门")
    expect(page.get_by_test_id("responsibility-own-level")).to_have_count(1)
    expect(page.get_by_test_id("responsibility-units")).to_contain_text(XUEYU)
    shot(page, "grading-responsibility")
    with page.expect_download() as download:
        page.get_by_test_id("responsibility-export").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # 重点与特别监管名单: the unit is on this year's (live) key list of producers, with the reason
    page.goto("/grading/lists")
    expect(page.get_by_test_id("lists-status")).to_contain_text("实时预览")
    key_producers = page.get_by_test_id("list-key-producer")
    expect(key_producers).to_contain_text(XUEYU)
    expect(key_producers).to_contain_text(REASON)
    expect(page.get_by_test_id("list-special-producer")).not_to_contain_text(XUEYU)
    expect(page.get_by_test_id("lists-freeze")).to_be_visible()
    shot(page, "grading-lists")

    page.goto("/grading/high-risk")
    expect(page.get_by_test_id("high-risk-table")).to_be_visible()
    expect(page.get_by_test_id("high-risk-designate")).to_be_visible()
    shot(page, "grading-high-risk")

    page.goto("/grading/rules")
    expect(page.get_by_test_id("rule-kind-grade")).to_contain_text("藏市监〔2023〕73号附件4")
    expect(page.get_by_test_id("rule-set-create")).to_have_count(0)  # region_admin only
    shot(page, "grading-rules")


def test_station_inspector_sees_grading_without_decisions(desktop: Page) -> None:
    page = desktop
    desktop_login(page, "demo-chengguan-station")
    table = page.get_by_test_id("grading-units-table")
    open_until(page, "/grading/overview", table, BAKUO)
    expect(page.get_by_test_id("grading-distribution-title")).to_contain_text("八廓市场监督管理所")
    expect(page.get_by_test_id("credit-import-open")).to_have_count(0)
    expect(page.locator('[data-testid^="grading-row-actions-"]')).to_have_count(0)
    shot(page, "grading-overview-station")

    table.get_by_text(BAKUO).click()
    expect(page.get_by_test_id("grading-basis")).to_contain_text("依据藏市监〔2023〕73号附件4")
    expect(page.get_by_test_id("grading-history-entry").first).to_be_visible()
    expect(page.locator('[data-testid^="grading-decide-"]')).to_have_count(0)

    page.goto("/grading/high-risk")
    expect(page.get_by_test_id("high-risk-table")).to_be_visible()
    expect(page.get_by_test_id("high-risk-designate")).to_have_count(0)
    page.goto("/grading/lists")
    expect(page.get_by_test_id("lists-status")).to_be_visible()
    expect(page.get_by_test_id("lists-freeze")).to_have_count(0)


def test_field_detail_shows_grade(phone: Page) -> None:
    page = phone
    page.goto("/field/")
    page.get_by_test_id("login-username").fill("demo-chengguan-station")
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("field-tabbar").get_by_text("查企业").click()
    search = page.get_by_test_id("field-enterprise-search")
    search.fill("八廓街")
    search.press("Enter")
    page.get_by_text(BAKUO).click()
    cells = page.get_by_test_id("field-enterprise-grading")
    expect(cells).to_contain_text("所（分局）监管", timeout=SLOW)
    expect(page.get_by_test_id("field-grade")).to_have_text("D")
    expect(cells).to_contain_text("依据藏市监〔2023〕73号附件4")
    shot(page, "grading-field-detail")
