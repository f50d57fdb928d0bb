"""监督检查 follow-ups in the admin app: the region administrator adds a question to the bank, retires
it (shown muted with 显示已停用) and restores it; a county officer organises a 监督抽查考核 (the pool
to draw from shown first, seed shown and recorded), records paper scores, publishes (the failure
becomes a rectification notice on the unit), verifies the draw (一致); orders a recall with a
completion deadline, reports progress, closes it; records a technical-assistance visit; refers a
violation and registers the case number."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator

import httpx
import pytest
from browser_helpers import api, desktop_login, shot, unit_id
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

XUEYU = "拉萨雪域燃气具有限公司"  # a producer of 城关区 (gas appliances)
CHENGGUAN = "540102"
DIRECTOR = "索朗旺堆"
OFFICER = "白玛央金"
STEM = "家用燃气灶具熄火保护装置的作用是（浏览器测试）："
OPTIONS = ["火焰意外熄灭时自动切断燃气", "定时关火", "调节火力大小", "点火"]
SEED = "20260315"
TITLE = "2026年第一季度质量安全总监、质量安全员监督抽查考核（浏览器测试）"
PRODUCT = "JZ-2 型家用燃气灶（批次 20260301）"
LATE_PRODUCT = "JZ-1 型家用燃气灶（批次 20251001）"
DEFECT = "熄火保护装置在火焰熄灭后 60 秒内未能关闭燃气阀门，存在燃气泄漏风险（浏览器测试）"
PROGRESS = "已通知 12 家经销商停止销售并下架，已召回 120 台"
CLOSING = "缺陷产品已全部召回并销毁，经现场核查同意结束召回"
PROBLEMS = "出厂检验未覆盖熄火保护装置的关阀时间（浏览器测试）"
MEASURES = ["增加熄火保护关阀时间的逐台检验", "对检验员开展 GB 16410 培训"]
VIOLATION = "未按规定配备质量安全员，未建立日管控、周排查、月调度工作机制（浏览器测试）"
REFERRED_TO = "城关区市场监管局执法大队"
CASE_NO = "拉城市监立〔2026〕12号"
DECLINED = "未建立质量安全日管控记录（浏览器测试，不予立案）"
DECLINED_OUTCOME = "经审查违法事实不成立，不予立案，退回监管部门督促整改"
SLOW = 20_000


def pool(client: httpx.Client) -> tuple[int, int]:
    """Directors and officers on duty in 城关区 that the inspection service can draw from."""
    resp = client.get("/api/inspection/v1/assessments/pool", params={"org": CHENGGUAN})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["org"] == CHENGGUAN, body
    return body["directors"], body["officers"]


def appoint_two(client: httpx.Client, eid: str) -> tuple[int, int]:
    """A director and an officer at the unit, mirrored to the inspection service's roster."""
    directors, officers = pool(client)
    for role, name in (("director", DIRECTOR), ("officer", OFFICER)):
        resp = client.post(f"/api/registry/v1/enterprises/{eid}/personnel", json={"role": role, "name": name})
        assert resp.status_code == 201, resp.text
    deadline = time.time() + 30
    while (now := pool(client)) != (directors + 1, officers + 1):
        assert time.time() < deadline, f"the appointments never reached the inspection service: {now}"
        time.sleep(0.5)
    return now


def pick(page: Page, select: Locator, option: str, typed: str | None = None) -> None:
    """Open an Element Plus select, optionally type to search, and click the option."""
    select.locator(".el-select__wrapper").click()
    if typed:
        page.keyboard.type(typed)
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


