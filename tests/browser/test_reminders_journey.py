"""待办提醒 (F9) in both apps. The region officer issues a 敦促提醒函 to 拉萨市 and 拉萨市 answers it
(both through the API); the answer opens a 督办反馈待审核 reminder for the region at once. The
officer's bell counts it (the sum of the services' summaries), its popover lists it, 查看全部 shows it
in the 待办提醒 page (本单位 and 本辖区); clicking it lands on 督办文书 with the document open; 办结
ends it and the bell's count drops. On the phone, 拉萨市 (whose letter to 城关区 was answered) has the
bell on its tasks page; the list page still shows the last list, saying so, once the network is
gone, and its admin-app reminder opens the admin app. An enterprise user has the bell on 日常管控."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from browser_helpers import api, desktop_login, field_login, shot, viewport_shot
from playwright.sync_api import Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

OFFICER = "demo-region-officer"  # region_officer at 西藏自治区市场监督管理局 (540000)
LHASA_USER = "demo-lhasa"  # prefecture_officer at 拉萨市市场监督管理局 (540100)
COUNTY_USER = "demo-chengguan"  # county_officer at 城关区市场监督管理局 (540102)
ENTERPRISE = "demo-enterprise"
LHASA = "540100"
CHENGGUAN = "540102"
SERVICES = ("registry", "grading", "inspection", "audit")
FINDINGS = "未按要求每半月报送工作进展（浏览器测试：待办提醒）"
REQUIREMENTS = "请于期限前书面反馈整改落实情况（浏览器测试：待办提醒）"
ANSWER = "已补报两期进展报告，并明确专人负责按期报送（浏览器测试：待办提醒）"
CLOSING = "整改到位，予以办结（浏览器测试：待办提醒）"
SLOW = 20_000
SERVICE_WORKER_READY = """Promise.race([
  navigator.serviceWorker.ready.then((r) => !!r.active),
  new Promise((resolve) => setTimeout(() => resolve(false), 20000)),
])"""


def summed(client: httpx.Client) -> tuple[int, int]:
    """(total, overdue) over the services that answer, as the bell sums them."""
    total = overdue = 0
    for service in SERVICES:
        resp = client.get(f"/api/{service}/v1/reminders/summary")
        if resp.status_code == 200:
            total, overdue = total + resp.json()["total"], overdue + resp.json()["overdue"]
    return total, overdue


def reminders(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """The caller's reminders over the services that answer."""
    items: list[dict[str, Any]] = []
    for service in SERVICES:
        resp = client.get(f"/api/{service}/v1/reminders", params={"size": 200, **params})
        if resp.status_code == 200:
            items += resp.json()["items"]
    return items


def badge_text(total: int) -> str:
    return "99+" if total > 99 else str(total)


def expect_badge(badge: Locator, total: int, overdue: int) -> None:
    content = badge.locator(".el-badge__content")
    if total == 0:
        expect(content).to_be_hidden(timeout=SLOW)
    else:
        expect(content).to_have_text(badge_text(total), timeout=SLOW)
    expect(badge).to_have_attribute("data-overdue", "true" if overdue else "false")


