"""Follow-up documents: numbering, docx and PDF that open, answer / return / close, overdue
answers, who may do what, bad input."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
import pypdf
from audit_factories import answer_all, county, new_audit, pref, region
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.models import FollowUp, NationalPush
from servicekit.testing import AuthHelper

LETTER = {"kind": "reminder_letter", "target_code": "540100", "findings": "平台档案更新不及时，2 户逾期未建档。",
          "requirements": "立即补录逾期档案，建立每周核对机制。", "due_on": "2026-12-10"}


async def issue(client: AsyncClient, headers: dict[str, str], **kw: Any) -> dict[str, Any]:
    r = await client.post("/v1/followups", json={**LETTER, **kw}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def test_numbers_follow_the_issuer_and_year(client: AsyncClient, auth: AuthHelper) -> None:
    a = await issue(client, region(auth))
    b = await issue(client, region(auth), kind="rectification_notice", target_code="540200")
    n_a = int(re.fullmatch(r"藏市监督〔2026〕(\d+)号", a["number"])[1])  # type: ignore[index]
    assert b["number"] == f"藏市监督〔2026〕{n_a + 1}号"
    c = await issue(client, pref(auth), target_code="540102")
    assert re.fullmatch(r"拉萨市监督〔2026〕\d+号", c["number"]), c["number"]
    r = await client.put("/v1/document-prefix", json={"prefix": "拉市监督"}, headers=pref(auth))
    assert r.status_code == 200
    d = await issue(client, pref(auth), target_code="540102")
    assert d["number"].startswith("拉市监督〔2026〕")
    r = await client.put("/v1/document-prefix", json={"prefix": "拉市监督"}, headers=pref(auth, "540000/540200"))
    assert r.status_code == 409 and r.json()["code"] == "PREFIX_TAKEN"
    r = await client.put("/v1/document-prefix", json={"prefix": "藏市监督"}, headers=pref(auth, "540000/540200"))
    assert r.status_code == 409 and r.json()["code"] == "PREFIX_TAKEN"  # the region's default
    assert a["title"] == "关于拉萨市市场监督管理局落实“两个规定”有关问题的敦促提醒函"


async def test_documents_open_as_docx_and_pdf(client: AsyncClient, auth: AuthHelper) -> None:
    f = await issue(client, region(auth))
    r = await client.get(f"/v1/followups/{f['id']}/document.docx", headers=region(auth))
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "敦促提醒函" in text and f["number"] in text and "拉萨市市场监督管理局：" in text
    assert "平台档案更新不及时" in text and "请于2026年12月10日前将整改落实情况书面反馈西藏自治区市场监督管理局" in text
    r = await client.get(f"/v1/followups/{f['id']}/document.pdf", headers=region(auth))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(r.content)).pages)
    assert "敦促提醒函" in pdf_text and f["number"] in pdf_text and "建立每周核对机制" in pdf_text
    iv = await issue(client, region(auth), kind="interview", due_on=None, interview={
        "held_at": "2026年11月20日上午10时", "place": "区局三楼会议室", "interviewers": "王威",
        "interviewees": "拉萨市局分管副局长", "record": "被约谈单位表示立即整改。"})
    r = await client.get(f"/v1/followups/{iv['id']}/document.docx", headers=region(auth))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "约谈记录" in text and "被约谈人：拉萨市局分管副局长" in text and "被约谈单位表示立即整改。" in text


async def test_answer_return_close(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    f = await issue(client, region(auth))
    url = f"/v1/followups/{f['id']}"
    assert f["can_answer"] is False  # the issuer does not answer its own letter
    seen = (await client.get(url, headers=pref(auth))).json()
    assert seen["can_answer"] is True
    r = await client.post(f"{url}/answer", json={"answer": "已补录档案"}, headers=county(auth))
    assert r.status_code == 404  # a county below the addressee does not even see its letters
    r = await client.post(f"{url}/answer", json={"answer": "已补录档案"}, headers=region(auth))
    assert r.status_code == 403 and r.json()["code"] == "FOLLOWUP_NOT_TARGET"
    r = await client.post(f"{url}/files", files={"file": ("整改报告.pdf", b"%PDF-1.4 x", "application/pdf")},
                          headers=pref(auth))
    assert r.status_code == 201
    r = await client.post(f"{url}/answer", json={"answer": "已补录 2 户档案，建立每周核对。"}, headers=pref(auth))
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = await client.post(f"{url}/close", json={"comment": "同意"}, headers=pref(auth))
    assert r.status_code == 403 and r.json()["code"] == "FOLLOWUP_NOT_ISSUER"
    r = await client.post(f"{url}/return", json={"comment": "未附核对记录"}, headers=region(auth))
    assert r.status_code == 200 and r.json()["status"] == "issued"
    assert r.json()["history"][0]["answer"] == "已补录 2 户档案，建立每周核对。"
    await client.post(f"{url}/answer", json={"answer": "补充核对记录见附件。"}, headers=pref(auth))
    r = await client.post(f"{url}/close", json={"comment": "整改到位，办结"}, headers=region(auth))
    assert r.status_code == 200 and r.json()["status"] == "closed" and len(r.json()["files"]) == 1
    r = await client.post(f"{url}/answer", json={"answer": "再次反馈"}, headers=pref(auth))
    assert r.status_code == 409
    # every state change is a new version for the national platform
    versions = (await session.scalars(select(NationalPush.version).where(NationalPush.record_id == f["id"])
                                      .order_by(NationalPush.version))).all()
    assert list(versions) == [1, 2, 3, 4, 5]


async def test_overdue_answers_are_listed(client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    late = await issue(client, region(auth), due_on="2026-12-01")
    answered = await issue(client, region(auth), target_code="540200", due_on="2026-12-01")
    await client.post(f"/v1/followups/{answered['id']}/answer", json={"answer": "已整改完毕。"}, headers=pref(auth, "540000/540200"))
    service_app.state.today.fn = lambda: dt.date(2026, 12, 5)
    r = await client.get("/v1/followups?overdue=true&size=200", headers=region(auth))
    rows = {x["id"]: x for x in r.json()["items"]}
    assert late["id"] in rows and answered["id"] not in rows
    assert rows[late["id"]]["days_overdue"] == 4 and rows[late["id"]]["overdue"] is True
    # the receiving bureau sees its own overdue letters, not another prefecture's
    mine = {x["id"] for x in (await client.get("/v1/followups?direction=received&size=200", headers=pref(auth))).json()["items"]}
    assert late["id"] in mine and answered["id"] not in mine


async def test_bad_input_and_wrong_targets_write_nothing(client: AsyncClient, auth: AuthHelper,
                                                         session: AsyncSession) -> None:
    before = await session.scalar(select(func.count()).select_from(FollowUp))
    cases = [({"due_on": None}, 422, "FOLLOWUP_DUE_REQUIRED"), ({"due_on": "2026-11-01"}, 422, "FOLLOWUP_DUE_BEFORE_ISSUE"),
             ({"kind": "interview", "due_on": None}, 422, "FOLLOWUP_INTERVIEW_REQUIRED"),
             ({"kind": "warning"}, 422, "VALIDATION_ERROR"), ({"target_code": "540102"}, 403, "NOT_SUBORDINATE"),
             ({"findings": ""}, 422, "VALIDATION_ERROR")]
    for change, status, code in cases:
        r = await client.post("/v1/followups", json={**LETTER, **change}, headers=region(auth))
        assert r.status_code == status and r.json()["code"] == code, (change, r.text)
    r = await client.post("/v1/followups", json={**LETTER, "target_code": "540000"}, headers=county(auth))
    assert r.status_code == 403
    assert await session.scalar(select(func.count()).select_from(FollowUp)) == before


async def test_issued_from_an_audit(client: AsyncClient, auth: AuthHelper) -> None:
    audit = await new_audit(client, region(auth), "540600")
    r = await client.post("/v1/followups", json={**LETTER, "target_code": "540600", "audit_id": audit["id"]},
                          headers=region(auth))
    assert r.status_code == 422 and r.json()["code"] == "FOLLOWUP_AUDIT_DRAFT"  # a draft is no basis yet
    await answer_all(client, region(auth), audit)
    assert (await client.post(f"/v1/audits/{audit['id']}/submit", headers=region(auth))).status_code == 200
    f = await issue(client, region(auth), target_code="540600", audit_id=audit["id"])
    assert f["audit_id"] == audit["id"]
    got = (await client.get(f"/v1/followups/{f['id']}", headers=region(auth))).json()
    assert got["audit_number"] == audit["number"]
    assert (await client.get(f"/v1/audits/{audit['id']}", headers=region(auth))).json()["followups"] == 1
    r = await client.post("/v1/followups", json={**LETTER, "audit_id": audit["id"]}, headers=region(auth))
    assert r.status_code == 422 and r.json()["code"] == "FOLLOWUP_AUDIT_TARGET"
