"""督查考核 in the admin app: a region officer opens 督查记录 and audits 拉萨市 for a past period; the
checklist comes pre-filled with figures the other services give (item 2.1 from the registry and
inspection); answering an item against the data's suggestion demands a 更正理由 (the service's
refusal is shown under the item) and takes one; the remaining items are answered through the API
with the same account, the conclusion is written on the page and the audit submitted. From the
submitted audit a 敦促提醒函 is issued (findings pre-filled from the items judged 否): its number is
藏市监督〔YYYY〕N号, its drawer shows the text and its PDF downloads. 总局归集 lists the audit's
delivery row."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from browser_helpers import api, desktop_login, shot
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

OFFICER = "demo-region-officer"  # region_officer at 西藏自治区市场监督管理局 (540000)
LHASA = "540100"
AUDITS = "/api/audit/v1/audits"
CONCLUSION = "拉萨市局推进“两个规定”落实总体有力，平台使用和档案更新较好；工作任务完成情况需加强（浏览器测试）。"
FINDING = "未按要求完成监管督查信息平台工作任务（浏览器测试）"
REASON = "已查阅会议纪要和培训签到表，数据未登记但工作已开展（浏览器测试）"
SLOW = 20_000


def free_period(officer: httpx.Client, today: dt.date) -> tuple[dt.date, dt.date]:
    """A past 30-day period no audit of 拉萨市 covers yet (other tests share the stack)."""
    taken = {(a["period_start"], a["period_end"]) for a in officer.get(
        AUDITS, params={"target_code": LHASA, "size": 200}).json()["items"]}
    for _ in range(50):
        end = today - dt.timedelta(days=random.randint(1, 300))
        start = end - dt.timedelta(days=29)
        if (str(start), str(end)) not in taken:
            return start, end
    raise AssertionError("no free audit period found")


def pick_range(page: Page, start: dt.date, end: dt.date) -> None:
    """Type both ends into the dialog's date-range picker."""
    inputs = page.get_by_test_id("audit-create-period").locator("input")
    inputs.nth(0).fill(str(start))
    inputs.nth(1).fill(str(end))
    inputs.nth(1).press("Enter")
    page.get_by_test_id("audit-create-dialog").locator(".el-dialog__title").click()  # close the panel


def answer(officer: httpx.Client, audit: dict[str, Any], code: str, body: dict[str, Any]) -> dict[str, Any]:
    resp = officer.put(f"{AUDITS}/{audit['id']}/items/{code}", json={**body, "base_version": audit["version"]})
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def figure_text(value: Any, unit: str) -> str:
    return "—" if value is None or value == "" else f"{value}{unit}"


