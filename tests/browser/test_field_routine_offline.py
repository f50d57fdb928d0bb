"""日管控 on the enterprise user's phone without a network: the demo enterprise user makes its
风险管控清单 from the category templates, loses the network, fills today's 每日检查记录 (one
problem, with a photo from the camera), submits, and the record survives a reload while still
offline; when the network is back the server has exactly one submitted daily record for the day
with one photo. The record is listed as 已提交, with no delete button."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from browser_helpers import api, field_login, shot, small_png, viewport_shot
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

ENTERPRISE = "demo-enterprise"  # 拉萨雪域燃气具有限公司, the registry demo seed's first unit
FILLED_BY = "次仁（质量安全员）"
PROBLEM = "燃气灶熄火保护装置抽检 1 台失效（浏览器离线测试）"
ACTION = "该批次暂停出厂，逐台复检熄火保护装置"
SLOW = 20_000
SYNC = 45_000
# navigator.serviceWorker.ready never settles when the worker fails to install: give up after 20 s.
SERVICE_WORKER_READY = """Promise.race([
  navigator.serviceWorker.ready.then((r) => !!r.active),
  new Promise((resolve) => setTimeout(() => resolve(false), 20000)),
])"""


def own_unit(client: httpx.Client) -> str:
    """The enterprise user's unit, once the inspection service has it (it follows the registry by events)."""
    eid = client.get("/api/auth/v1/me").json()["enterprise_id"]
    assert eid
    deadline = time.time() + 30
    while client.get("/api/inspection/v1/routines/due").status_code != 200:
        assert time.time() < deadline, "the enterprise never reached the inspection service"
        time.sleep(0.5)
    return str(eid)


