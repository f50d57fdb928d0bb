"""A bureau's own records (宣贯培训, 工作专班, 联络员, 领导小组) and what items 1.1–1.2 read from
them; half-monthly reports, dispatch meetings, the work ledger and briefings."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
from audit_factories import SHIGATSE, new_audit, pref, region
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.models import Liaison
from servicekit.audit import AuditRecord
from servicekit.testing import AuthHelper

GROUP = {"name": "推进“两个规定”落实工作专班", "established_on": "2026-03-01", "document_no": "拉市监发〔2026〕8号",
         "members": [{"name": "卫智军", "title": "局长", "duty": "组长"}, {"name": "次仁", "title": "科长"}],
         "meets": "每周例会"}


async def test_activities_and_work_group_fill_items_1_1_and_1_2(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.post("/v1/bureau/activities", json={
        "held_on": "2026-08-12", "title": "两个规定宣贯培训班", "audience": "both", "attendance": 86, "enterprises": 40,
        "place": "拉萨市局会议室"}, headers=pref(auth))
    assert r.status_code == 201, r.text
    mat = await client.post(f"/v1/bureau/activities/{r.json()['id']}/materials",
                            files={"file": ("签到表.png", b"\x89PNG\r\n\x1a\nxx", "image/png")}, headers=pref(auth))
    assert mat.status_code == 201
    await client.post("/v1/bureau/activities", json={"held_on": "2026-01-05", "title": "期间外的培训",
                                                     "audience": "law_enforcement", "attendance": 10}, headers=pref(auth))
    wrong = await client.post("/v1/bureau/activities", json={"held_on": "2026-08-13", "title": "误登记的活动",
                                                             "audience": "enterprises", "attendance": 500}, headers=pref(auth))
    assert (await client.delete(f"/v1/bureau/activities/{wrong.json()['id']}",
                                headers=pref(auth, SHIGATSE))).status_code == 404
    assert (await client.delete(f"/v1/bureau/activities/{wrong.json()['id']}", headers=pref(auth))).status_code == 204
    assert (await client.put("/v1/bureau/work-group", json=GROUP, headers=pref(auth))).status_code == 200
    r = await client.put("/v1/bureau/liaison", json={"name": "兰倩", "position": "计量认证处", "phone": "13800001234",
                                                     "since": "2026-03-01"}, headers=pref(auth))
    assert r.status_code == 200 and r.json()["phone_masked"] == "138****1234"
    audit = await new_audit(client, region(auth), "540100")
    items = {i["code"]: i for i in audit["items"]}
    figs = {f["label"]: f["value"] for f in items["1.1"]["figures"]}
    assert items["1.1"]["suggested"] is True and figs["期间宣贯培训活动"] == 1 and figs["参加人次"] == 86
    assert figs["其中面向企业"] == 1 and figs["其中面向执法人员"] == 1
    assert items["1.2"]["suggested"] is True
    assert {f["label"]: f["value"] for f in items["1.2"]["figures"]}["专班成员"] == 2
    # another prefecture without records is told so
    other = {i["code"]: i for i in (await new_audit(client, region(auth), "540200"))["items"]}
    assert other["1.1"]["suggested"] is False and other["1.2"]["suggested"] is False


async def test_liaison_phone_is_encrypted_masked_and_unmasking_is_audited(client: AsyncClient, auth: AuthHelper,
                                                                          session: AsyncSession) -> None:
    r = await client.put("/v1/bureau/liaison", json={"name": "扎西", "position": "综合科", "phone": "13912345678",
                                                     "since": "2026-05-01"}, headers=pref(auth, SHIGATSE))
    lid = r.json()["id"]
    row = await session.get(Liaison, __import__("uuid").UUID(lid))
    assert row is not None and b"13912345678" not in row.phone_enc
    listed = (await client.get("/v1/bureau/liaisons", headers=region(auth))).json()
    assert any(x["id"] == lid and x["phone_masked"] == "139****5678" for x in listed)
    assert (await client.get(f"/v1/bureau/liaisons/{lid}/phone", headers=pref(auth))).status_code == 404
    r = await client.get(f"/v1/bureau/liaisons/{lid}/phone", headers=region(auth))
    assert r.json() == {"phone": "13912345678"}
    unmasked = await session.scalar(select(AuditRecord).where(AuditRecord.entity_id == lid,
                                                              AuditRecord.action == "unmask"))
    assert unmasked is not None and unmasked.actor_username == "区局 张三"
    bad = await client.put("/v1/bureau/liaison", json={"name": "扎西", "position": "综合科", "phone": "12345",
                                                       "since": "2026-05-01"}, headers=pref(auth, SHIGATSE))
    assert bad.status_code == 422


async def test_leading_group_is_annex_1(client: AsyncClient, auth: AuthHelper) -> None:
    g = (await client.get("/v1/bureau/leading-group", headers=pref(auth))).json()
    assert len(g["members"]) == 32 and g["members"][0]["name"] == "多吉欧珠" and g["members"][0]["group_role"] == "leader"
    assert [m["group_role"] for m in g["members"]].count("deputy") == 6
    assert {"name": "王威", "position": "计量和认证监管处处长"}.items() <= {**g["members"][17]}.items()
    assert len(g["duties"]) == 14 and g["duties"][11]["text"].startswith("落实督查清单")
    assert len(g["rules"]) == 3 and "每半月召开工作调度会议" in g["rules"][0]["text"]
    r = await client.put("/v1/bureau/leading-group", json={"members": [{"name": "王威", "position": "处长"}]},
                         headers=region(auth))
    assert r.status_code == 403
    r = await client.put("/v1/bureau/leading-group", json={"members": [
        *g["members"], {"name": "某某", "position": "自治区局某处处长", "group_role": "member"}]},
                         headers=auth.headers("region_admin"))
    assert r.status_code == 200 and r.json()["members"][-1]["name"] == "某某" and len(r.json()["members"]) == 33


async def test_half_month_reports_on_time_missing_and_returned(client: AsyncClient, auth: AuthHelper,
                                                               service_app: FastAPI) -> None:
    body = {"progress": "本期新建档 12 户，完成检查 30 次。", "highlights": "建立周调度。", "difficulties": "偏远县信号差。"}
    assert (await client.put("/v1/progress/reports/2026-11-H1", json=body, headers=pref(auth))).status_code == 200
    # drafts stay private to the reporter
    rows = {x["org_code"]: x for x in (await client.get("/v1/progress/reports?period_code=2026-11-H1",
                                                         headers=region(auth))).json()}
    assert rows["540100"]["status"] == "missing" and rows["540100"]["overdue"] is True and len(rows) == 8
    r = await client.post("/v1/progress/reports/2026-11-H1/submit", headers=pref(auth))
    assert r.json()["status"] == "submitted" and r.json()["on_time"] is False  # due 15 Nov, today is the 27th
    service_app.state.today.fn = lambda: dt.date(2026, 11, 20)
    assert (await client.put("/v1/progress/reports/2026-11-H2", json=body, headers=pref(auth))).status_code == 200
    r = await client.post("/v1/progress/reports/2026-11-H2/submit", headers=pref(auth))
    assert r.json()["on_time"] is True
    r = await client.put("/v1/progress/reports/2026-11-H2", json=body, headers=pref(auth))
    assert r.status_code == 409 and r.json()["code"] == "REPORT_SUBMITTED"
    r = await client.post("/v1/progress/reports/2026-11-H2/540100/return", json={"comment": "请补充检查数据"},
                          headers=region(auth))
    assert r.json()["status"] == "returned"
    assert (await client.put("/v1/progress/reports/2026-11-H2", json=body, headers=pref(auth))).status_code == 200
    r = await client.post("/v1/progress/reports/2026-11-H2/submit", headers=pref(auth))
    assert r.json()["on_time"] is True  # timeliness stays the first submission's
    for bad, code in [("2026-13-H1", "PERIOD_INVALID"), ("2026-12-H1", "PERIOD_NOT_STARTED")]:
        r = await client.put(f"/v1/progress/reports/{bad}", json=body, headers=pref(auth))
        assert r.status_code == 422 and r.json()["code"] == code
    r = await client.put("/v1/progress/reports/2026-11-H1", json=body,
                         headers=auth.headers("county_officer", "540000/540100/540102"))
    assert r.status_code == 403 and r.json()["code"] == "REPORT_NOT_REPORTER"


async def test_meeting_decisions_make_the_ledger(client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    r = await client.post("/v1/progress/meetings", json={
        "held_on": "2026-11-16", "chair": "王威", "period_code": "2026-11-H1", "minutes": "听取各地市进展汇报，部署下一步任务。",
        "decisions": [{"content": "拉萨市 11 月底前补齐逾期档案", "owner_code": "540100", "owner_person": "卫智军",
                       "due_on": "2026-11-25"},
                      {"content": "日喀则市开展一次宣贯培训", "owner_code": "540200", "due_on": "2026-12-31"}]},
        headers=region(auth))
    assert r.status_code == 201, r.text
    meeting = r.json()
    assert meeting["title"].startswith("2026年第") and len(meeting["decisions"]) == 2
    await client.post("/v1/followups", json={"kind": "reminder_letter", "target_code": "540100", "findings": "进展滞后。",
                                             "requirements": "加快进度。", "due_on": "2026-12-05"}, headers=region(auth))
    ledger = (await client.get("/v1/progress/ledger", headers=pref(auth))).json()
    assert {x["source"] for x in ledger} == {"decision", "followup"}
    assert all(x["owner_code"] == "540100" for x in ledger)  # 拉萨 sees its own items only
    overdue = (await client.get("/v1/progress/ledger?status=overdue", headers=region(auth))).json()
    assert [x["content"] for x in overdue] == ["拉萨市 11 月底前补齐逾期档案"]
    did = overdue[0]["id"]
    r = await client.post(f"/v1/progress/decisions/{did}/done", json={"note": "已补齐"}, headers=pref(auth, SHIGATSE))
    assert r.status_code == 404
    r = await client.post(f"/v1/progress/decisions/{did}/done", json={"note": "已补齐 3 户"}, headers=pref(auth))
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert (await client.get("/v1/progress/ledger?status=overdue", headers=region(auth))).json() == []
    x = await client.get("/v1/progress/ledger.xlsx", headers=region(auth))
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(io.BytesIO(x.content)).active.iter_rows()]
    assert any(r[3] == "拉萨市 11 月底前补齐逾期档案" and r[6] == "已销号" for r in rows)
    r = await client.post("/v1/progress/meetings", json={"held_on": "2026-11-16", "minutes": "会议纪要十个字以上的内容",
                                                         "decisions": [{"content": "过期事项", "owner_code": "540100",
                                                                        "due_on": "2026-11-01"}]}, headers=region(auth))
    assert r.status_code == 422 and r.json()["code"] == "DECISION_DUE_BEFORE_MEETING"
    assert (await client.post("/v1/progress/meetings", json={"held_on": "2026-11-16", "minutes": "会议纪要十个字以上"},
                              headers=pref(auth))).status_code == 403


async def test_briefing_compiled_from_the_reports(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.post("/v1/progress/briefings", json={"period_code": "2026-10-H2"}, headers=region(auth))
    assert r.status_code == 422 and r.json()["code"] == "BRIEFING_NO_REPORTS"
    await client.put("/v1/progress/reports/2026-10-H2", json={"progress": "拉萨本期完成检查 40 次。",
                                                             "highlights": "推行扫码检查。"}, headers=pref(auth))
    await client.post("/v1/progress/reports/2026-10-H2/submit", headers=pref(auth))
    r = await client.post("/v1/progress/briefings", json={"period_code": "2026-10-H2"}, headers=region(auth))
    assert r.status_code == 201
    b = r.json()
    assert "应报 8 家，已报 1 家" in b["text"] and "拉萨市：推行扫码检查。" in b["text"] and "未报送：" in b["text"]
    assert (await client.get("/v1/progress/briefings", headers=pref(auth))).json() == []  # drafts are the region's
    r = await client.patch(f"/v1/progress/briefings/{b['id']}", json={"text": b["text"] + "\n编者按：请各地借鉴。",
                                                                       "base_version": b["version"]}, headers=region(auth))
    assert r.status_code == 200
    r = await client.post(f"/v1/progress/briefings/{b['id']}/publish", headers=region(auth))
    assert r.json()["status"] == "published"
    assert [x["id"] for x in (await client.get("/v1/progress/briefings", headers=pref(auth))).json()] == [b["id"]]
    d = await client.get(f"/v1/progress/briefings/{b['id']}/document.docx", headers=pref(auth))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(d.content)).paragraphs)
    assert "工作简报" in text and f"2026年第{b['issue_no']}期" in text and "编者按：请各地借鉴。" in text
    pdf = await client.get(f"/v1/progress/briefings/{b['id']}/document.pdf", headers=pref(auth))
    assert pdf.content.startswith(b"%PDF")
