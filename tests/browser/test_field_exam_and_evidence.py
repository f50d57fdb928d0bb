"""The enterprise user's phone: a 监督抽查考核 taken on the phone (opened from the exam link, an
unanswered question flagged before handing in, the score at once and on the server), and photos
attached to the answer to a rectification notice (one refused by the service with its reason,
one uploaded and kept with the answer on the server)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from browser_helpers import api, field_login, shot, small_png, submitted_inspection, unit_id, viewport_shot
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

XUEYU = "拉萨雪域燃气具有限公司"  # the demo enterprise user's own unit, at 八廓所 (540102-01)
ENTERPRISE = "demo-enterprise"
OFFICER = "demo-chengguan"
INSPECTOR = "demo-chengguan-station"
STATION = "540102-01"
FINDING = "燃气具库房未设置防火分隔（浏览器测试：整改佐证）"
ANSWER = "已在库房加装防火隔墙和防火门，并拍照留存整改前后对比。"
SLOW = 20_000


def pool_size(officer: httpx.Client) -> int:
    """Directors at 八廓所's units the inspection service knows of (from the refusal to draw too many)."""
    resp = officer.post("/api/inspection/v1/assessments", json={
        "org": STATION, "title": "人数核对", "held_on": time.strftime("%Y-%m-%d"), "people": 500, "roles": ["director"]})
    assert resp.status_code == 422 and resp.json()["code"] == "ASSESS_POOL_TOO_SMALL", resp.text
    found = re.search(r"只有 (\d+) 人", resp.json()["detail"])
    assert found, resp.text
    return int(found.group(1))


def drawn_exam(officer: httpx.Client, enterprise: httpx.Client, eid: str, name: str) -> tuple[str, str]:
    """The unit appoints a director; the county draws everyone at 八廓所. Returns (assessment, person)."""
    before = pool_size(officer)
    appointed = enterprise.post(f"/api/registry/v1/enterprises/{eid}/personnel", json={"role": "director", "name": name})
    assert appointed.status_code == 201, appointed.text
    personnel_id = appointed.json()["id"]
    deadline = time.time() + 30
    while (size := pool_size(officer)) < before + 1:  # personnel.changed reaches the inspection service
        assert time.time() < deadline, "the new director never reached the inspection service"
        time.sleep(0.5)
    created = officer.post("/api/inspection/v1/assessments", json={
        "org": STATION, "title": "2026年质量安全总监监督抽查考核（浏览器测试）", "held_on": time.strftime("%Y-%m-%d"),
        "people": size, "roles": ["director"], "questions_each": 5, "pass_score": 60})
    assert created.status_code == 201, created.text
    assessment = created.json()
    person = next(p for p in assessment["people"] if p["personnel_id"] == personnel_id)
    return assessment["id"], person["id"]