def test_offline_daily_record_syncs_once(field_phone: Page, gateway_url: str, tmp_path: Path) -> None:
    page = field_phone
    photo = small_png(tmp_path / "熄火保护装置.png", (230, 140, 40))
    client = api(gateway_url, ENTERPRISE)
    eid = own_unit(client)
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()  # the service's business date

    field_login(page, ENTERPRISE)
    page.get_by_test_id("tab-routines").click()
    expect(page.get_by_test_id("routines-no-list")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("routines-fill-today")).to_be_disabled()

    # 风险管控清单 from the templates: the unit's own category (燃气具) is offered, with 通用.
    page.get_by_test_id("routines-make-list").click()
    templates = page.get_by_test_id("list-templates")
    expect(templates.get_by_test_id("template-gas_appliance")).to_contain_text("本单位品类")
    expect(templates.get_by_test_id("template-gas_appliance").locator(".van-checkbox__icon--checked")).to_have_count(1)
    expect(templates.get_by_test_id("template-general").locator(".van-checkbox__icon--checked")).to_have_count(1)
    viewport_shot(page, "field-routine-list-templates")
    page.get_by_test_id("list-use-templates").click()
    items = page.get_by_test_id("list-edit-item")
    expect(items).to_have_count(12)
    items.nth(0).get_by_test_id("list-item-owner").fill("生产部 罗布")
    page.get_by_test_id("list-save").click()
    expect(page.locator(".van-toast")).to_contain_text("已保存为第 1 版")
    expect(page.get_by_test_id("list-summary")).to_contain_text("第 1 版")
    daily_items = page.locator('[data-testid="list-item"][data-frequency="daily"]').count()
    assert daily_items >= 5
    viewport_shot(page, "field-routine-list")
    stored = client.get(f"/api/inspection/v1/routines/units/{eid}/risk-list").json()
    assert stored["version"] == 1 and stored["daily_items"] == daily_items
    assert "gas_appliance" in stored["categories"]

    # Home: nothing filed today; the app shell is kept by the service worker before the network goes.
    page.goto("/field/routines")
    expect(page.get_by_test_id("routines-today")).to_have_attribute("data-state", "none", timeout=SLOW)
    expect(page.get_by_test_id("routine-calendar")).to_be_visible()
    assert page.evaluate(SERVICE_WORKER_READY), "the service worker never became active (is frontend/dist complete?)"
    viewport_shot(page, "field-routine-home")

    page.context.set_offline(True)
    expect(page.get_by_test_id("sync-status")).to_contain_text("离线")
    page.get_by_test_id("routines-fill-today").click()
    expect(page.get_by_test_id("daily-form")).to_be_visible(timeout=SLOW)
    match = re.search(r"/field/routines/records/([0-9a-f-]{36})", page.url)
    assert match, page.url
    record_id = match.group(1)

    page.get_by_test_id("record-filled-by").fill(FILLED_BY)
    checks = page.get_by_test_id("daily-item")
    expect(checks).to_have_count(daily_items)
    expect(page.get_by_test_id("daily-progress")).to_contain_text(f"已检查 0 / {daily_items} 项")
    page.get_by_test_id("daily-all-ok").click()  # the zero-risk shortcut
    expect(page.get_by_test_id("daily-progress")).to_contain_text(f"已检查 {daily_items} / {daily_items} 项")
    finding = checks.nth(0)
    finding.get_by_test_id("daily-answer-problem").click()
    finding.get_by_test_id("daily-problem-text").fill(PROBLEM)
    finding.get_by_test_id("daily-action").fill(ACTION)
    finding.get_by_test_id("daily-photo-input").set_input_files(str(photo))
    expect(finding.get_by_test_id("daily-photo")).to_have_count(1)
    expect(finding.get_by_test_id("daily-photo")).to_contain_text("待上传")
    expect(page.get_by_test_id("daily-progress")).to_contain_text("发现问题 1 项")
    finding.scroll_into_view_if_needed()
    viewport_shot(page, "field-routine-daily-offline")

    page.get_by_test_id("record-submit").click()
    dialog = page.locator(".van-dialog")
    expect(dialog).to_contain_text("提交后不能修改或删除")
    dialog.locator(".van-dialog__confirm").click()
    expect(page.get_by_test_id("record-submitted")).to_contain_text("联网后自动发送")
    expect(page.get_by_test_id("record-submit")).to_have_count(0)  # locked once submitted
    expect(page.get_by_test_id("sync-status")).to_contain_text("待同步")
    viewport_shot(page, "field-routine-daily-pending")

    # Still offline: the page reloads from the service worker and the record from IndexedDB.
    page.reload()
    expect(page.get_by_test_id("record-submitted")).to_contain_text("联网后自动发送", timeout=SLOW)
    expect(page.locator('[data-testid="daily-item"][data-result="problem"]')).to_have_count(1)
    expect(page.locator('[data-testid="daily-item"][data-result="ok"]')).to_have_count(daily_items - 1)
    expect(page.get_by_test_id("daily-photo")).to_have_count(1)
    expect(page.get_by_test_id("record-filled-by")).to_have_value(FILLED_BY)

    page.context.set_offline(False)
    expect(page.get_by_test_id("sync-status")).to_have_text("已同步", timeout=SYNC)
    expect(page.get_by_test_id("record-submitted")).to_contain_text("已提交到服务器", timeout=SLOW)
    expect(page.get_by_test_id("daily-photo")).to_contain_text("已上传")
    viewport_shot(page, "field-routine-daily-synced")

    # On the server: one submitted daily record for today (no duplicate from retries), one photo.
    listed = client.get("/api/inspection/v1/routines/records",
                        params={"kind": "daily", "first": today, "last": today}).json()
    assert listed["total"] == 1, listed
    record = listed["items"][0]
    assert record["id"] == record_id
    assert record["status"] == "submitted"
    assert record["filled_by_name"] == FILLED_BY
    assert record["problem_count"] == 1
    assert len(record["photos"]) == 1, record["photos"]
    answers = record["content"]["items"]
    assert len(answers) == daily_items
    problem = next(i for i in answers if i["result"] == "problem")
    assert problem["problem"] == PROBLEM and problem["action"] == ACTION
    assert problem["photo_ids"] == [record["photos"][0]["id"]]
    assert record["photos"][0]["item_id"] == problem["item_id"]
    assert record["photos"][0]["content_type"] == "image/png"
    problems = client.get(f"/api/inspection/v1/routines/units/{eid}/problems", params={"closed": "false"}).json()
    assert [p["description"] for p in problems] == [PROBLEM]

    # 我的记录: 已提交, and a filed record has no delete button.
    page.goto("/field/routines/records")
    card = page.locator(f'[data-testid="record-card"][data-record-id="{record_id}"]')
    expect(card.get_by_test_id("record-card-status")).to_have_text("已提交", timeout=SLOW)
    expect(card.get_by_test_id("record-card-delete")).to_have_count(0)
    expect(page.get_by_test_id("record-card-delete")).to_have_count(0)
    shot(page, "field-routine-records")

    # Home: today's record is filed, and the calendar says so.
    page.goto("/field/routines")
    expect(page.get_by_test_id("routines-today")).to_have_attribute("data-state", "submitted", timeout=SLOW)
    expect(page.get_by_test_id(f"calendar-day-{today}")).to_have_attribute("data-state", re.compile("on_time|filed_extra"))
    shot(page, "field-routine-home-filed")