def test_review_reminder_from_bell_to_closing(desktop: Page, gateway_url: str) -> None:
    officer = api(gateway_url, OFFICER)
    lhasa = api(gateway_url, LHASA_USER)
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()

    # The letter (through the API), answered by 拉萨市: the region's review reminder opens at once.
    issued = officer.post("/api/audit/v1/followups", json={
        "kind": "reminder_letter", "target_code": LHASA, "findings": FINDINGS, "requirements": REQUIREMENTS,
        "due_on": str(today + dt.timedelta(days=7))})
    assert issued.status_code == 201, issued.text
    doc = issued.json()
    answered = lhasa.post(f"/api/audit/v1/followups/{doc['id']}/answer", json={"answer": ANSWER})
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered"
    review = [r for r in reminders(officer, kind="followup_review") if r["link"] == f"/audit/followups?open={doc['id']}"]
    assert len(review) == 1, review
    assert doc["number"] in review[0]["title"] and review[0]["kind_label"] == "督办反馈待审核"
    assert not [r for r in reminders(lhasa, kind="followup_review") if doc["number"] in r["title"]]  # the issuer's only
    total, overdue = summed(officer)
    assert total >= 1

    page = desktop
    desktop_login(page, OFFICER)

    # The bell: the sum of the services' counts, red when one is overdue.
    bell = page.get_by_test_id("reminder-bell")
    expect_badge(page.get_by_test_id("reminder-badge"), total, overdue)
    expect(page.get_by_role("menuitem", name="待办提醒")).to_be_visible()

    # Its popover lists the review reminder (most urgent first) and links to the page.
    bell.click()
    popover = page.get_by_test_id("reminder-popover")
    expect(popover).to_be_visible()
    item = popover.get_by_test_id("reminder-item").filter(has_text=doc["number"])
    expect(item).to_have_count(1, timeout=SLOW)
    expect(item).to_contain_text("督办反馈待审核")
    expect(item).to_contain_text("请审核办结或退回")
    expect(popover.get_by_test_id("reminder-popover-total")).to_have_text(f"共 {total} 条")
    shot(page, "reminders-bell-open")

    # 查看全部: the 待办提醒 page, 本单位 then 本辖区 (with the bureau that acts).
    popover.get_by_test_id("reminder-view-all").click()
    expect(page).to_have_url(re.compile(r"/reminders$"))
    expect(popover).to_be_hidden()
    table = page.get_by_test_id("reminders-table")
    row = table.locator("tr", has_text=doc["number"])
    expect(row).to_have_count(1, timeout=SLOW)
    expect(row.get_by_test_id("reminder-row-kind")).to_have_text("督办反馈待审核")
    expect(row).to_contain_text("督查考核")
    shot(page, "reminders-page")
    page.get_by_test_id("reminders-scope-subtree").click()
    expect(page).to_have_url(re.compile(r"/reminders\?scope=subtree$"))
    expect(table.locator("th", has_text="承办单位")).to_have_count(1)
    row = table.locator("tr", has_text=doc["number"])
    expect(row).to_have_count(1, timeout=SLOW)
    expect(row).to_contain_text("西藏自治区")  # the region's own, among those of the bureaus below
    shot(page, "reminders-page-subtree")
    # the kind filter narrows to the review reminders (its options come from the summaries)
    page.get_by_test_id("reminders-kind").click()
    page.locator(".el-select-dropdown__item:visible", has_text="督办反馈待审核").click()
    expect(page).to_have_url(re.compile(r"kind=followup_review"))
    expect(table.get_by_test_id("reminder-row-kind").first).to_have_text("督办反馈待审核", timeout=SLOW)
    kinds = table.get_by_test_id("reminder-row-kind").all_inner_texts()
    assert kinds and set(kinds) == {"督办反馈待审核"}, kinds

    # From the bell to the document: 督办文书 with the drawer open; 办结.
    page.goto("/dashboard")
    bell.click()
    expect(popover).to_be_visible()
    popover.get_by_test_id("reminder-item").filter(has_text=doc["number"]).click()
    expect(page).to_have_url(re.compile(rf"/audit/followups\?open={doc['id']}$"))
    drawer = page.get_by_test_id("followup-drawer")
    expect(drawer.get_by_test_id("followup-doc-number")).to_have_text(doc["number"], timeout=SLOW)
    expect(drawer.get_by_test_id("followup-status")).to_have_text("已反馈待审核")
    expect(drawer.get_by_test_id("followup-answer")).to_contain_text(ANSWER)
    drawer.get_by_test_id("followup-close").click()
    dialog = page.get_by_test_id("followup-close-dialog")
    dialog.get_by_test_id("followup-close-text").fill(CLOSING)
    dialog.get_by_test_id("followup-close-submit").click()
    expect(dialog).to_be_hidden(timeout=SLOW)
    expect(drawer.get_by_test_id("followup-status")).to_have_text("已办结", timeout=SLOW)
    assert officer.get(f"/api/audit/v1/followups/{doc['id']}").json()["status"] == "closed"
    assert not [r for r in reminders(officer, kind="followup_review") if doc["number"] in r["title"]]
    after, after_overdue = summed(officer)
    assert after == total - 1, (total, after)
    drawer.locator(".el-drawer__close-btn").click()
    expect(drawer).to_be_hidden()

    # The bell counts again (when opened, as after every page change) and the reminder is gone.
    bell.click()
    expect(popover).to_be_visible()
    expect_badge(page.get_by_test_id("reminder-badge"), after, after_overdue)
    expect(popover.get_by_test_id("reminder-popover-total")).to_have_text(f"共 {after} 条")
    expect(popover.get_by_test_id("reminder-item").filter(has_text=doc["number"])).to_have_count(0)
    shot(page, "reminders-bell-after")