def test_enterprise_takes_exam_on_phone(phone: Page, gateway_url: str) -> None:
    page = phone
    officer = api(gateway_url, OFFICER)
    enterprise = api(gateway_url, ENTERPRISE)
    eid = unit_id(officer, XUEYU)
    name = "格桑卓玛"
    aid, pid = drawn_exam(officer, enterprise, eid, name)

    # The right option of each question, in the paper's order (the bank is the county's to read).
    paper = officer.get(f"/api/inspection/v1/assessments/{aid}/people/{pid}/paper").json()
    bank = {q["id"]: q["answer"] for q in officer.get("/api/inspection/v1/questions").json()}
    right = [bank[q["id"]] for q in paper["questions"]]
    assert len(right) == 5
    wrong = 0  # the first question answered wrongly: 4 of 5 right, 80 分, 合格 (及格分 60)

    field_login(page, ENTERPRISE)
    page.get_by_test_id("tab-exams").click()
    # The service lists the unit's people drawn (GET /assessments/mine): the exam waits there.
    card = page.get_by_test_id("exam-pending").get_by_test_id(f"exam-{pid}")
    expect(card).to_be_visible(timeout=SLOW)
    expect(card).to_contain_text(name)
    shot(page, "field-exam-list-pending")
    card.click()
    expect(page.get_by_test_id("exam-title")).to_have_text(paper["title"], timeout=SLOW)
    expect(page.get_by_test_id("exam-head")).to_contain_text(f"{name} · 质量安全总监")
    questions = page.get_by_test_id("exam-question")
    expect(questions).to_have_count(5)
    expect(page.get_by_test_id("exam-progress")).to_contain_text("已答 0 / 5 题")

    for index, answer in enumerate(right[:-1]):
        choice = (answer + 1) % len(paper["questions"][index]["options"]) if index == wrong else answer
        questions.nth(index).get_by_test_id(f"option-{choice}").click()
        expect(questions.nth(index)).to_have_attribute("data-answered", "yes")
    expect(page.get_by_test_id("exam-progress")).to_contain_text("已答 4 / 5 题")
    viewport_shot(page, "field-exam-answering")

    # 交卷 with the last question unanswered: flagged, nothing sent.
    page.get_by_test_id("exam-submit").click()
    expect(page.locator(".van-toast")).to_contain_text("还有 1 题未作答")
    expect(page.get_by_test_id("exam-unanswered")).to_have_text("未答 1 题")
    last = questions.nth(4)
    expect(last).to_have_class(re.compile("question--flagged"))
    expect(last).to_contain_text("未作答")
    viewport_shot(page, "field-exam-unanswered")
    assert officer.get(f"/api/inspection/v1/assessments/{aid}").json()["taken"] == 0

    # A reload keeps the choices made so far.
    page.reload()
    expect(page.get_by_test_id("exam-progress")).to_contain_text("已答 4 / 5 题", timeout=SLOW)
    last.get_by_test_id(f"option-{right[4]}").click()
    expect(page.get_by_test_id("exam-progress")).to_contain_text("已答 5 / 5 题")
    page.get_by_test_id("exam-sheet").click()
    expect(page.get_by_test_id("exam-sheet-popup").locator(".sheet__cell--done")).to_have_count(5)
    shot(page, "field-exam-sheet")
    page.get_by_test_id("exam-sheet-popup").locator(".van-popup__close-icon").click()
    expect(page.get_by_test_id("exam-sheet-popup")).to_be_hidden()

    page.get_by_test_id("exam-submit").click()
    dialog = page.locator(".van-dialog")
    expect(dialog).to_contain_text("交卷后不能修改")
    shot(page, "field-exam-confirm")
    dialog.locator(".van-dialog__confirm").click()
    result = page.get_by_test_id("exam-result")
    expect(result).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("exam-score")).to_contain_text("80")
    expect(page.get_by_test_id("exam-passed")).to_have_text("合格")
    expect(result).to_contain_text("考核合格")
    shot(page, "field-exam-result")

    # On the server: scored once, online, as shown.
    stored = officer.get(f"/api/inspection/v1/assessments/{aid}").json()
    mine = next(p for p in stored["people"] if p["id"] == pid)
    assert (mine["score"], mine["passed"], mine["mode"]) == (80, True, "online"), mine
    assert stored["taken"] == 1

    # The exam tab lists it as handed in, with its score.
    page.get_by_test_id("exam-back").click()
    finished = page.get_by_test_id("exam-finished")
    expect(finished.get_by_test_id(f"exam-{pid}")).to_contain_text("80 分")
    expect(finished.get_by_test_id(f"exam-{pid}")).to_contain_text("合格")
    expect(page.get_by_test_id("exam-pending")).to_have_count(0)
    shot(page, "field-exam-list")

    # Answering again (another phone, say) is refused by the service.
    again = enterprise.post(f"/api/inspection/v1/assessments/{aid}/people/{pid}/answers", json={"answers": right})
    assert again.status_code == 409 and again.json()["code"] == "ASSESSMENT_TAKEN"


