"""Audits of lower bureaus: the 附件6 checklist, the pre-fill from the other services' figures,
the auditor's confirmation or correction, submission, jurisdiction and bad input."""

from __future__ import annotations

import io

import openpyxl
from audit_factories import CHENGGUAN, LHASA, SAMZHUBZE, SHIGATSE, STATION, answer_all, county, new_audit, pref, region
from conftest import FigureDouble
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.models import Audit, AuditItem, NationalPush
from servicekit.testing import AuthHelper

SEED_TASKS = {
    "1.1": "组织开展法律法规政策文件宣贯落实。",
    "2.3": "将工业产品质量安全主体责任信息平台信息逐级按要求进行归集和汇总。",
    "4.2": "监管任务清单全面、完整、准确，建立关键风险点和重点风险管控子项。",
    "7.3": "制定督查计划，对下级市场监管部门开展督查。",
}


async def test_checklist_is_annex_6_word_for_word(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.get("/v1/checklists", headers=region(auth))
    assert r.status_code == 200
    (current,) = [c for c in r.json() if c["current"]]
    items = {i["code"]: i for i in current["items"]}
    assert list(items) == ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "4.3", "5.1", "5.2",
                           "6.1", "6.2", "7.1", "7.2", "7.3"]
    for code, task in SEED_TASKS.items():
        assert items[code]["task"] == task
    assert items["5.1"]["section"] == "督查清单建立及督查情况"


async def test_region_audits_prefecture_with_prefilled_items(client: AsyncClient, auth: AuthHelper,
                                                             figures: FigureDouble) -> None:
    figures.figures["registry"]["archives_overdue"] = 2
    audit = await new_audit(client, region(auth), "540100")
    assert audit["number"].startswith("DC-540000-2026-")
    assert audit["status"] == "draft" and audit["can_edit"] is True
    assert audit["prefill_state"] == {"registry": "ok", "grading": "ok", "inspection": "ok"}
    assert figures.calls[-1] == (LHASA, __import__("datetime").date(2026, 7, 1), __import__("datetime").date(2026, 10, 31))
    items = {i["code"]: i for i in audit["items"]}
    assert len(items) == 17
    # the figures shown are the services' numbers, with their source
    fig = {f["label"]: f for f in items["2.2"]["figures"]}
    assert fig["逾期未建档（超过5个工作日）"]["value"] == 2 and fig["逾期未建档（超过5个工作日）"]["source_label"] == "主体档案服务"
    assert items["2.2"]["suggested"] is False and "逾期未建档 2 户" in items["2.2"]["basis"]
    assert items["2.1"]["suggested"] is True
    assert items["3.1"]["suggested"] is True and "B级" in items["3.1"]["basis"]
    assert {f["label"]: f["value"] for f in items["3.1"]["figures"]}["本层级主体清单"] == 6
    assert items["4.2"]["suggested"] is True  # 14 of 14 checklists carry key risk points
    assert items["4.3"]["suggested"] is True
    assert items["6.2"]["suggested"] is False  # 9 of 10 officers
    assert items["6.1"]["suggested"] is None and items["7.2"]["suggested"] is None
    assert items["1.1"]["suggested"] is False  # no activities registered for 拉萨 in the audit service
    assert all(i["implemented"] is None for i in audit["items"])


async def test_correction_needs_a_reason_and_is_kept(client: AsyncClient, auth: AuthHelper,
                                                     session: AsyncSession) -> None:
    audit = await new_audit(client, region(auth), "540100")
    url = f"/v1/audits/{audit['id']}/items/2.1"
    r = await client.put(url, json={"implemented": False, "highlights": "平台录入不全"}, headers=region(auth))
    assert r.status_code == 422 and r.json()["code"] == "AUDIT_CORRECTION_REASON_REQUIRED"
    item = await session.get(AuditItem, (__import__("uuid").UUID(audit["id"]), "2.1"))
    assert item is not None and item.implemented is None  # nothing written
    r = await client.put(url, json={"implemented": False, "highlights": "平台录入不全",
                                    "correction_reason": "实地抽查 5 户，2 户信息与档案不一致"}, headers=region(auth))
    assert r.status_code == 200, r.text
    got = {i["code"]: i for i in r.json()["items"]}["2.1"]
    assert got["suggested"] is True and got["implemented"] is False and got["corrected"] is True
    assert got["correction_reason"] == "实地抽查 5 户，2 户信息与档案不一致"
    # agreeing with the data needs no reason, and drops an old one
    r = await client.put(url, json={"implemented": True}, headers=region(auth))
    got = {i["code"]: i for i in r.json()["items"]}["2.1"]
    assert got["corrected"] is False and got["correction_reason"] is None