def test_region_officer_audits_lhasa_and_issues_a_reminder(desktop: Page, gateway_url: str) -> None:
    officer = api(gateway_url, OFFICER)
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    start, end = free_period(officer, today)

    page = desktop
    page.set_viewport_size({"width": 1440, "height": 1000})
    desktop_login(page, OFFICER)

    # 督查记录 in the 督查考核 menu group; 新建督查 of 拉萨市 for the period.
    page.goto("/audit/audits")
    expect(page.get_by_role("menuitem", name="督查记录")).to_be_visible()
    expect(page.get_by_role("menuitem", name="总局归集")).to_be_visible()
    expect(page.get_by_test_id("audits-table")).to_be_visible()
    page.get_by_test_id("audit-create").click()
    dialog = page.get_by_test_id("audit-create-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("audit-create-target").click()
    option = page.locator(".el-select-dropdown__item:visible", has_text="拉萨市市场监督管理局")
    expect(option).to_contain_text("督查")  # the option says when the bureau was last audited (or 尚未督查)
    shot(page, "audit-create-target")
    option.click()
    pick_range(page, start, end)
    dialog.get_by_test_id("audit-create-auditors").fill("扎西、张伟（浏览器测试）")
    shot(page, "audit-create-dialog")
    dialog.get_by_test_id("audit-create-submit").click()

    # The detail page: number, target, where the figures came from, the checklist by section.
    expect(page).to_have_url(re.compile(r"/audit/audits/[0-9a-f-]{36}$"), timeout=SLOW)
    audit_id = page.url.rsplit("/", 1)[1]
    audit = officer.get(f"{AUDITS}/{audit_id}").json()
    assert (audit["target_code"], audit["period_start"], audit["period_end"]) == (LHASA, str(start), str(end))
    assert audit["prefill_state"].get("registry") == "ok", audit["prefill_state"]
    assert audit["prefill_state"].get("inspection") == "ok", audit["prefill_state"]
    expect(page.get_by_test_id("audit-number")).to_have_text(audit["number"])
    expect(page.get_by_test_id("audit-target")).to_have_text("拉萨市市场监督管理局")
    expect(page.get_by_test_id("prefill-registry")).to_contain_text("已取数")
    expect(page.locator("[data-testid^=audit-section-]")).to_have_count(7)

    # Item 2.1: the figures the registry and inspection services gave, as the API has them.
    item21 = next(i for i in audit["items"] if i["code"] == "2.1")
    card21 = page.get_by_test_id("audit-item-2.1")
    for n, f in enumerate(item21["figures"]):
        expect(card21.get_by_test_id(f"figure-2.1-{n}")).to_have_text(figure_text(f["value"], f["unit"]))
    assert isinstance(item21["figures"][0]["value"], int), item21["figures"]  # 在档主体 counted by the registry
    expect(card21.get_by_test_id("item-figures")).to_contain_text("主体档案服务")
    expect(card21.get_by_test_id("item-figures")).to_contain_text("监督检查服务")
    card21.scroll_into_view_if_needed()
    shot(page, "audit-detail-prefilled")

    # Answering against the data's suggestion: the reason is asked for, refused without it, taken with it.
    flip = next(i for i in audit["items"] if i["suggested"] is not None)
    code = flip["code"]
    card = page.get_by_test_id(f"audit-item-{code}")
    card.scroll_into_view_if_needed()
    card.get_by_test_id(f"item-{'no' if flip['suggested'] else 'yes'}-{code}").click()
    expect(card.get_by_test_id(f"item-reason-{code}")).to_be_visible()
    card.get_by_test_id(f"item-save-{code}").click()
    expect(card.get_by_test_id(f"item-error-{code}")).to_contain_text("更正理由")
    shot(page, "audit-item-correction-required")
    card.get_by_test_id(f"item-reason-{code}").fill(REASON)
    card.get_by_test_id(f"item-highlights-{code}").fill("工作已开展，佐证材料见附件（浏览器测试）")
    card.get_by_test_id(f"item-save-{code}").click()
    expect(card.get_by_test_id(f"item-error-{code}")).to_have_count(0)
    expect(card.get_by_test_id("item-dirty")).to_have_count(0)
    saved = next(i for i in officer.get(f"{AUDITS}/{audit_id}").json()["items"] if i["code"] == code)
    assert (saved["implemented"], saved["corrected"], saved["correction_reason"]) == (not flip["suggested"], True, REASON)

    # The other items through the API (as the suggestion says; 7.2, which data cannot judge, as 否).
    audit = officer.get(f"{AUDITS}/{audit_id}").json()
    for item in audit["items"]:
        if item["code"] == code:
            continue
        if item["code"] == "7.2":
            audit = answer(officer, audit, "7.2", {"implemented": False, "highlights": FINDING})
        else:
            audit = answer(officer, audit, item["code"], {"implemented": item["suggested"] is not False,
                                                          "highlights": None})
    page.reload()
    expect(page.get_by_test_id("item-answer-7.2").locator(".is-active")).to_have_text("否", timeout=SLOW)

    # Submitting without a conclusion is refused with the service's words; then written and submitted.
    page.get_by_test_id("audit-submit").click()
    page.locator(".el-message-box__btns .el-button--primary").click()
    refusal = page.locator(".el-message-box", has_text="不能提交")
    expect(refusal).to_contain_text("督查结论")
    refusal.locator(".el-message-box__btns .el-button--primary").click()
    page.get_by_test_id("audit-conclusion-text").fill(CONCLUSION)
    page.get_by_test_id("audit-conclusion-save").click()
    # saved, not merely saving (a button is disabled while it loads too): then nothing is unsaved
    expect(page.get_by_test_id("audit-conclusion-save")).not_to_have_class(re.compile("is-loading"), timeout=SLOW)
    expect(page.get_by_test_id("audit-conclusion-save")).to_be_disabled()
    page.get_by_test_id("audit-submit").click()
    confirm = page.locator(".el-message-box", has_text="提交督查记录")
    expect(confirm).to_contain_text("拉萨市")
    confirm.locator(".el-message-box__btns .el-button--primary").click()
    expect(page.get_by_test_id("audit-facts").get_by_test_id("audit-status")).to_have_text("已提交", timeout=SLOW)
    expect(page.get_by_test_id("audit-submit")).to_have_count(0)
    expect(page.get_by_test_id("audit-item-7.2").get_by_test_id("item-result-7.2")).to_have_text("否")
    page.set_viewport_size({"width": 1440, "height": 3400})  # the whole checklist (the layout scrolls inside)
    shot(page, "audit-detail-submitted")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # 发督办文书 from the audit: a 敦促提醒函 to 拉萨市 with the 否 items as findings.
    page.get_by_test_id("audit-followup").click()
    fdialog = page.get_by_test_id("followup-dialog")
    expect(fdialog.get_by_test_id("followup-from-audit")).to_contain_text(audit["number"])
    expect(fdialog.get_by_test_id("followup-findings")).to_have_value(re.compile(FINDING))
    expect(fdialog.get_by_test_id("followup-kind-reminder_letter")).to_have_class(re.compile("is-active"))
    shot(page, "audit-followup-dialog")
    fdialog.get_by_test_id("followup-submit").click()
    expect(fdialog).to_be_hidden(timeout=SLOW)
    issued = officer.get("/api/audit/v1/followups", params={"audit_id": audit_id}).json()["items"]
    assert len(issued) == 1, issued
    doc = issued[0]
    assert re.fullmatch(rf"藏市监督〔{today.year}〕\d+号", doc["number"]), doc["number"]
    assert (doc["kind"], doc["target_code"], doc["status"]) == ("reminder_letter", LHASA, "issued")
    assert FINDING in doc["findings"]

    # The document in 督办文书 (本单位发出): its drawer with the number and text; the PDF.
    page.goto(f"/audit/followups?tab=issued&open={doc['id']}")
    drawer = page.get_by_test_id("followup-drawer")
    expect(drawer.get_by_test_id("followup-doc-number")).to_have_text(doc["number"], timeout=SLOW)
    expect(drawer.get_by_test_id("followup-document")).to_contain_text(FINDING)
    expect(drawer.get_by_test_id("followup-status")).to_have_text("待反馈")
    with page.expect_download() as download:
        drawer.get_by_test_id("followup-pdf").click()
    assert download.value.suggested_filename.endswith(".pdf"), download.value.suggested_filename
    shot(page, "audit-followup-drawer")
    drawer.locator(".el-drawer__close-btn").click()
    row = page.get_by_test_id("followups-table").locator("tr", has_text=doc["number"])
    expect(row).to_contain_text("敦促提醒函")
    expect(row.get_by_test_id("followup-row-status")).to_have_text("待反馈")
    pdf = officer.get(f"/api/audit/v1/followups/{doc['id']}/document.pdf")
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"].startswith("application/pdf") and pdf.content.startswith(b"%PDF"), pdf.headers
    shot(page, "audit-followups-list")

    # 总局归集: the audit's delivery row (the stack pushes to a test double of the national platform).
    deadline = time.time() + 15
    rows: list[dict[str, Any]] = []
    while time.time() < deadline:
        rows = officer.get("/api/audit/v1/national/deliveries", params={"record_id": audit_id}).json()["items"]
        if rows and rows[0]["status"] != "pending":
            break
        time.sleep(0.5)
    assert rows, "the submitted audit was not queued for the national platform"
    page.goto("/audit/national")
    expect(page.get_by_test_id("national-stats")).to_be_visible(timeout=SLOW)
    page.get_by_test_id("national-filter-type").click()
    page.locator(".el-select-dropdown__item:visible", has_text="督查记录").click()
    national_row = page.get_by_test_id("national-table").locator("tr", has=page.get_by_test_id(f"national-row-{audit_id}"))
    expect(national_row).to_contain_text(audit["number"], timeout=SLOW)
    shown = rows[0]["status_label"] if rows[0]["status"] != "pending" else re.compile("待归集|已归集")
    expect(national_row.get_by_test_id("national-status")).to_have_text(shown)
    shot(page, "audit-national")

    # Back in 督查记录 the audit shows as submitted, with one document and its push state.
    page.goto("/audit/audits")
    listed = page.get_by_test_id("audits-table").locator("tr", has_text=audit["number"])
    expect(listed.get_by_test_id("audit-status")).to_have_text("已提交", timeout=SLOW)
    expect(listed).to_contain_text("拉萨市市场监督管理局")
    shot(page, "audit-list")
    # Its 督办数 opens 督办文书 filtered to the documents issued on this audit: exactly the one.
    listed.get_by_role("link", name="1", exact=True).click()
    expect(page.get_by_test_id("followups-filter-audit")).to_be_visible(timeout=SLOW)
    rows = page.get_by_test_id("followups-table").locator("tbody tr")
    expect(rows).to_have_count(1, timeout=SLOW)
    expect(rows.first).to_contain_text(doc["number"])
