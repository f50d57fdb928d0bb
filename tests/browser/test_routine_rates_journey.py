"""日常管控 in the admin app: the demo enterprise files its 风险管控清单 and a few 日管控 records (one
with a problem and a photo), a 周排查 report that closes the problem and the month's 月调度 minutes,
through the API as its phone would; a region officer opens 报告率, drills from the region down
through the prefecture, county and station to the unit and sees the same figures the API gives,
opens the unit's 日常管控 tab, reads a record in the drawer and returns it with a comment; the API
then shows the record returned. 停报主体 and the evidence beside checklist items 2.1–2.4 are looked
at on the way."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from browser_helpers import api, desktop_login, png_bytes, shot, unit_id
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

XUEYU = "拉萨雪域燃气具有限公司"  # the demo enterprise user's own unit, at 八廓所 (540102-01)
PATH = ["540100", "540102", "540102-01"]  # 拉萨市 → 城关区 → 八廓所
PROBLEM = "燃气灶具库房内两台样机熄火保护装置失灵（浏览器测试）"
COMMENT = "请补充熄火保护装置失灵样机的处置情况及照片后重新提交。"
ROUTINES = "/api/inspection/v1/routines"
SLOW = 20_000


def risk_list(ent: httpx.Client, eid: str) -> dict[str, Any]:
    """The unit's current list, made from the gas-appliance template's points if it has none yet."""
    current = ent.get(f"{ROUTINES}/units/{eid}/risk-list")
    if current.status_code == 200:
        return dict(current.json())
    assert current.status_code == 404, current.text
    made = ent.put(f"{ROUTINES}/units/{eid}/risk-list", json={
        "base_version": 0, "categories": ["gas_appliance"], "note": "依据燃气具品类模板制定（浏览器测试）",
        "items": [
            {"category": "gas_appliance", "risk": "燃气灶具熄火保护装置失效", "measures": "出厂前逐台点火检查熄火保护装置",
             "frequency": "daily", "owner": "质量安全员"},
            {"category": "gas_appliance", "risk": "燃气具气密性不合格", "measures": "逐台进行气密性试验并记录",
             "frequency": "daily", "owner": "检验员"},
            {"category": "gas_appliance", "risk": "原材料进货查验不全", "measures": "每周核对进货查验记录和合格证明",
             "frequency": "weekly", "owner": "质量安全总监"},
        ]})
    assert made.status_code == 200, made.text
    return dict(made.json())


def file(ent: httpx.Client, body: dict[str, Any], photo_item: str | None = None) -> dict[str, Any] | None:
    """Save and submit one record; None when its period is filed already (the stack is shared)."""
    rid = str(uuid.uuid4())
    saved = ent.put(f"{ROUTINES}/records/{rid}", json=body)
    if saved.status_code == 409 and saved.json()["code"] in ("ROUTINE_PERIOD_FILED", "ROUTINE_DRAFT_EXISTS"):
        return None
    assert saved.status_code == 200, saved.text
    if photo_item:
        up = ent.put(f"{ROUTINES}/records/{rid}/photos/{uuid.uuid4()}", params={"item_id": photo_item},
                     files={"file": ("现场照片.png", png_bytes((230, 140, 40)), "image/png")})
        assert up.status_code == 200, up.text
    done = ent.post(f"{ROUTINES}/records/{rid}/submit", json={"base_version": saved.json()["version"]})
    assert done.status_code == 200, done.text
    return dict(done.json())


def daily(rl: dict[str, Any], day: dt.date, problem_id: str | None = None) -> dict[str, Any]:
    items = [{"item_id": i["id"], "result": "ok"} for i in rl["items"] if i["frequency"] == "daily"]
    if problem_id:
        items[0] = {"item_id": items[0]["item_id"], "result": "problem", "problem": PROBLEM,
                    "action": "已将两台样机隔离封存，通知厂家检修", "fixed": False, "problem_id": problem_id}
    return {"kind": "daily", "period_start": str(day), "filled_by_name": "次仁（质量安全员）",
            "content": {"items": items, "note": "库房、生产线巡查完毕（浏览器测试）"}}


def percent(value: float | None) -> str:
    """As the page shows a rate (86.7%, 100%, — for nothing expected)."""
    if value is None:
        return "—"
    p = round(value * 1000) / 10
    return f"{p:.0f}%" if p == int(p) else f"{p:.1f}%"


def test_rates_drill_down_to_a_unit_and_return_a_record(desktop: Page, gateway_url: str) -> None:
    officer = api(gateway_url, "demo-region")
    eid = unit_id(officer, XUEYU)
    ent = api(gateway_url, "demo-enterprise")
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()

    # The unit files: its list, today's and the last three days' checks (one problem, with a photo),
    # this week's report closing the problem, this month's minutes. A day still to come is refused.
    rl = risk_list(ent, eid)
    future = ent.put(f"{ROUTINES}/records/{uuid.uuid4()}", json=daily(rl, today + dt.timedelta(days=1)))
    assert future.status_code == 422 and future.json()["code"] == "ROUTINE_FUTURE_PERIOD", future.text
    problem_id = str(uuid.uuid4())
    filed = {}
    for back in (3, 2, 1, 0):
        day = today - dt.timedelta(days=back)
        first_item = next(i["id"] for i in rl["items"] if i["frequency"] == "daily")
        rec = file(ent, daily(rl, day, problem_id if back == 2 else None), photo_item=first_item if back == 2 else None)
        if rec:
            filed[day] = rec
    if today not in filed:  # another test on this stack (the phone's offline filing) filed today already
        current = ent.get(f"{ROUTINES}/records", params={"kind": "daily", "first": str(today), "last": str(today),
                                                         "status": "submitted"}).json()["items"]
        assert current, "today's daily record is neither filed by this test nor found on the server"
        filed[today] = current[0]
    file(ent, {"kind": "weekly", "period_start": str(today), "filled_by_name": "卓玛（质量安全总监）", "content": {
        "analysis": "本周生产、库房总体受控，日管控发现熄火保护装置失灵一项，已整改。",
        "problems": [{"problem_id": problem_id, "description": PROBLEM, "analysis": "样机长期存放、元件老化",
                      "fixed": True, "measure": "更换熄火保护元件并复检合格"}],
        "fixed_summary": "熄火保护装置问题已整改并复检。", "remaining": "无"}})
    file(ent, {"kind": "monthly", "period_start": str(today), "filled_by_name": "卓玛（质量安全总监）", "content": {
        "meeting_date": str(today), "participants": [{"name": "扎西", "role": "主要负责人"},
                                                     {"name": "卓玛", "role": "质量安全总监"}],
        "director_report": "本月完成日管控、周排查，发现问题一项并已整改。",
        "decisions": [{"text": "库房样机每季度检修一次", "owner": "次仁", "due_on": str(today + dt.timedelta(days=30))}],
        "next_focus": "冬季燃气具安全使用宣传"}})

    page = desktop
    page.set_viewport_size({"width": 1440, "height": 1000})
    desktop_login(page, "demo-region")

    # 报告率 at the region: the 日常管控 menu group, the prefectures, the totals row.
    page.goto("/routines/rates")
    expect(page.get_by_role("menuitem", name="停报主体")).to_be_visible()
    table = page.get_by_test_id("rates-table")
    expect(table.get_by_test_id(f"rates-row-{PATH[0]}")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("rates-breadcrumb")).to_contain_text("西藏")
    expect(table.locator(".el-table__footer")).to_contain_text("合计")
    region = officer.get(f"{ROUTINES}/rates", params={"kind": "daily"}).json()
    expect(page.get_by_test_id("rates-summary")).to_contain_text(str(region["total"]["units"]))
    shot(page, "routine-rates-region")

    # Down to 拉萨市, 城关区, 八廓所: a station shows its units.
    for code in PATH:
        table.get_by_test_id(f"rates-row-{code}").click()
        expect(page).to_have_url(f"{gateway_url}/routines/rates?org={code}")
    unit_row = table.get_by_test_id(f"rates-row-{eid}")
    expect(unit_row).to_have_text(XUEYU, timeout=SLOW)
    expect(page.get_by_test_id("rates-breadcrumb")).to_contain_text("八廓")
    station = officer.get(f"{ROUTINES}/rates", params={"kind": "daily", "org": PATH[-1], "group": "units"}).json()
    mine = next(r for r in station["rows"] if r["code"] == eid)
    cells = table.locator("tr", has=page.get_by_test_id(f"rates-row-{eid}")).locator("td")
    shown = [c.strip() for c in cells.all_inner_texts()]
    assert shown == [XUEYU, str(mine["units"]), str(mine["expected"]), str(mine["actual"]), str(mine["on_time"]),
                     str(mine["missing"]), percent(mine["rate"]), percent(mine["on_time_rate"])], (shown, mine)
    shot(page, "routine-rates-station")

    # The unit's archive, tab 日常管控: figures, the calendar, the records.
    unit_row.click()
    expect(page).to_have_url(f"{gateway_url}/archive/enterprises/{eid}?tab=routines")
    tab = page.get_by_test_id("routine-tab")
    expect(tab.get_by_test_id("routine-figures")).to_be_visible(timeout=SLOW)
    day = today - dt.timedelta(days=2)
    if day.month == today.month:
        expect(tab.get_by_test_id(f"calendar-day-{day}")).to_contain_text("问题 1")
    expect(tab.get_by_test_id("routine-problems")).to_contain_text(PROBLEM)
    expect(tab.get_by_test_id("routine-problems")).to_contain_text("已整改")
    expect(tab.get_by_test_id("risk-list-items")).to_contain_text("熄火保护")
    records = tab.get_by_test_id("routine-records")
    expect(records).to_contain_text("每周排查治理报告")
    page.set_viewport_size({"width": 1440, "height": 2700})  # the whole tab (the layout scrolls inside)
    shot(page, "routine-unit-tab")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # The problem day's record in the drawer: the item with its problem and photo, the revisions.
    if day in filed:
        records.get_by_test_id(f"routine-record-daily-{day}").click()
        drawer = page.get_by_test_id("record-drawer")
        expect(drawer.get_by_test_id("record-daily-items")).to_contain_text(PROBLEM)
        expect(drawer.get_by_test_id("record-daily-items").locator(".el-image img")).to_have_count(1, timeout=SLOW)
        shot(page, "routine-record-drawer")
        drawer.locator(".el-drawer__close-btn").click()
        expect(drawer).to_be_hidden()

    # Today's record, returned with a comment from the drawer.
    target = filed[today]
    records.get_by_test_id(f"routine-record-daily-{today}").click()
    drawer = page.get_by_test_id("record-drawer")
    expect(drawer.get_by_test_id("drawer-status")).to_have_text("已提交")
    # this test's note, or (filed by the phone's test on this stack) the record's own count of checks
    expect(drawer.get_by_test_id("record-content")).to_contain_text(target["content"].get("note") or "共检查")
    drawer.get_by_test_id("drawer-return").click()
    dialog = page.get_by_test_id("return-dialog")
    dialog.get_by_test_id("return-submit").click()
    expect(dialog).to_contain_text("请填写退回意见")  # a comment is required
    dialog.get_by_test_id("return-comment").fill(COMMENT)
    shot(page, "routine-return-dialog")
    dialog.get_by_test_id("return-submit").click()
    expect(dialog).to_be_hidden()
    expect(drawer.get_by_test_id("drawer-status")).to_have_text("已退回")
    expect(drawer.get_by_test_id("drawer-return-comment")).to_contain_text(COMMENT)
    expect(drawer.get_by_test_id("drawer-return")).to_have_count(0)
    expect(drawer.get_by_test_id("drawer-revisions")).to_contain_text(COMMENT)
    shot(page, "routine-record-returned")

    back = officer.get(f"{ROUTINES}/records/{target['id']}")
    assert back.status_code == 200, back.text
    body = back.json()
    assert (body["status"], body["return_comment"], body["returned_by"]) == ("returned", COMMENT, "demo-region")
    drawer.locator(".el-drawer__close-btn").click()
    expect(records.locator("tr", has=page.get_by_test_id(f"routine-record-daily-{today}"))).to_contain_text("已退回")

    # 停报主体: the page and its filters (units archived today owe nothing yet, so it may be empty).
    page.goto("/routines/lapsed?periods=2")
    expect(page.get_by_test_id("lapsed-note")).to_contain_text("连续 2 天", timeout=SLOW)
    lapsed = officer.get(f"{ROUTINES}/lapsed", params={"periods": 2}).json()
    expect(page.get_by_test_id("lapsed-note")).to_contain_text(f"共 {lapsed['total']} 家")
    shot(page, "routine-lapsed")

    # The inspector's checklist: the unit's own filings beside items 2.1–2.4.
    inspector = api(gateway_url, "demo-chengguan-station")
    iid = str(uuid.uuid4())
    draft = inspector.put(f"/api/inspection/v1/inspections/{iid}", json={
        "enterprise_id": eid, "base_version": 0, "inspected_on": str(today), "items": []})
    assert draft.status_code == 200, draft.text
    evidence = officer.get(f"{ROUTINES}/units/{eid}/evidence").json()["summary"]
    page.goto(f"/inspection/records/{iid}")
    for no in ("2.1", "2.4"):
        expect(page.get_by_test_id(f"record-hint-{no}")).to_contain_text(evidence[no], timeout=SLOW)
    page.get_by_test_id("record-hint-2.1").scroll_into_view_if_needed()
    shot(page, "routine-checklist-evidence")
