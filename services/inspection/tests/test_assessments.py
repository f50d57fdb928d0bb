"""监督抽查考核: people drawn at random from a seed, questions by the unit's product categories,
exams on the phone (scored at once) or from paper, publication, a finding for each failure."""

from __future__ import annotations

from httpx import AsyncClient
from inspection_factories import CHENGGUAN, STATION, person, unit
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import Question
from servicekit.outbox import OutboxEvent
from servicekit.testing import AuthHelper

BODY = {"org": "540102", "title": "2026年第一季度质量安全总监监督抽查考核", "held_on": "2026-03-02", "people": 3,
        "roles": ["director"], "questions_each": 6, "pass_score": 60, "seed": 99}


async def test_from_draw_to_published_results(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    county = auth.headers("county_officer", CHENGGUAN)
    gas = await unit(client, auth, key_tags=["gas_appliance"])
    others = [await unit(client, auth) for _ in range(3)]
    await person(client, auth, gas, "格桑")
    for n, e in enumerate(others):
        await person(client, auth, e, f"总监{n}")
    await person(client, auth, others[0], "安全员甲", role="officer")
    r = await client.post("/v1/assessments", json={**BODY, "people": 9}, headers=county)
    assert r.status_code == 422 and r.json()["code"] == "ASSESS_POOL_TOO_SMALL"
    a = (await client.post("/v1/assessments", json={**BODY, "people": 4}, headers=county)).json()
    assert a["pool_size"] == 4 and {p["role"] for p in a["people"]} == {"director"}
    pool = (await client.get("/v1/assessments/pool", params={"org": "540102"}, headers=county)).json()
    assert pool["directors"] >= 4 and pool["officers"] >= 1 and pool["org_name"]
    check = (await client.get(f"/v1/assessments/{a['id']}/verify", headers=county)).json()
    assert check["identical"] is True and check["seed"] == BODY["seed"]
    again = (await client.post("/v1/assessments", json={**BODY, "people": 2}, headers=county)).json()
    again2 = (await client.post("/v1/assessments", json={**BODY, "people": 2}, headers=county)).json()
    assert [p["personnel_id"] for p in again["people"]] == [p["personnel_id"] for p in again2["people"]]

    by_name = {p["name"]: p for p in a["people"]}
    gesang = by_name["格桑"]
    own = auth.headers("enterprise_user", STATION, enterprise_id=gas["id"])
    # the unit finds its exams on the phone: its own people only, in every assessment that drew them
    mine = (await client.get("/v1/assessments/mine", headers=own)).json()
    assert {(m["assessment_id"], m["person"]["name"]) for m in mine} >= {(a["id"], "格桑")}
    assert {m["person"]["enterprise_id"] for m in mine} == {gas["id"]}
    assert (await client.get("/v1/assessments/mine", headers=county)).status_code == 403
    paper = (await client.get(f"/v1/assessments/{a['id']}/people/{gesang['id']}/paper", headers=own)).json()
    assert len(paper["questions"]) == 6 and "answer" not in paper["questions"][0]
    # every paper has its full number of questions, whatever the unit's product categories
    ten = (await client.post("/v1/assessments", json={**BODY, "people": 4, "questions_each": 10}, headers=county)).json()
    assert [p["questions"] for p in ten["people"]] == [10] * 4  # 8 law/standard questions seeded: filled up
    assert any(q["category"] == "product" for q in paper["questions"])  # 燃气具 questions for a gas-appliance unit
    answers = {q.id: q.answer for q in (await session.scalars(select(Question))).all()}
    right = [answers[q["id"]] for q in paper["questions"]]
    r = await client.post(f"/v1/assessments/{a['id']}/people/{gesang['id']}/answers", json={"answers": right}, headers=own)
    assert (r.json()["score"], r.json()["passed"], r.json()["mode"]) == (100, True, "online")
    r = await client.post(f"/v1/assessments/{a['id']}/people/{gesang['id']}/answers", json={"answers": right}, headers=own)
    assert r.status_code == 409 and r.json()["code"] == "ASSESSMENT_TAKEN"
    taken = next(m for m in (await client.get("/v1/assessments/mine", headers=own)).json() if m["assessment_id"] == a["id"])
    assert (taken["person"]["score"], taken["person"]["passed"]) == (100, True)
    someone_else = next(p for p in a["people"] if p["name"] != "格桑")
    r = await client.get(f"/v1/assessments/{a['id']}/people/{someone_else['id']}/paper", headers=own)
    assert r.status_code == 404  # an enterprise sees only its own people's papers

    r = await client.post(f"/v1/assessments/{a['id']}/publish", headers=county)
    assert r.status_code == 422 and r.json()["code"] == "ASSESSMENT_INCOMPLETE"
    scores = iter([45, 80, 90])
    for p in a["people"]:
        if p["name"] != "格桑":
            r = await client.post(f"/v1/assessments/{a['id']}/people/{p['id']}/paper-result",
                                  json={"score": next(scores)}, headers=county)
            assert r.json()["mode"] == "paper"
    published = (await client.post(f"/v1/assessments/{a['id']}/publish", headers=county)).json()
    assert (published["status"], published["taken"], published["passed"]) == ("published", 4, 3)
    notices = (await client.get("/v1/rectifications", params={"status": "open"}, headers=county)).json()["items"]
    assert len(notices) == 1 and notices[0]["item_no"] == "考核" and "45 分" in notices[0]["finding"]
    event = await session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "assessment.published"))
    assert event is not None and len(event.payload["results"]) == 4
    r = await client.post(f"/v1/assessments/{a['id']}/people/{gesang['id']}/paper-result", json={"score": 10},
                          headers=county)
    assert r.status_code == 409


async def test_question_bank(client: AsyncClient, auth: AuthHelper) -> None:
    admin = auth.headers("region_admin", "540000")
    bank = (await client.get("/v1/questions", headers=admin)).json()
    assert len(bank) >= 10 and {q["category"] for q in bank} == {"law", "standard", "product"}
    r = await client.post("/v1/questions", json={"category": "product", "stem": "消防产品应当……？", "options": ["甲", "乙"],
                                                 "answer": 0}, headers=admin)
    assert r.status_code == 422  # a product question needs its category tag
    r = await client.post("/v1/questions", json={"category": "law", "stem": "质量安全员应当……？", "options": ["甲", "乙"],
                                                 "answer": 2}, headers=admin)
    assert r.status_code == 422
    r = await client.post("/v1/questions", json={"category": "product", "product_tag": "fire_product",
                                                 "stem": "消防产品应当取得……？", "options": ["强制性产品认证", "无需认证"],
                                                 "answer": 0}, headers=admin)
    assert r.status_code == 201
    r = await client.post("/v1/questions", json={"category": "law", "stem": "测试题目……", "options": ["甲", "乙"], "answer": 0},
                          headers=auth.headers("county_officer", CHENGGUAN))
    assert r.status_code == 403
    # a retired question is no longer listed (nor drawn), and can be restored
    qid = bank[0]["id"]
    assert (await client.post(f"/v1/questions/{qid}/retire", headers=auth.headers("county_officer", CHENGGUAN))).status_code == 403
    r = await client.post(f"/v1/questions/{qid}/retire", headers=admin)
    assert r.status_code == 200 and r.json()["active"] is False
    assert qid not in {q["id"] for q in (await client.get("/v1/questions", headers=admin)).json()}
    assert qid in {q["id"] for q in (await client.get("/v1/questions", headers=admin, params={"include_retired": True})).json()}
    assert (await client.post(f"/v1/questions/{qid}/restore", headers=admin)).json()["active"] is True
