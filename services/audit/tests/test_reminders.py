"""Reminders (F9) of the audit service: computed by the job, owned by the bureau that must act,
gone as soon as the thing is done."""

from __future__ import annotations

import datetime as dt

from audit_factories import SHIGATSE, pref, region
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from audit.models import NationalPush
from servicekit.testing import AuthHelper


async def run_job(client: AsyncClient, auth: AuthHelper) -> dict:
    r = await client.post("/internal/reminders/run", headers=auth.service_headers())
    assert r.status_code == 200, r.text
    return r.json()


async def mine(client: AsyncClient, headers: dict[str, str], kind: str | None = None) -> list[dict]:
    r = await client.get("/v1/reminders", params={"size": 200, **({"kind": kind} if kind else {})}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_follow_up_reminders_move_from_the_answerer_to_the_issuer(client: AsyncClient, auth: AuthHelper,
                                                                        service_app: FastAPI) -> None:
    f = (await client.post("/v1/followups", json={
        "kind": "reminder_letter", "target_code": "540100", "findings": "档案更新不及时。", "requirements": "限期补录。",
        "due_on": "2026-12-01"}, headers=region(auth))).json()
    await run_job(client, auth)
    due = [r for r in await mine(client, pref(auth), "followup_answer_due") if f["number"] in r["title"]]
    assert len(due) == 1 and due[0]["link"] == f"/audit/followups?open={f['id']}" and due[0]["overdue"] is False
    assert due[0]["kind_label"] == "督办文书待反馈"
    assert not [r for r in await mine(client, pref(auth, SHIGATSE)) if f["number"] in r["title"]]  # not 日喀则's
    summary = (await client.get("/v1/reminders/summary", headers=pref(auth))).json()
    assert summary["by_kind"]["followup_answer_due"] >= 1
    # the deadline passes: the next run marks it overdue
    service_app.state.today.fn = lambda: dt.date(2026, 12, 3)
    await run_job(client, auth)
    assert [r["overdue"] for r in await mine(client, pref(auth), "followup_answer_due") if f["number"] in r["title"]] == [True]
    # answered: gone for 拉萨 at once (no job run), and the region is asked to review
    await client.post(f"/v1/followups/{f['id']}/answer", json={"answer": "已补录全部档案。"}, headers=pref(auth))
    assert not [r for r in await mine(client, pref(auth), "followup_answer_due") if f["number"] in r["title"]]
    assert [r for r in await mine(client, region(auth), "followup_review") if f["number"] in r["title"]]
    # returned: the answer is due again; closed: nothing left
    await client.post(f"/v1/followups/{f['id']}/return", json={"comment": "请附佐证"}, headers=region(auth))
    assert [r for r in await mine(client, pref(auth), "followup_answer_due") if f["number"] in r["title"]]
    assert not [r for r in await mine(client, region(auth), "followup_review") if f["number"] in r["title"]]
    await client.post(f"/v1/followups/{f['id']}/answer", json={"answer": "佐证见附件。"}, headers=pref(auth))
    await client.post(f"/v1/followups/{f['id']}/close", json={"comment": "办结"}, headers=region(auth))
    await run_job(client, auth)
    assert not [r for r in await mine(client, pref(auth)) + await mine(client, region(auth)) if f["number"] in r["title"]]


async def test_half_month_reports_and_push_failures(client: AsyncClient, auth: AuthHelper,
                                                    session: AsyncSession) -> None:
    await run_job(client, auth)
    due = await mine(client, pref(auth), "report_due")
    codes = {r["link"].rsplit("=", 1)[1] for r in due}
    assert "2026-11-H1" in codes and "2026-11-H2" in codes  # the last one ended, the current one ends in 3 days
    assert next(r for r in due if r["link"].endswith("2026-11-H1"))["overdue"] is True
    await client.put("/v1/progress/reports/2026-11-H1", json={"progress": "本期新建档 12 户，完成检查 30 次。"},
                     headers=pref(auth))
    await client.post("/v1/progress/reports/2026-11-H1/submit", headers=pref(auth))
    assert {r["link"].rsplit("=", 1)[1] for r in await mine(client, pref(auth), "report_due")} == {"2026-11-H2"}
    # a dead push raises one reminder for the region; the resend takes it away
    s = (await client.post("/v1/scores", json={"org_code": "540200", "period": "2026", "points": "1",
                                               "reason": "按时报送"}, headers=region(auth))).json()
    await session.execute(update(NationalPush).where(NationalPush.record_id == s["id"]).values(status="dead"))
    await run_job(client, auth)
    failed = await mine(client, region(auth), "national_push_failed")
    assert len(failed) == 1 and failed[0]["link"] == "/audit/national?status=dead"
    assert await mine(client, pref(auth), "national_push_failed") == []
    push_id = (await client.get("/v1/national/deliveries?status=dead", headers=region(auth))).json()["items"][0]["id"]
    await client.post(f"/v1/national/deliveries/{push_id}/resend", headers=region(auth))
    assert await mine(client, region(auth), "national_push_failed") == []


async def test_who_sees_which_reminders(client: AsyncClient, auth: AuthHelper) -> None:
    await run_job(client, auth)
    own = await mine(client, region(auth))
    subtree = (await client.get("/v1/reminders", params={"scope": "subtree", "size": 200}, headers=region(auth))).json()
    assert subtree["total"] >= len(own)  # the region may look at everything below it
    assert all(r["owner_path"] == "540000" for r in own)
    r = await client.get("/v1/reminders", headers=auth.headers("enterprise_user", "540000/540100/540102/540102-01",
                                                              enterprise_id="00000000-0000-4000-8000-000000000001"))
    assert r.status_code == 200 and r.json()["total"] == 0
    assert (await client.post("/internal/reminders/run", headers=region(auth))).status_code == 403