def test_phone_bell_list_offline_and_admin_link(field_phone: Page, phone: Page, gateway_url: str) -> None:
    # 拉萨市 sends a 敦促提醒函 to 城关区, which answers: 拉萨市 has a review reminder (an admin-app link).
    lhasa = api(gateway_url, LHASA_USER)
    chengguan = api(gateway_url, COUNTY_USER)
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    issued = lhasa.post("/api/audit/v1/followups", json={
        "kind": "reminder_letter", "target_code": CHENGGUAN, "findings": FINDINGS, "requirements": REQUIREMENTS,
        "due_on": str(today + dt.timedelta(days=10))})
    assert issued.status_code == 201, issued.text
    doc = issued.json()
    answered = chengguan.post(f"/api/audit/v1/followups/{doc['id']}/answer", json={"answer": ANSWER})
    assert answered.status_code == 200, answered.text
    # a regulator opens on the phone what it can: the phone app's links, and the admin app's in that app
    expected = reminders(lhasa)
    assert any(doc["number"] in r["title"] for r in expected), expected
    total, overdue = summed(lhasa)

    page = field_phone
    field_login(page, LHASA_USER)
    page.goto("/field/tasks")
    expect(page.get_by_test_id("task-list")).to_be_visible(timeout=SLOW)
    bell = page.get_by_test_id("reminder-bell")
    badge = page.get_by_test_id("reminder-badge")
    expect(badge.locator(".van-badge")).to_have_text(badge_text(total), timeout=SLOW)
    expect(badge).to_have_attribute("data-overdue", "true" if overdue else "false")
    assert page.evaluate(SERVICE_WORKER_READY), "the service worker never became active (is frontend/dist complete?)"
    viewport_shot(page, "field-reminders-bell")

    bell.click()
    expect(page).to_have_url(re.compile(r"/field/reminders$"))
    items = page.get_by_test_id("reminder-item")
    expect(items).to_have_count(len(expected), timeout=SLOW)
    mine = items.filter(has_text=doc["number"])
    expect(mine).to_contain_text("督办反馈待审核")
    expect(mine).to_contain_text("在管理端打开")
    if overdue:  # overdue first, tagged 已逾期
        expect(items.first.get_by_test_id("reminder-item-overdue")).to_contain_text("已逾期")
    expect(page.get_by_test_id("reminders-offline")).to_have_count(0)
    viewport_shot(page, "field-reminders")

    # Without a network the page (reloaded from the service worker) shows the list fetched last.
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("reminders-offline")).to_contain_text("离线，显示上次同步的提醒", timeout=SLOW)
    expect(items).to_have_count(len(expected))
    viewport_shot(page, "field-reminders-offline")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/field/tasks$"), timeout=SLOW)
    expect(badge.locator(".van-badge")).to_have_text(badge_text(total))  # the counts kept on the phone
    page.context.set_offline(False)

    # Back online, the review reminder opens the admin app on the document.
    bell.click()
    items.filter(has_text=doc["number"]).click()
    expect(page).to_have_url(re.compile(rf"/audit/followups\?open={doc['id']}$"), timeout=SLOW)
    expect(page.get_by_test_id("followup-drawer").get_by_test_id("followup-doc-number")).to_have_text(
        doc["number"], timeout=SLOW)

    # An enterprise user has the bell on 日常管控; its list holds the phone app's links only.
    page = phone
    client = api(gateway_url, ENTERPRISE)
    own = [r for r in reminders(client) if r["link"].startswith("field:")]
    field_login(page, ENTERPRISE)
    page.goto("/field/routines")
    expect(page.get_by_test_id("routines-today")).to_be_visible(timeout=SLOW)
    page.get_by_test_id("reminder-bell").click()
    expect(page).to_have_url(re.compile(r"/field/reminders$"))
    if own:
        expect(page.get_by_test_id("reminder-item")).to_have_count(len(own), timeout=SLOW)
    else:
        expect(page.get_by_test_id("reminders-empty")).to_be_visible(timeout=SLOW)
