"""Dashboard figures (F6) of the audit service: audits and follow-up documents on the audited
(receiving) bureau, pushes to the national platform on the bureau that reported them; counted per
org path by the job, summed by next level down on request, the same as the lists show them."""

from __future__ import annotations

from typing import Any

from audit_factories import CHENGGUAN, DOILUNG, LHASA, REGION, SHIGATSE, answer_all, new_audit, pref, region
from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from audit.models import NationalPush
from servicekit.testing import AuthHelper, read_dashboard, refresh_dashboard

LETTER = {"kind": "reminder_letter", "findings": "平台档案更新不及时，2 户逾期未建档。",
          "requirements": "立即补录逾期档案，建立每周核对机制。"}
INTERVIEW = {"held_at": "2026年11月20日上午10时", "place": "市局三楼会议室", "interviewers": "王威",
             "interviewees": "城关区局分管副局长", "record": "被约谈单位表示立即整改。"}


async def issue(client: AsyncClient, headers: dict[str, str], target: str, **kw: Any) -> dict[str, Any]:
    r = await client.post("/v1/followups", json={**LETTER, "target_code": target, **kw}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def act(client: AsyncClient, headers: dict[str, str], f: dict[str, Any], action: str, **body: str) -> None:
    r = await client.post(f"/v1/followups/{f['id']}/{action}", json=body, headers=headers)
    assert r.status_code == 200, r.text


async def submitted_audit(client: AsyncClient, headers: dict[str, str], target: str) -> dict[str, Any]:
    audit = await answer_all(client, headers, await new_audit(client, headers, target))
    r = await client.post(f"/v1/audits/{audit['id']}/submit", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def board(client: AsyncClient, auth: AuthHelper, org: str) -> dict[str, Any]:
    body = await read_dashboard(client, auth, org, headers=region(auth))
    return body


def children(body: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {c["code"]: c["metrics"] for c in body["children"]}


async def test_figures_by_next_level_down_and_as_the_lists_show_them(client: AsyncClient, auth: AuthHelper,
                                                                     session: AsyncSession) -> None:
    # as of 2026-11-27. Audits: the region audits 拉萨 (submitted) and 日喀则 (a draft; one of 2025 too),
    # 拉萨 audits 城关 (submitted) and 堆龙德庆 (a draft)
    await submitted_audit(client, region(auth), "540100")
    await new_audit(client, region(auth), "540200")
    await new_audit(client, region(auth), "540200", period_start="2025-01-01", period_end="2025-05-31",
                    audited_on="2025-06-10")  # another year
    lhasa_audit = await submitted_audit(client, pref(auth), "540102")
    await new_audit(client, pref(auth), "540103")

    # follow-up documents, counted on the receiving bureau
    overdue = await issue(client, region(auth), "540100", issued_on="2026-11-10", due_on="2026-11-20")
    to_review = await issue(client, region(auth), "540200", kind="rectification_notice", due_on="2026-12-10")
    await act(client, pref(auth, SHIGATSE), to_review, "answer", answer="已全部整改到位。")
    circular = await issue(client, region(auth), "540100", kind="circular", due_on=None)
    await act(client, region(auth), circular, "close", comment="通报无需反馈，办结")
    returned = await issue(client, region(auth), "540100", kind="rectification_notice", due_on="2026-12-15")
    await act(client, pref(auth), returned, "answer", answer="已整改，见附件。")
    await act(client, region(auth), returned, "return", comment="请附佐证材料")  # waiting for an answer again
    await issue(client, pref(auth), "540102", issued_on="2025-12-01", due_on="2025-12-20")  # of 2025, still overdue
    await issue(client, pref(auth), "540102", kind="interview", due_on=None, interview=INTERVIEW)  # no answer due

    # pushes, on the reporting bureau: every version of a record is one push
    r = await client.put("/v1/progress/reports/2026-11-H1", json={"progress": "本期新建档 12 户，完成检查 30 次。"},
                         headers=pref(auth, SHIGATSE))
    assert r.status_code == 200, r.text
    r = await client.post("/v1/progress/reports/2026-11-H1/submit", headers=pref(auth, SHIGATSE))
    assert r.status_code == 200, r.text
    await session.execute(update(NationalPush).where(NationalPush.record_id == circular["id"]).values(status="delivered"))
    await session.execute(update(NationalPush).where(NationalPush.record_id == lhasa_audit["id"]).values(status="dead"))
    await session.commit()

    await refresh_dashboard(client, auth)
    top = await board(client, auth, REGION)
    assert top["as_of"] == "2026-11-27"
    # the region's own pushes: its audit of 拉萨 1, the letter 1, the notice to 日喀则 2 (issued, answered),
    # the circular 2 (issued, closed: delivered), the returned notice 3 (issued, answered, returned)
    assert top["own"] == {"push_pending": 7, "push_delivered": 2}
    lhasa_figures = {"audits_year": 3, "audits_submitted_year": 2, "followups_year": 4, "followups_unanswered": 4,
                     "followups_overdue": 2, "followups_closed": 1,
                     "push_pending": 2, "push_dead": 1}  # 拉萨's letter and interview; its audit of 城关 failed
    shigatse_figures = {"audits_year": 1, "followups_year": 1, "followups_to_review": 1, "push_pending": 1}
    assert children(top) == {"540100": lhasa_figures, "540200": shigatse_figures}
    assert top["total"] == {
        "audits_year": 4, "audits_submitted_year": 2, "followups_year": 5, "followups_unanswered": 4,
        "followups_overdue": 2, "followups_to_review": 1, "followups_closed": 1,
        "push_pending": 10, "push_delivered": 2, "push_dead": 1,
    }

    lhasa = await board(client, auth, LHASA)
    assert lhasa["total"] == lhasa_figures
    assert lhasa["own"] == {"audits_year": 1, "audits_submitted_year": 1, "followups_year": 3,
                            "followups_unanswered": 2, "followups_overdue": 1, "followups_closed": 1,
                            "push_pending": 2, "push_dead": 1}
    assert children(lhasa) == {
        CHENGGUAN[-6:]: {"audits_year": 1, "audits_submitted_year": 1, "followups_year": 1,
                         "followups_unanswered": 2, "followups_overdue": 1},
        DOILUNG[-6:]: {"audits_year": 1},
    }

    # the same as the lists show
    async def total(path: str, **params: Any) -> int:
        r = await client.get(path, params=params, headers=region(auth))
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    assert await total("/v1/audits", year=2026) == top["total"]["audits_year"]
    assert await total("/v1/audits", year=2026, status="submitted") == top["total"]["audits_submitted_year"]
    assert await total("/v1/followups", year=2026) == top["total"]["followups_year"]
    assert await total("/v1/followups", overdue=True) == top["total"]["followups_overdue"]
    assert await total("/v1/followups", status="issued") == top["total"]["followups_unanswered"]
    assert await total("/v1/followups", status="answered") == top["total"]["followups_to_review"]
    for status in ("pending", "delivered", "dead"):
        assert await total("/v1/national/deliveries", status=status) == top["total"][f"push_{status}"]

    # an answer changes the list at once, the figures only after the next refresh
    await act(client, pref(auth), overdue, "answer", answer="已补录全部档案。")
    assert await total("/v1/followups", overdue=True) == 1
    assert (await board(client, auth, REGION))["total"]["followups_overdue"] == 2
    await refresh_dashboard(client, auth)
    after = (await board(client, auth, REGION))["total"]
    assert (after["followups_overdue"], after["followups_to_review"], after["push_pending"]) == (1, 2, 11)


async def test_jurisdiction(client: AsyncClient, auth: AuthHelper) -> None:
    await issue(client, pref(auth), "540103", due_on="2026-12-10")
    await refresh_dashboard(client, auth)
    county = auth.headers("county_officer", CHENGGUAN)
    assert (await client.get("/v1/dashboard", headers=county)).json()["total"] == {}  # 堆龙德庆's, not 城关's
    for org in (REGION, LHASA, DOILUNG):
        r = await client.get("/v1/dashboard", params={"org": org}, headers=county)
        assert r.status_code == 403 and r.json()["code"] == "OUT_OF_JURISDICTION", r.text
    r = await client.get("/v1/dashboard", params={"org": DOILUNG}, headers=pref(auth))
    assert r.status_code == 200 and r.json()["own"] == {"followups_year": 1, "followups_unanswered": 1}