async def test_submit_requires_every_item_then_queues_the_national_push(client: AsyncClient, auth: AuthHelper,
                                                                        session: AsyncSession) -> None:
    audit = await new_audit(client, region(auth), "540200")
    r = await client.post(f"/v1/audits/{audit['id']}/submit", headers=region(auth))
    assert r.status_code == 422 and r.json()["code"] == "AUDIT_INCOMPLETE" and "1.1" in r.json()["detail"]
    await answer_all(client, region(auth), audit)
    r = await client.post(f"/v1/audits/{audit['id']}/submit", headers=region(auth))
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["status"] == "submitted" and done["can_edit"] is False and done["push_status"] == "pending"
    again = await client.post(f"/v1/audits/{audit['id']}/submit", headers=region(auth))
    assert again.status_code == 200 and again.json()["version"] == done["version"]
    pushes = (await session.scalars(select(NationalPush).where(NationalPush.record_id == audit["id"]))).all()
    assert len(pushes) == 1
    body = pushes[0].body
    assert body["record_type"] == "audit" and body["org_code"] == "540000" and len(body["data"]["items"]) == 17
    assert pushes[0].idempotency_key == f"audit:{audit['id']}:v{done['version']}"
    r = await client.put(f"/v1/audits/{audit['id']}/items/1.1", json={"implemented": True}, headers=region(auth))
    assert r.status_code == 409 and r.json()["code"] == "AUDIT_SUBMITTED"


async def test_a_service_that_does_not_answer_leaves_its_items_open(client: AsyncClient, auth: AuthHelper,
                                                                    figures: FigureDouble) -> None:
    figures.down = {"grading"}
    audit = await new_audit(client, pref(auth), "540102")
    assert audit["prefill_state"]["grading"].startswith("grading暂不可用")
    items = {i["code"]: i for i in audit["items"]}
    assert items["3.1"]["suggested"] is None and "重新取数" in items["3.1"]["basis"]
    assert items["2.1"]["suggested"] is True  # registry and inspection answered
    # judged 否 while the data could not tell: no reason needed yet
    r = await client.put(f"/v1/audits/{audit['id']}/items/3.1", json={"implemented": False}, headers=pref(auth))
    assert r.status_code == 200
    figures.down = set()
    r = await client.post(f"/v1/audits/{audit['id']}/refresh", headers=pref(auth))
    assert r.status_code == 200
    assert {i["code"]: i for i in r.json()["items"]}["3.1"]["suggested"] is True
    assert r.json()["prefill_state"]["grading"] == "ok"
    # now the data says 是: the 否 must be explained before the audit can be submitted
    await answer_all(client, pref(auth), {**audit, "items": [i for i in audit["items"] if i["code"] != "3.1"]})
    r = await client.post(f"/v1/audits/{audit['id']}/submit", headers=pref(auth))
    assert r.status_code == 422 and r.json()["code"] == "AUDIT_CORRECTION_REASON_REQUIRED" and "3.1" in r.json()["detail"]