def ensure_risk_list(client: httpx.Client, eid: str) -> None:
    """The unit's list, made through the API when this test runs on its own."""
    if client.get(f"/api/inspection/v1/routines/units/{eid}/risk-list").status_code == 200:
        return
    templates = client.get("/api/inspection/v1/routines/templates").json()
    items = [dict(i, category=t["category"]) for t in templates if t["category"] in ("gas_appliance", "general")
             for i in t["items"]]
    saved = client.put(f"/api/inspection/v1/routines/units/{eid}/risk-list",
                       json={"base_version": 0, "categories": ["gas_appliance", "general"], "items": items})
    assert saved.status_code == 200, saved.text


def test_day_filed_elsewhere_while_offline_is_a_conflict(field_phone: Page, gateway_url: str) -> None:
    """The phone files yesterday offline; meanwhile another device files the same day. Back online,
    the phone shows the conflict and the server's record stays as it was until the user decides;
    the user's choice (作为更正提交) then files the phone's record as the correction."""
    page = field_phone
    client = api(gateway_url, ENTERPRISE)
    eid = own_unit(client)
    ensure_risk_list(client, eid)
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    day = (today - dt.timedelta(days=1)).isoformat()

    field_login(page, ENTERPRISE)
    page.get_by_test_id("tab-routines").click()
    expect(page.get_by_test_id("routine-calendar")).to_be_visible(timeout=SLOW)
    if day[:7] != today.isoformat()[:7]:
        page.get_by_test_id("calendar-prev").click()  # fetched (and kept) while online
    expect(page.get_by_test_id(f"calendar-day-{day}")).to_be_enabled(timeout=SLOW)
    assert page.evaluate(SERVICE_WORKER_READY), "the service worker never became active (is frontend/dist complete?)"

    page.context.set_offline(True)
    page.get_by_test_id(f"calendar-day-{day}").click()
    expect(page.get_by_test_id("daily-form")).to_be_visible(timeout=SLOW)
    record_id = page.url.rsplit("/", 1)[1]
    page.get_by_test_id("record-filled-by").fill(FILLED_BY)
    page.get_by_test_id("daily-all-ok").click()
    page.get_by_test_id("record-submit").click()
    page.locator(".van-dialog__confirm").click()
    expect(page.get_by_test_id("record-submitted")).to_contain_text("联网后自动发送")

    # Meanwhile another device files the same day.
    daily = [i for i in client.get(f"/api/inspection/v1/routines/units/{eid}/risk-list").json()["items"]
             if i["frequency"] == "daily"]
    other = str(uuid.uuid4())
    saved = client.put(f"/api/inspection/v1/routines/records/{other}", json={
        "kind": "daily", "period_start": day, "filled_by_name": "另一台手机",
        "content": {"items": [{"item_id": i["id"], "result": "ok"} for i in daily]}})
    assert saved.status_code == 200, saved.text
    assert client.post(f"/api/inspection/v1/routines/records/{other}/submit",
                       json={"base_version": saved.json()["version"]}).status_code == 200

    page.context.set_offline(False)
    conflict = page.get_by_test_id("routine-conflict")
    expect(conflict).to_be_visible(timeout=SYNC)
    expect(conflict).to_have_attribute("data-code", "ROUTINE_PERIOD_FILED")
    expect(conflict).to_contain_text("已经提交；如需更正，请提交更正版本")
    expect(page.get_by_test_id("sync-status")).to_contain_text("有冲突")
    conflict.scroll_into_view_if_needed()
    viewport_shot(page, "field-routine-conflict")
    filed = client.get("/api/inspection/v1/routines/records", params={"kind": "daily", "first": day, "last": day}).json()
    assert [(r["id"], r["status"], r["filled_by_name"]) for r in filed["items"]] == [(other, "submitted", "另一台手机")]

    # The user's decision: the phone's record becomes the correction of the one filed elsewhere.
    page.get_by_test_id("conflict-asCorrection").click()
    expect(conflict).to_be_hidden(timeout=SYNC)
    expect(page.get_by_test_id("record-submitted")).to_contain_text("已提交到服务器", timeout=SYNC)
    filed = client.get("/api/inspection/v1/routines/records", params={"kind": "daily", "first": day, "last": day}).json()
    rows = {r["id"]: (r["revision"], r["status"], r["supersedes"]) for r in filed["items"]}
    assert rows == {other: (1, "superseded", None), record_id: (2, "submitted", other)}, rows