def test_enterprise_attaches_evidence_photos_to_answer(phone: Page, gateway_url: str, tmp_path: Path) -> None:
    page = phone
    photo = small_png(tmp_path / "整改后.png", (40, 150, 80))
    broken = tmp_path / "损坏的照片.jpg"
    broken.write_bytes(b"this is not a picture at all " * 40)
    officer = api(gateway_url, OFFICER)
    eid = unit_id(officer, XUEYU)
    # not the admin journey's item, so its table rows stay unique
    iid, _ = submitted_inspection(api(gateway_url, INSPECTOR), eid, FINDING, item=5, department="仓储部",
                                  contact="旺堆 13989000001", deadline_days=15)
    notice_id = next(n["id"] for n in officer.get("/api/inspection/v1/rectifications", params={"enterprise_id": eid})
                     .json()["items"] if n["inspection_id"] == iid)

    field_login(page, ENTERPRISE)
    page.get_by_test_id("tab-notices").click()
    notice = page.get_by_test_id("notice-list").locator("article", has_text=FINDING)
    expect(notice).to_be_visible(timeout=SLOW)
    notice.click()
    detail = page.get_by_test_id("notice-detail")
    evidence = detail.get_by_test_id("evidence")
    expect(evidence).to_contain_text("整改佐证照片")
    expect(evidence.get_by_test_id("evidence-add")).to_be_visible()

    # A file the phone cannot read goes to the service, which says why it refuses it.
    evidence.get_by_test_id("evidence-input").set_input_files(str(broken))
    refused = evidence.locator('[data-testid="evidence-photo"][data-state="failed"]')
    expect(refused).to_have_count(1, timeout=SLOW)
    expect(evidence.get_by_test_id("evidence-error")).to_contain_text("不是可识别的图片")
    shot(page, "field-evidence-refused")
    refused.get_by_test_id("evidence-remove").click()
    expect(evidence.get_by_test_id("evidence-photo")).to_have_count(0)

    # A real photo: uploaded at once, shown as a thumbnail.
    evidence.get_by_test_id("evidence-input").set_input_files(str(photo))
    uploaded = evidence.locator('[data-testid="evidence-photo"][data-state="uploaded"]')
    expect(uploaded).to_have_count(1, timeout=SLOW)
    expect(uploaded).to_contain_text("已上传")
    expect(evidence.get_by_test_id("evidence-count")).to_have_text("1 张")
    detail.get_by_test_id("notice-answer").fill(ANSWER)
    expect(page.locator(".van-toast:visible")).to_have_count(0, timeout=5_000)  # the refusal's toast has gone
    shot(page, "field-evidence-uploaded")
    detail.get_by_test_id("notice-answer-submit").click()
    expect(detail).to_be_hidden(timeout=SLOW)

    # On the server: the one photo (the refused file left nothing), byte for byte, with the answer.
    listed = officer.get(f"/api/inspection/v1/rectifications/{notice_id}/evidence")
    assert listed.status_code == 200, listed.text
    assert [(e["content_type"], e["size"], e["uploaded_by"]) for e in listed.json()] == [
        ("image/png", photo.stat().st_size, ENTERPRISE)], listed.json()
    image = officer.get(f"/api/inspection/v1/rectifications/{notice_id}/evidence/{listed.json()[0]['id']}")
    assert image.status_code == 200 and image.content == photo.read_bytes()
    stored = next(n for n in officer.get("/api/inspection/v1/rectifications", params={"enterprise_id": eid})
                  .json()["items"] if n["id"] == notice_id)
    assert (stored["status"], stored["answer"]) == ("answered", ANSWER)

    # Reopened while it waits for the regulator: the photo is there, nothing more can be added.
    page.get_by_test_id("notice-tabs").get_by_text("待核查").click()
    page.get_by_test_id("notice-list").locator("article", has_text=FINDING).click()
    evidence = page.get_by_test_id("notice-detail").get_by_test_id("evidence")
    thumb = evidence.get_by_test_id("evidence-photo")
    expect(thumb).to_have_count(1)
    expect(thumb.locator("img")).to_be_visible(timeout=SLOW)
    assert thumb.locator("img").evaluate("img => img.complete && img.naturalWidth") == 96
    expect(evidence.get_by_test_id("evidence-add")).to_have_count(0)
    shot(page, "field-evidence-answered")