async def test_only_direct_subordinates_can_be_audited(client: AsyncClient, auth: AuthHelper,
                                                       session: AsyncSession) -> None:
    before = await session.scalar(select(func.count()).select_from(Audit))
    body = {"period_start": "2026-07-01", "period_end": "2026-10-31", "audited_on": "2026-11-20", "auditors": "王五"}
    # a county cannot audit its prefecture, nor a prefecture another prefecture's county, nor skip a level
    for headers, target in [(county(auth), "540100"), (pref(auth), "540202"), (pref(auth), "540102-01"),
                            (region(auth), "540102"), (pref(auth, SHIGATSE), "540102")]:
        r = await client.post("/v1/audits", json={**body, "target_code": target}, headers=headers)
        assert r.status_code == 403 and r.json()["code"] == "NOT_SUBORDINATE", (target, r.text)
    # a station inspector does not audit
    r = await client.post("/v1/audits", json={**body, "target_code": "540102-01"},
                          headers=auth.headers("station_inspector", STATION))
    assert r.status_code == 403
    assert await session.scalar(select(func.count()).select_from(Audit)) == before


async def test_a_prefecture_sees_only_its_counties_audits(client: AsyncClient, auth: AuthHelper) -> None:
    ours = await new_audit(client, pref(auth), "540102")
    theirs = await new_audit(client, pref(auth, SHIGATSE), "540202")
    of_lhasa = await new_audit(client, region(auth), "540100", period_start="2026-01-01")
    listed = {a["id"] for a in (await client.get("/v1/audits?size=200", headers=pref(auth))).json()["items"]}
    assert ours["id"] in listed and of_lhasa["id"] in listed and theirs["id"] not in listed
    r = await client.get(f"/v1/audits/{theirs['id']}", headers=pref(auth))
    assert r.status_code == 404
    # the audited county reads its audit but cannot write it
    r = await client.get(f"/v1/audits/{ours['id']}", headers=county(auth))
    assert r.status_code == 200 and r.json()["can_edit"] is False
    r = await client.put(f"/v1/audits/{ours['id']}/items/1.1", json={"implemented": True}, headers=county(auth))
    assert r.status_code == 403 and r.json()["code"] == "AUDIT_NOT_AUDITOR"
    # another county of 拉萨 does not see it
    r = await client.get(f"/v1/audits/{ours['id']}", headers=county(auth, "540000/540100/540103"))
    assert r.status_code == 404
    # the region sees everything
    listed = {a["id"] for a in (await client.get("/v1/audits?size=200", headers=region(auth))).json()["items"]}
    assert {ours["id"], theirs["id"]} <= listed
    assert SAMZHUBZE.endswith(theirs["target_code"]) and CHENGGUAN.endswith(ours["target_code"])


