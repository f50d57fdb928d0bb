"""现场检查 on a phone without a network: a station inspector opens a unit, starts its checklist,
loses the network, fills every item (one 否 with a remark and a photo), signs both pads and
submits; the work survives a reload while still offline and reaches the server exactly once when
the network is back. A second phone edit against a copy changed meanwhile shows the conflict
screen instead of overwriting the server's copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import api, field_login, shot, small_png, unit_id, viewport_shot
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

# Seeded in 城关区 (registry.seed DEMO_UNITS); both belong to 八廓所, the station inspector's unit.
BAKUO = "城关区八廓街烟花爆竹经营部"  # retail: 附件5-2
XUEYU = "拉萨雪域燃气具有限公司"  # production: 附件5-1
INSPECTOR = "demo-chengguan-station"
FINDING = "未配备质量安全员，现场无人负责日管控（浏览器离线测试）"
SLOW = 20_000
SYNC = 45_000


def open_unit_and_start(page: Page, search: str, name: str) -> str:
    """查企业 → the unit's page → 开始检查; returns the inspection's id (made on the phone)."""
    page.get_by_test_id("field-tabbar").get_by_text("查企业").click()
    box = page.get_by_test_id("field-enterprise-search")
    box.fill(search)
    box.press("Enter")
    page.get_by_text(name).click()
    expect(page.get_by_test_id("field-enterprise-detail")).to_contain_text(name)
    page.get_by_test_id("field-start-inspection").click()
    expect(page.get_by_test_id("inspection-unit")).to_have_text(name, timeout=SLOW)
    match = re.search(r"/field/inspections/([0-9a-f-]{36})", page.url)
    assert match, page.url
    return match.group(1)


def sign(page: Page, who: str) -> None:
    page.get_by_test_id(f"sign-{who}").click()
    canvas = page.get_by_test_id("signature-canvas")
    expect(canvas).to_be_visible()
    page.wait_for_timeout(400)  # the popup slides in
    box = canvas.bounding_box()
    assert box is not None
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 22, y + (18 if step % 2 else -18), steps=3)
    page.mouse.up()
    page.get_by_test_id("signature-confirm").click()
    expect(page.get_by_test_id("signature-popup")).to_be_hidden()
    expect(page.get_by_test_id(f"sign-{who}").get_by_test_id("signature-image")).to_be_visible()


def test_offline_inspection_survives_reload_and_syncs_once(field_phone: Page, gateway_url: str, tmp_path: Path) -> None:
    page = field_phone
    photo = small_png(tmp_path / "现场照片.png", (200, 40, 40))
    client = api(gateway_url, INSPECTOR)
    eid = unit_id(client, BAKUO)

    field_login(page, INSPECTOR)
    expect(page.get_by_test_id("task-list")).to_be_visible()
    inspection_id = open_unit_and_start(page, "八廓街", BAKUO)
    expect(page.get_by_test_id("sync-status")).to_have_text("已同步", timeout=SLOW)
    # The app shell is kept by the service worker before the network goes.
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    viewport_shot(page, "field-inspection-start")

    page.context.set_offline(True)
    expect(page.get_by_test_id("sync-status")).to_contain_text("离线")

    page.get_by_test_id("inspection-department").fill("经营部")
    page.get_by_test_id("inspection-contact").fill("扎西 13908900000")
    items = page.get_by_test_id("checklist-item")
    count = items.count()
    assert count >= 10
    for index in range(count):
        items.nth(index).get_by_test_id("answer-yes").click()
    finding_item = items.nth(1)
    finding_no = finding_item.get_attribute("data-item-no")
    assert finding_no
    finding_item.get_by_test_id("answer-no").click()
    finding_item.get_by_test_id("item-remark").fill(FINDING)
    finding_item.get_by_test_id("photo-input").set_input_files(str(photo))
    expect(finding_item.get_by_test_id("item-photo")).to_have_count(1)
    expect(finding_item.get_by_test_id("item-photo")).to_contain_text("待上传")
    expect(page.get_by_test_id("inspection-progress")).to_contain_text(f"已填 {count} / {count} 项")
    expect(page.get_by_test_id("inspection-progress")).to_contain_text("发现问题 1 项")
    finding_item.scroll_into_view_if_needed()
    viewport_shot(page, "field-inspection-offline")

    sign(page, "inspector")
    sign(page, "representative")
    page.get_by_test_id("inspection-submit").click()
    dialog = page.locator(".van-dialog")
    expect(dialog).to_contain_text("1 项将生成整改通知")
    dialog.locator(".van-dialog__confirm").click()
    expect(page.get_by_test_id("submitted-banner")).to_contain_text("联网后自动发送")
    expect(page.get_by_test_id("sync-status")).to_contain_text("待同步")
    expect(page.get_by_test_id("inspection-submit")).to_have_count(0)  # locked once submitted
    page.wait_for_timeout(500)
    viewport_shot(page, "field-inspection-pending")

    # Still offline: the page reloads from the service worker and the record from IndexedDB.
    page.reload()
    expect(page.get_by_test_id("inspection-unit")).to_have_text(BAKUO, timeout=SLOW)
    expect(page.get_by_test_id("sync-status")).to_contain_text("离线")
    expect(page.get_by_test_id("sync-status")).to_contain_text("待同步")
    expect(page.get_by_test_id("submitted-banner")).to_be_visible()
    expect(page.locator('[data-testid="checklist-item"][data-result="yes"]')).to_have_count(count - 1)
    no_item = page.locator(f'[data-testid="checklist-item"][data-item-no="{finding_no}"]')
    expect(no_item).to_have_attribute("data-result", "no")
    expect(no_item.get_by_test_id("item-remark")).to_have_value(FINDING)
    expect(no_item.get_by_test_id("item-photo")).to_have_count(1)
    expect(page.get_by_test_id("signature-image")).to_have_count(2)

    # The tasks tab lists it as waiting, with the outbox count on the tab.
    page.goto("/field/tasks")
    record = page.get_by_test_id(f"local-record-{eid}")
    expect(record).to_contain_text("待同步", timeout=SLOW)
    expect(page.get_by_test_id("tab-tasks")).to_contain_text(re.compile(r"\d"))
    shot(page, "field-inspection-outbox")

    page.context.set_offline(False)
    expect(page.get_by_test_id("sync-status")).to_have_text("已同步", timeout=SYNC)
    expect(record).to_contain_text("已提交", timeout=SLOW)
    record.click()
    expect(page.get_by_test_id("sync-status")).to_have_text("已同步", timeout=SLOW)
    expect(page.get_by_test_id("submitted-banner")).to_contain_text("已提交到服务器")
    expect(page.get_by_test_id("submitted-banner")).to_contain_text("发现问题 1 项")
    viewport_shot(page, "field-inspection-synced")

    # On the server: one inspection (no duplicate from retries), one photo, two signatures, one notice.
    listed = client.get("/api/inspection/v1/inspections", params={"enterprise_id": eid}).json()
    assert listed["total"] == 1, listed
    stored = listed["items"][0]
    assert stored["id"] == inspection_id
    assert stored["status"] == "submitted"
    assert stored["responsible_department"] == "经营部"
    assert stored["findings"] == 1
    assert {i["item_no"]: i["result"] for i in stored["items"]}[finding_no] == "no"
    photos = client.get(f"/api/inspection/v1/inspections/{inspection_id}/photos").json()
    by_item = sorted(p["item_no"] for p in photos)
    assert by_item == sorted([finding_no, "sig:insp", "sig:rep"]), photos
    assert next(p for p in photos if p["item_no"] == finding_no)["content_type"] == "image/png"
    notices = client.get("/api/inspection/v1/rectifications", params={"enterprise_id": eid}).json()["items"]
    mine = [n for n in notices if n["inspection_id"] == inspection_id]
    assert [(n["item_no"], n["finding"], n["status"]) for n in mine] == [(finding_no, FINDING, "open")]


def test_conflicting_change_shows_conflict_and_keeps_server_copy(field_phone: Page, gateway_url: str) -> None:
    page = field_phone
    client = api(gateway_url, INSPECTOR)
    eid = unit_id(client, XUEYU)

    field_login(page, INSPECTOR)
    inspection_id = open_unit_and_start(page, "雪域燃气", XUEYU)
    expect(page.get_by_test_id("sync-status")).to_have_text("已同步", timeout=SLOW)
    # items 2.1–2.4 carry the unit's own routine filings for the inspector to check against
    hint = page.locator('[data-testid="checklist-item"][data-item-no="2.1"]').get_by_test_id("item-hint")
    expect(hint).to_contain_text("近 90 天")

    # Meanwhile the same inspection is changed elsewhere, from the version the phone started from.
    server = client.get(f"/api/inspection/v1/inspections/{inspection_id}").json()
    assert server["version"] == 1
    first, second = server["items"][0]["item_no"], server["items"][1]["item_no"]
    body = {
        "enterprise_id": eid, "task_id": None, "base_version": 1, "inspected_on": server["inspected_on"],
        "items": [{"item_no": first, "result": "no", "remark": "别处修改：制度未上墙"}],
    }
    changed = client.put(f"/api/inspection/v1/inspections/{inspection_id}", json=body)
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2

    # The phone answers another item and saves from version 1: the conflict screen, not an overwrite.
    items = page.get_by_test_id("checklist-item")
    items.nth(0).get_by_test_id("answer-yes").click()
    items.nth(1).get_by_test_id("answer-na").click()
    page.get_by_test_id("inspection-save").click()
    panel = page.get_by_test_id("conflict-panel")
    expect(panel).to_be_visible(timeout=SYNC)
    expect(panel).to_contain_text("已在别处修改")
    differences = page.get_by_test_id("conflict-differences")
    expect(differences).to_contain_text("别处修改：制度未上墙")
    expect(differences).to_contain_text("不适用")
    expect(page.get_by_test_id("sync-status")).to_contain_text("有冲突")
    expect(page.get_by_test_id("inspection-save")).to_have_count(0)  # the form waits for a decision
    panel.scroll_into_view_if_needed()
    viewport_shot(page, "field-inspection-conflict")

    stored = client.get(f"/api/inspection/v1/inspections/{inspection_id}").json()
    assert stored["version"] == 2
    results = {i["item_no"]: (i["result"], i["remark"]) for i in stored["items"]}
    assert results[first] == ("no", "别处修改：制度未上墙")
    assert results[second] == (None, None)

    # Re-applying this phone's answers saves them on top of version 2, as a new version.
    page.get_by_test_id("conflict-reapply").click()
    expect(panel).to_be_hidden(timeout=SYNC)
    expect(page.get_by_test_id("sync-status")).to_have_text("已同步", timeout=SYNC)
    merged = client.get(f"/api/inspection/v1/inspections/{inspection_id}").json()
    assert merged["version"] == 3
    results = {i["item_no"]: i["result"] for i in merged["items"]}
    assert results[first] == "yes"  # changed on the phone since version 1: the phone's answer
    assert results[second] == "na"
    assert merged["status"] == "draft"