@pytest.fixture
def admin_page(browser: Browser, gateway_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", base_url=gateway_url)
    yield context.new_page()
    context.close()


def test_question_bank_assessment_and_followups(desktop: Page, admin_page: Page, gateway_url: str) -> None:
    officer = api(gateway_url, "demo-chengguan")
    eid = unit_id(officer, XUEYU)
    directors, officers = appoint_two(officer, eid)
    people = directors + officers

    # 考核题库: the region administrator adds a product question (gas appliances), answer A.
    admin = admin_page
    desktop_login(admin, "demo-region")
    admin.goto("/inspection/questions")
    expect(admin.get_by_test_id("questions-table")).to_contain_text("两个规定", timeout=SLOW)  # the seeded bank
    admin.get_by_test_id("questions-create").click()
    dialog = admin.get_by_test_id("question-dialog")
    dialog.get_by_test_id("question-category-product").click()
    pick(admin, dialog.get_by_test_id("question-tag"), "燃气具")
    dialog.get_by_test_id("question-stem-input").fill(STEM)
    for i, text in enumerate(OPTIONS):
        dialog.get_by_test_id(f"question-option-{i}").fill(text)
    dialog.get_by_test_id("question-answer-0").click()
    shot(admin, "inspection-question-dialog")
    dialog.get_by_test_id("question-submit").click()
    expect(dialog).to_be_hidden()
    admin.goto("/inspection/questions?category=product")
    row = admin.get_by_test_id("questions-table").locator("tr", has_text=STEM)
    expect(row).to_be_visible(timeout=SLOW)
    expect(row).to_contain_text("燃气具")
    expect(row.get_by_test_id("question-answer")).to_have_count(1)
    expect(row.locator(".options__item--right")).to_contain_text(OPTIONS[0])
    expect(row).to_contain_text("demo-region")  # who added it
    shot(admin, "inspection-questions")
    bank = officer.get("/api/inspection/v1/questions", params={"category": "product"}).json()
    added = next(q for q in bank if q["stem"] == STEM)
    assert (added["product_tag"], added["options"], added["answer"], added["created_by"]) == (
        "gas_appliance", OPTIONS, 0, "demo-region")

    # Retired (no longer drawn; the confirmation says drawn papers keep it), shown muted with 显示已停用,
    # then restored.
    row.get_by_test_id("question-retire").click()
    confirm = admin.locator(".el-message-box")
    expect(confirm).to_contain_text("已经组好的试卷保留该题")
    shot(admin, "inspection-question-retire")
    confirm.get_by_role("button", name="停用").click()
    expect(row).to_have_count(0, timeout=SLOW)
    assert all(q["stem"] != STEM for q in officer.get("/api/inspection/v1/questions").json())
    admin.get_by_test_id("questions-include-retired").click()
    expect(admin).to_have_url(re.compile(r"retired=1"))
    expect(row).to_be_visible(timeout=SLOW)
    expect(row).to_have_class(re.compile("row--retired"))
    expect(row.get_by_test_id("question-retired")).to_have_text("已停用")
    shot(admin, "inspection-questions-retired")
    row.get_by_test_id("question-restore").click()
    confirm = admin.locator(".el-message-box")
    expect(confirm).to_contain_text("重新参与")
    confirm.get_by_role("button", name="恢复").click()
    expect(row.get_by_test_id("question-retire")).to_be_visible(timeout=SLOW)
    expect(row.get_by_test_id("question-retired")).to_have_count(0)
    expect(row).not_to_have_class(re.compile("row--retired"))
    assert any(q["stem"] == STEM and q["active"] for q in officer.get("/api/inspection/v1/questions").json())

    # A county officer reads the bank but may not add to it.
    page = desktop
    page.set_viewport_size({"width": 1440, "height": 1000})
    desktop_login(page, "demo-chengguan")
    page.goto("/inspection/questions")
    expect(page.get_by_test_id("questions-table")).to_contain_text(STEM, timeout=SLOW)
    expect(page.get_by_test_id("questions-create")).to_have_count(0)
    expect(page.get_by_test_id("question-retire")).to_have_count(0)

    # 监督抽查考核: everyone in 城关区's roster, drawn with a given seed.
    page.goto("/inspection/assessments")
    expect(page.get_by_role("menuitem", name=re.compile("监督抽查考核"))).to_be_visible()
    page.get_by_test_id("assessments-create").click()
    dialog = page.get_by_test_id("assessment-dialog")
    expect(dialog.get_by_test_id("assessment-pool-info")).to_contain_text(
        f"可抽取：质量安全总监 {directors} 人，质量安全员 {officers} 人", timeout=SLOW)
    dialog.get_by_test_id("assessment-title").fill(TITLE)
    people_input = dialog.get_by_test_id("assessment-people").locator("input")
    people_input.fill(str(people))
    people_input.press("Tab")
    # Directors only: fewer than the people asked for, so a warning and no submitting.
    dialog.get_by_test_id("assessment-role-officer").click()
    warning = dialog.get_by_test_id("assessment-pool-warning")
    expect(warning).to_contain_text(f"拟抽取 {people} 人，超过所选人员的可抽取人数（{directors} 人）")
    expect(dialog.get_by_test_id("assessment-submit")).to_be_disabled()
    shot(page, "inspection-assessment-pool-warning")
    dialog.get_by_test_id("assessment-role-officer").click()
    expect(warning).to_have_count(0)
    questions_input = dialog.get_by_test_id("assessment-questions").locator("input")
    questions_input.fill("5")
    questions_input.press("Tab")
    dialog.get_by_test_id("assessment-seed").fill(SEED)
    shot(page, "inspection-assessment-dialog")
    dialog.get_by_test_id("assessment-submit").click()
    confirm = page.locator(".el-message-box")
    expect(confirm).to_contain_text(f"随机抽取 {people} 人")
    confirm.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("assessment-title")).to_have_text(TITLE, timeout=SLOW)
    expect(page.get_by_test_id("assessment-seed")).to_have_text(SEED)
    expect(page.get_by_test_id("assessment-pool")).to_have_text(str(people))
    aid = page.url.rstrip("/").split("/")[-1]
    table = page.get_by_test_id("assessment-people")
    expect(table.locator("tbody tr")).to_have_count(people)
    director_row = table.locator("tr", has_text=DIRECTOR).first
    expect(director_row).to_contain_text("质量安全总监")
    expect(director_row).to_contain_text(XUEYU)
    expect(director_row.get_by_test_id("person-result")).to_have_text("未考")

    # The paper of one person (no answers), then paper scores: the director fails, everyone else passes.
    director_row.get_by_test_id("person-paper").click()
    paper = page.get_by_test_id("paper-dialog")
    expect(paper.locator(".question")).to_have_count(5, timeout=SLOW)
    shot(page, "inspection-assessment-paper")
    paper.get_by_role("button", name="确定").click()
    expect(paper).to_be_hidden()

    score_dialog = page.get_by_test_id("score-dialog")
    for _ in range(people):
        row = table.locator("tr", has=page.get_by_test_id("person-record")).first
        name = row.get_by_test_id("person-name").inner_text().strip()
        score = "45" if name == DIRECTOR else "90"
        row.get_by_test_id("person-record").click()
        score_input = score_dialog.get_by_test_id("score-input").locator("input")
        score_input.fill(score)
        score_input.press("Tab")
        expect(score_dialog.get_by_test_id("score-verdict")).to_have_text("不合格" if score == "45" else "合格")
        if name == DIRECTOR:
            shot(page, "inspection-assessment-score")
        score_dialog.get_by_test_id("score-submit").click()
        expect(score_dialog).to_be_hidden()
        expect(table.locator("tr", has_text=name).first.get_by_test_id("person-score")).to_have_text(score)
    expect(page.get_by_test_id("person-record")).to_have_count(0)
    expect(director_row.get_by_test_id("person-result")).to_have_text("不合格")
    expect(table.locator("tr", has_text=OFFICER).first.get_by_test_id("person-result")).to_have_text("合格")

    page.get_by_test_id("assessment-publish").click()
    confirm = page.locator(".el-message-box")
    expect(confirm).to_contain_text("不合格 1 人")
    expect(confirm).to_contain_text("整改通知")
    shot(page, "inspection-assessment-publish")
    confirm.get_by_role("button", name="公布结果").click()
    expect(page.get_by_test_id("assessment-status")).to_have_text("已公布", timeout=SLOW)
    expect(page.get_by_test_id("assessment-published-note")).to_be_visible()
    expect(page.get_by_test_id("assessment-publish")).to_have_count(0)
    shot(page, "inspection-assessment-detail")

    # 核验抽取: the same seed on the unchanged roster draws the same people.
    page.get_by_test_id("assessment-verify").click()
    verification = page.get_by_test_id("assessment-verification")
    expect(verification).to_have_class(re.compile("el-alert--success"), timeout=SLOW)
    expect(verification.get_by_test_id("assessment-verify-verdict")).to_have_text(re.compile(f"^一致：.*{people} 人"))
    expect(verification).to_contain_text(SEED)
    expect(verification.get_by_test_id("assessment-verify-pool")).to_have_text(f"人员库：抽取时 {people} 人，现在 {people} 人")
    shot(page, "inspection-assessment-verify")

    state = officer.get(f"/api/inspection/v1/assessments/{aid}").json()
    assert (state["status"], state["seed"], state["taken"], state["passed"]) == ("published", int(SEED), people, people - 1)
    assert [(p["mode"], p["score"], p["passed"]) for p in state["people"] if p["name"] == DIRECTOR] == [("paper", 45, False)]
    notices = officer.get("/api/inspection/v1/rectifications", params={"enterprise_id": eid, "size": 200}).json()["items"]
    finding = [n for n in notices if n["inspection_id"] == aid]
    assert len(finding) == 1 and finding[0]["item_no"] == "考核" and DIRECTOR in finding[0]["finding"], finding

    page.goto("/inspection/assessments")
    listed = page.get_by_test_id("assessments-table").locator("tr", has_text=TITLE)
    expect(listed).to_contain_text(SEED, timeout=SLOW)
    expect(listed.get_by_test_id("assessment-status")).to_have_text("已公布")
    shot(page, "inspection-assessments")

    # 缺陷产品召回: ordered for the producer with a completion deadline, progress reported, closed.
    # An older recall, still open past its deadline, is listed as 逾期.
    today = dt.date.today()
    due = (today + dt.timedelta(days=30)).isoformat()
    resp = officer.post("/api/inspection/v1/recalls", json={
        "enterprise_id": eid, "product": LATE_PRODUCT, "defect": "点火针绝缘套管开裂，存在漏电风险（浏览器测试）",
        "ordered_on": (today - dt.timedelta(days=40)).isoformat(), "due_on": (today - dt.timedelta(days=10)).isoformat()})
    assert resp.status_code == 201 and resp.json()["overdue"] is True, resp.text
    resp = officer.post("/api/inspection/v1/recalls", json={
        "enterprise_id": eid, "product": LATE_PRODUCT, "defect": "完成期限早于责令日期", "ordered_on": today.isoformat(),
        "due_on": (today - dt.timedelta(days=1)).isoformat()})
    assert resp.status_code == 422 and resp.json()["code"] == "RECALL_DUE_BEFORE_ORDER", resp.text
    page.goto("/inspection/followups")
    page.get_by_test_id("recalls-create").click()
    dialog = page.get_by_test_id("recall-dialog")
    pick(page, dialog.get_by_test_id("recall-unit"), XUEYU, typed="雪域")
    dialog.get_by_test_id("recall-product-input").fill(PRODUCT)
    dialog.get_by_test_id("recall-defect").fill(DEFECT)
    dialog.get_by_test_id("recall-order-no").fill("城市监召〔2026〕3号")
    quantity = dialog.get_by_test_id("recall-quantity").locator("input")
    quantity.fill("500")
    quantity.press("Tab")
    due_input = dialog.get_by_test_id("recall-due-on").locator("input")
    due_input.fill(due)
    due_input.press("Enter")
    expect(due_input).to_have_value(due)
    shot(page, "inspection-recall-dialog")
    dialog.get_by_test_id("recall-submit").click()
    expect(dialog).to_be_hidden()
    recalls = page.get_by_test_id("recalls-table")
    row = recalls.locator("tr", has_text=PRODUCT).first
    expect(row.get_by_test_id("recall-status")).to_have_text("已责令召回", timeout=SLOW)
    expect(row).to_contain_text(XUEYU)
    expect(recalls.locator("thead")).to_contain_text("期限")
    expect(row.get_by_test_id("recall-due")).to_have_text(due)
    expect(row.get_by_test_id("recall-overdue")).to_have_count(0)  # 30 days to go
    late = recalls.locator("tr", has_text=LATE_PRODUCT).first
    expect(late).to_contain_text(XUEYU)
    expect(late.get_by_test_id("recall-due")).to_have_text((today - dt.timedelta(days=10)).isoformat())
    expect(late.get_by_test_id("recall-overdue")).to_have_text("逾期")
    expect(page.get_by_test_id("recalls-overdue-count")).to_have_text("其中逾期 1 条")

    row.get_by_test_id("recall-progress").click()
    dialog = page.get_by_test_id("recall-progress-dialog")
    dialog.get_by_test_id("recall-progress-text").fill(PROGRESS)
    recovered = dialog.get_by_test_id("recall-progress-recovered").locator("input")
    recovered.fill("120")
    recovered.press("Tab")
    dialog.get_by_test_id("recall-progress-submit").click()
    expect(dialog).to_be_hidden()
    expect(row.get_by_test_id("recall-status")).to_have_text("召回实施中", timeout=SLOW)
    expect(row.get_by_test_id("recall-recovered")).to_have_text("120 / 500")
    expect(row.get_by_test_id("recall-last-progress")).to_have_text(PROGRESS)
    row.locator(".el-table__expand-icon").click()
    expect(recalls.get_by_test_id("recall-timeline")).to_contain_text(PROGRESS)
    shot(page, "inspection-recalls")

    row.get_by_test_id("recall-close").click()
    dialog = page.get_by_test_id("recall-close-dialog")
    dialog.get_by_test_id("recall-close-note").fill(CLOSING)
    dialog.get_by_test_id("recall-close-submit").click()
    expect(dialog).to_be_hidden()
    expect(row.get_by_test_id("recall-status")).to_have_text("召回已结束", timeout=SLOW)
    expect(row.get_by_test_id("recall-close")).to_have_count(0)
    expect(row).to_contain_text(CLOSING)
    recall = next(r for r in officer.get("/api/inspection/v1/recalls", params={"enterprise_id": eid}).json()
                  if r["product"] == PRODUCT)
    assert (recall["status"], recall["quantity"], recall["recovered"], recall["closing_note"]) == ("closed", 500, 120, CLOSING)
    assert (recall["due_on"], recall["overdue"], recall["enterprise_name"]) == (due, False, XUEYU)
    assert [p["text"] for p in recall["progress"]] == [PROGRESS]

    # 质量技术帮扶: a visit with two measures.
    page.get_by_role("tab", name="质量技术帮扶").click()
    page.get_by_test_id("assistance-create").click()
    dialog = page.get_by_test_id("assistance-dialog")
    pick(page, dialog.get_by_test_id("assistance-unit"), XUEYU, typed="雪域")
    dialog.get_by_test_id("assistance-problems").fill(PROBLEMS)
    dialog.get_by_test_id("assistance-measure-0").fill(MEASURES[0])
    dialog.get_by_test_id("assistance-add-measure").click()
    dialog.get_by_test_id("assistance-measure-1").fill(MEASURES[1])
    dialog.get_by_test_id("assistance-experts").fill("自治区产品质量监督检验所 张工")
    dialog.get_by_test_id("assistance-submit").click()
    expect(dialog).to_be_hidden()
    visit = page.get_by_test_id("assistance-table").locator("tr", has_text=PROBLEMS).first
    expect(visit).to_contain_text(MEASURES[1], timeout=SLOW)
    expect(visit).to_contain_text(XUEYU)
    shot(page, "inspection-assistance")
    visits = officer.get("/api/inspection/v1/assistance", params={"enterprise_id": eid}).json()
    assert [v["measures"] for v in visits if v["problems"] == PROBLEMS] == [MEASURES]

    # 违法行为移送: referred, then filed with the case number.
    page.get_by_role("tab", name="违法行为移送").click()
    page.get_by_test_id("referrals-create").click()
    dialog = page.get_by_test_id("referral-dialog")
    pick(page, dialog.get_by_test_id("referral-unit"), XUEYU, typed="雪域")
    dialog.get_by_test_id("referral-violation-input").fill(VIOLATION)
    dialog.get_by_test_id("referral-to").fill(REFERRED_TO)
    dialog.get_by_test_id("referral-submit").click()
    expect(dialog).to_be_hidden()
    referrals = page.get_by_test_id("referrals-table")
    row = referrals.locator("tr", has_text=VIOLATION).first
    expect(row.get_by_test_id("referral-status")).to_have_text("已移送", timeout=SLOW)

    row.get_by_test_id("referral-file").click()
    dialog = page.get_by_test_id("referral-update-dialog")
    dialog.get_by_test_id("referral-update-submit").click()  # the case number is required
    expect(dialog).to_contain_text("请填写立案号")
    dialog.get_by_test_id("referral-case-no-input").fill(CASE_NO)
    shot(page, "inspection-referral-file")
    dialog.get_by_test_id("referral-update-submit").click()
    expect(dialog).to_be_hidden()
    expect(row.get_by_test_id("referral-status")).to_have_text("已立案", timeout=SLOW)
    expect(row.get_by_test_id("referral-case-no")).to_have_text(CASE_NO)
    expect(row.get_by_test_id("referral-file")).to_have_count(0)
    expect(row.get_by_test_id("referral-conclude")).to_be_visible()
    shot(page, "inspection-referrals")
    referral = next(r for r in officer.get("/api/inspection/v1/referrals", params={"enterprise_id": eid}).json()
                    if r["violation"] == VIOLATION)
    assert (referral["enterprise_id"], referral["enterprise_name"], referral["status"], referral["case_no"],
            referral["referred_to"]) == (eid, XUEYU, "filed", CASE_NO, REFERRED_TO)

    # 不予立案: a referral concluded straight from 已移送; once 已结案, nothing more is offered.
    resp = officer.post("/api/inspection/v1/referrals", json={
        "enterprise_id": eid, "violation": DECLINED, "referred_to": REFERRED_TO, "referred_on": today.isoformat()})
    assert resp.status_code == 201, resp.text
    page.get_by_role("button", name="刷新").click()
    row = referrals.locator("tr", has_text=DECLINED).first
    expect(row.get_by_test_id("referral-status")).to_have_text("已移送", timeout=SLOW)
    row.get_by_test_id("referral-conclude").click()
    dialog = page.get_by_test_id("referral-update-dialog")
    expect(dialog.get_by_test_id("referral-unfiled-note")).to_contain_text("不予立案")
    dialog.get_by_test_id("referral-outcome").fill(DECLINED_OUTCOME)
    shot(page, "inspection-referral-conclude-unfiled")
    dialog.get_by_test_id("referral-update-submit").click()
    expect(dialog).to_be_hidden()
    expect(row.get_by_test_id("referral-status")).to_have_text("已结案", timeout=SLOW)
    expect(row).to_contain_text(DECLINED_OUTCOME)
    expect(row.get_by_test_id("referral-conclude")).to_have_count(0)
    expect(row.get_by_test_id("referral-file")).to_have_count(0)