async def test_bad_input_is_refused_and_nothing_written(client: AsyncClient, auth: AuthHelper,
                                                        session: AsyncSession) -> None:
    before = await session.scalar(select(func.count()).select_from(Audit))
    base = {"target_code": "540100", "period_start": "2026-07-01", "period_end": "2026-10-31",
            "audited_on": "2026-11-20", "auditors": "张三"}
    cases = [({"period_start": "2026-11-01", "period_end": "2026-10-01"}, "PERIOD_RANGE"),
             ({"period_end": "2026-12-31"}, "DATE_IN_FUTURE"), ({"audited_on": "2027-01-01"}, "DATE_IN_FUTURE"),
             ({"target_code": "999999"}, "ORG_UNKNOWN"), ({"auditors": ""}, "VALIDATION_ERROR"),
             ({"period_start": "不是日期"}, "VALIDATION_ERROR")]
    for change, code in cases:
        r = await client.post("/v1/audits", json={**base, **change}, headers=region(auth))
        assert r.status_code in (403, 422) and r.json()["code"] == code, (change, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    assert await session.scalar(select(func.count()).select_from(Audit)) == before
    first = await new_audit(client, region(auth), "540100", period_start="2026-01-01", period_end="2026-06-30")
    r = await client.post("/v1/audits", json={**base, "period_start": "2026-01-01", "period_end": "2026-06-30"},
                          headers=region(auth))
    assert r.status_code == 409 and r.json()["code"] == "AUDIT_DUPLICATE" and first["number"] in r.json()["detail"]
    r = await client.put(f"/v1/audits/{first['id']}/items/9.9", json={"implemented": True}, headers=region(auth))
    assert r.status_code == 404 and r.json()["code"] == "AUDIT_ITEM_UNKNOWN"


async def test_same_client_id_twice_makes_one_audit(client: AsyncClient, auth: AuthHelper) -> None:
    cid = str(__import__("uuid").uuid4())
    a = await new_audit(client, region(auth), "540500", id=cid)
    r = await client.post("/v1/audits", json={"id": cid, "target_code": "540500", "period_start": "2026-07-01",
                                              "period_end": "2026-10-31", "audited_on": "2026-11-20",
                                              "auditors": "张三、李四"}, headers=region(auth))
    assert r.status_code == 200 and r.json()["number"] == a["number"]


async def test_evidence_files_and_the_filled_annex_6_table(client: AsyncClient, auth: AuthHelper) -> None:
    audit = await new_audit(client, region(auth), "540300")
    url = f"/v1/audits/{audit['id']}/files"
    r = await client.post(url, files={"file": ("会议纪要.pdf", b"%PDF-1.4 minimal", "application/pdf")},
                          data={"item_code": "1.2"}, headers=region(auth))
    assert r.status_code == 201, r.text
    again = await client.post(url, files={"file": ("copy.pdf", b"%PDF-1.4 minimal", "application/pdf")},
                              data={"item_code": "1.2"}, headers=region(auth))
    assert again.json()["id"] == r.json()["id"]  # the same content is the same file
    bad = await client.post(url, files={"file": ("x.exe", b"MZ\x90\x00", "application/pdf")}, headers=region(auth))
    assert bad.status_code == 422 and bad.json()["code"] == "DOCUMENT_TYPE"
    detail = (await client.get(f"/v1/audits/{audit['id']}", headers=region(auth))).json()
    assert len(detail["files"]) == 1 and {i["code"]: i for i in detail["items"]}["1.2"]["files"] == 1
    got = await client.get(f"{url}/{r.json()['id']}", headers=region(auth))
    assert got.content == b"%PDF-1.4 minimal"
    await answer_all(client, region(auth), audit)
    x = await client.get(f"/v1/audits/{audit['id']}/export.xlsx", headers=region(auth))
    assert x.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(x.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert "督查对象：昌都市市场监督管理局" in rows[0][0]
    codes = {r[0]: r for r in rows if r[0] and isinstance(r[0], str) and r[0][:1].isdigit()}
    assert codes["7.3"][2] == SEED_TASKS["7.3"] and codes["7.3"][3] in ("是", "否")


async def test_publishing_a_new_checklist_keeps_old_audits(client: AsyncClient, auth: AuthHelper) -> None:
    old = await new_audit(client, region(auth), "540400")
    body = {"title": "督查清单（2027 修订）", "source": "测试修订", "items": [
        {"code": "1.1", "section_no": 1, "section": "法律法规政策文件贯彻落实情况", "task": "组织开展法律法规政策文件宣贯落实。"},
        {"code": "8.1", "section_no": 8, "section": "新增事项", "task": "新增的具体任务。"}]}
    r = await client.post("/v1/checklists", json=body, headers=region(auth))
    assert r.status_code == 403  # region_officer is not the administrator
    r = await client.post("/v1/checklists", json=body, headers=auth.headers("region_admin"))
    assert r.status_code == 201 and r.json()["current"] is True
    new = await new_audit(client, region(auth), "540400", period_start="2026-01-01", period_end="2026-03-31")
    assert [i["code"] for i in new["items"]] == ["1.1", "8.1"]
    assert {i["code"]: i for i in new["items"]}["8.1"]["suggested"] is None
    assert len((await client.get(f"/v1/audits/{old['id']}", headers=region(auth))).json()["items"]) == 17
    bad = {**body, "items": body["items"] + [body["items"][0]]}
    r = await client.post("/v1/checklists", json=bad, headers=auth.headers("region_admin"))
    assert r.status_code == 422 and r.json()["code"] == "CHECKLIST_CODE_DUPLICATE"
