"""监督检查 in the admin app and back: a county officer runs a 双随机 draw (seed shown exactly,
re-checked), sees the tasks it made, opens a submitted inspection and prints it as PDF; the
enterprise answers its rectification notice on the phone; the officer verifies and closes it."""

from __future__ import annotations

import re

import pytest
from browser_helpers import api, desktop_login, shot, submitted_inspection, unit_id
from platform_helpers import DEMO_PASSWORD
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

XUEYU = "拉萨雪域燃气具有限公司"  # the demo enterprise user's own unit
FINDING = "燃气具出厂检验记录缺失（浏览器测试）"
ANSWER = "已补建出厂检验记录制度，逐批留存检验报告，并对检验员进行了培训。"
COMMENT = "现场复查，出厂检验记录齐全，同意关闭。"
RISK = "监督抽查发现燃气灶具熄火保护装置不合格（浏览器测试）"
POINT = "燃气具出厂前逐台进行气密性和熄火保护检验（浏览器测试）"
SLOW = 20_000


def test_draw_record_and_rectification_journey(desktop: Page, phone: Page, gateway_url: str) -> None:
    officer = api(gateway_url, "demo-chengguan")
    eid = unit_id(officer, XUEYU)
    inspection_id, finding_no = submitted_inspection(api(gateway_url, "demo-chengguan-station"), eid, FINDING)

    page = desktop
    page.set_viewport_size({"width": 1440, "height": 1100})
    desktop_login(page, "demo-chengguan")

    # 双随机抽取: one unit and one inspector of 城关区; the seed is shown digit for digit.
    page.goto("/inspection/draws")
    expect(page.get_by_role("menuitem", name=re.compile("整改通知"))).to_be_visible()  # the 监督检查 menu group
    page.get_by_test_id("draw-reason").fill("浏览器测试：2026年第二批双随机抽查")
    page.get_by_test_id("draw-submit").click()
    page.locator(".el-message-box").get_by_role("button", name="确定").click()
    result = page.get_by_test_id("draw-result")
    expect(result).to_be_visible(timeout=SLOW)
    seed = page.get_by_test_id("draw-seed-value").inner_text().strip()
    assert re.fullmatch(r"\d+", seed), seed
    raw = officer.get("/api/inspection/v1/draws").text  # the seed as the server wrote it (up to 62 bits)
    assert re.search(rf'"seed"\s*:\s*{seed}\b', raw), (seed, raw[:300])
    assert int(page.get_by_test_id("draw-pool-units").inner_text()) >= 4
    assert int(page.get_by_test_id("draw-pool-inspectors").inner_text()) >= 1
    expect(page.get_by_test_id("draw-units-list").locator("li")).to_have_count(1)
    expect(page.get_by_test_id("draw-inspectors-list").locator("li")).to_have_count(1)
    drawn_unit = page.get_by_test_id("draw-units-list").inner_text().strip()
    names = {u["name"] for d in officer.get("/api/inspection/v1/draws").json() for u in d["units"]}
    assert drawn_unit in names, (drawn_unit, names)  # a name, as the service gave it, not an id
    shot(page, "inspection-draw")

    page.get_by_test_id("draws-table").get_by_test_id("draw-verify").first.click()
    verdict = page.get_by_test_id("draw-verify-dialog")
    expect(page.get_by_test_id("draw-verify-title")).to_have_text("复核通过")
    expect(page.get_by_test_id("draw-verify-detail")).to_contain_text("结果完全相同")
    verdict.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("draw-verify-title")).to_be_hidden()

    # 检查任务: the drawn unit's 双随机抽查 task, open, assigned to the inspector drawn.
    page.goto("/inspection/tasks")
    tasks = page.get_by_test_id("tasks-table")
    row = tasks.locator("tr", has_text="双随机抽查：浏览器测试").first
    expect(row).to_be_visible(timeout=SLOW)
    expect(row).to_contain_text(drawn_unit)
    expect(row.get_by_test_id("task-status")).to_have_text("待检查")
    shot(page, "inspection-tasks")

    # 检查记录: the submitted inspection, its checklist, and the PDF.
    page.goto("/inspection/records?status=submitted")
    expect(page.get_by_test_id("records-table").get_by_text(XUEYU).first).to_be_visible(timeout=SLOW)
    page.goto(f"/inspection/records/{inspection_id}")  # the unit may have other records from other tests
    expect(page.get_by_test_id("record-title")).to_have_text(XUEYU)
    expect(page.get_by_test_id("record-status")).to_have_text("已提交")
    expect(page.get_by_test_id(f"record-result-{finding_no}")).to_have_text("×")
    expect(page.get_by_test_id("record-checklist")).to_contain_text(FINDING)
    expect(page.get_by_test_id("record-facts")).to_contain_text("次仁 13989000000")
    expect(page.get_by_test_id("rectifications-table")).to_contain_text("待整改")
    assert inspection_id in page.url
    shot(page, "inspection-record")
    with page.expect_download() as download:
        page.get_by_test_id("record-pdf").click()
    assert download.value.suggested_filename.endswith(".pdf"), download.value.suggested_filename
    assert XUEYU in download.value.suggested_filename

    # The enterprise answers its notice on the phone.
    field = phone
    field.goto("/field/")
    field.get_by_test_id("login-username").fill("demo-enterprise")
    field.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    field.get_by_test_id("login-submit").click()
    expect(field.get_by_test_id("tab-routines")).to_be_visible()  # the enterprise's home: its routine
    field.get_by_test_id("tab-notices").click()
    notice = field.get_by_test_id("notice-list").locator("article", has_text=FINDING)
    expect(notice).to_be_visible(timeout=SLOW)
    expect(notice.get_by_test_id("notice-status")).to_have_text("待整改")
    shot(field, "field-enterprise-notices")
    notice.click()
    detail = field.get_by_test_id("notice-detail")
    expect(detail).to_contain_text(FINDING)
    detail.get_by_test_id("notice-answer").fill(ANSWER)
    shot(field, "field-enterprise-answer")
    detail.get_by_test_id("notice-answer-submit").click()
    expect(detail).to_be_hidden()
    field.get_by_test_id("notice-tabs").get_by_text("待核查").click()
    answered = field.get_by_test_id("notice-list").locator("article", has_text=FINDING)
    expect(answered.get_by_test_id("notice-status")).to_have_text("已回复待核查")

    # The officer verifies it: accepted, the notice is closed.
    page.goto("/inspection/rectifications?status=answered")
    table = page.get_by_test_id("rectifications-table")
    expect(table).to_contain_text(ANSWER, timeout=SLOW)
    table.get_by_test_id(f"rectification-verify-{finding_no}").click()
    dialog = page.get_by_test_id("verify-dialog")
    expect(dialog.get_by_test_id("verify-answer")).to_have_text(ANSWER)
    dialog.get_by_test_id("verify-comment").fill(COMMENT)
    shot(page, "inspection-verify")
    dialog.get_by_test_id("verify-submit").click()
    expect(dialog).to_be_hidden()
    page.goto("/inspection/rectifications?status=closed")
    closed = table.locator("tr", has_text=FINDING)
    expect(closed.get_by_test_id("rectification-status")).to_have_text("已验证关闭")
    expect(closed).to_contain_text(COMMENT)

    # The unit's archive page, tab 监督检查: its records and notices, a risk recorded, a key risk point added.
    page.goto(f"/archive/enterprises/{eid}?tab=inspection")
    expect(page.get_by_test_id("tab-inspections")).to_contain_text("已提交", timeout=SLOW)
    expect(page.get_by_test_id("inspection-tab").get_by_test_id("rectifications-table")).to_contain_text("已验证关闭")
    page.get_by_test_id("tab-record-risk").click()
    risk_dialog = page.get_by_test_id("risk-dialog")
    risk_dialog.get_by_test_id("risk-severity-larger").click()
    risk_dialog.get_by_test_id("risk-summary").fill(RISK)
    risk_dialog.get_by_test_id("risk-submit").click()
    expect(risk_dialog).to_be_hidden()
    expect(page.get_by_test_id("tab-risks")).to_contain_text(RISK)
    expect(page.get_by_test_id("tab-risks")).to_contain_text("较大")
    page.get_by_test_id("risk-point-text").fill(POINT)
    page.get_by_test_id("risk-point-add").click()
    expect(page.get_by_test_id("tab-risk-points")).to_contain_text(POINT)
    shot(page, "inspection-unit-tab")
    points = officer.get(f"/api/inspection/v1/units/{eid}/risk-points").json()
    assert POINT in [p["text"] for p in points]

    notices = officer.get("/api/inspection/v1/rectifications", params={"enterprise_id": eid}).json()["items"]
    mine = [n for n in notices if n["inspection_id"] == inspection_id]
    assert [(n["status"], n["answer"], n["verify_comment"]) for n in mine] == [("closed", ANSWER, COMMENT)]
