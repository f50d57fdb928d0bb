"""Survey import (dry run, apply, idempotence, GBK, crash), exports and prefecture filings."""

from __future__ import annotations

import io
from typing import Any

import pytest
import xlsxwriter
from fastapi import FastAPI
from httpx import AsyncClient
from python_calamine import CalamineWorkbook
from registry_factories import credit_code
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.imports import service as import_service
from registry.imports.worker import process_pending
from registry.models import Enterprise, ImportJob
from servicekit.audit import AuditRecord
from servicekit.outbox import OutboxEvent
from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("reference")

LHASA = "540000/540100"
CHENGGUAN = "540000/540100/540102"
HEADERS = ["统一社会信用代码", "单位名称", "单位类型", "所在县（区）", "所属市场监管所", "从业人员（人）", "营业收入（万元）",
           "数据年度", "主要产品", "生产许可证编号", "重点品类", "录入原因", "联系电话"]


def good_rows(n: int = 3) -> list[list[str]]:
    return [[credit_code(), f"拉萨第{i}燃气具有限公司", "生产、批发", "城关区", "540102-01", str(20 + i), "500", "2025",
             "燃气具", f"XK21-001-{i:05d}", "燃气具", "摸底调查", "0891-6331234"] for i in range(n)]


def xlsx(rows: list[list[str]], headers: list[str] = HEADERS, title: str | None = "拉萨市工业产品摸底调查表") -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    start = 0
    if title:
        ws.write(0, 0, title)
        start = 1
    ws.write_row(start, 0, headers)
    for i, r in enumerate(rows, start=start + 1):
        for j, v in enumerate(r):
            if v.isdigit() and j in (5, 6, 7):
                ws.write_number(i, j, int(v))
            else:
                ws.write_string(i, j, v)
    wb.close()
    return buf.getvalue()


async def upload(client: AsyncClient, headers: dict[str, str], content: bytes, name: str = "摸底.xlsx",
                 dry_run: bool = True) -> dict[str, Any]:
    resp = await client.post("/v1/imports", headers=headers, files={"file": (name, content)},
                             data={"dry_run": "true" if dry_run else "false"})
    assert resp.status_code == 202, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def run(client: AsyncClient, app: FastAPI, headers: dict[str, str], job_id: str) -> dict[str, Any]:
    await process_pending(app)
    return (await client.get(f"/v1/imports/{job_id}", headers=headers)).json()  # type: ignore[no-any-return]


async def count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_dry_run_reports_and_writes_nothing(client: AsyncClient, session: AsyncSession, service_app: FastAPI,
                                                  auth: AuthHelper) -> None:
    h = auth.headers("prefecture_officer", LHASA)
    rows = good_rows(2) + [
        ["9154010", "短代码公司", "生产", "城关区", "", "10", "100", "2025", "", "", "", "摸底调查", ""],
        [credit_code(), "类型错公司", "工厂", "城关区", "", "10", "100", "2025", "", "", "", "摸底调查", ""],
        [credit_code(), "县区错公司", "零售", "不存在县", "", "x", "100", "2025", "", "", "", "", ""],
        [credit_code(), "日喀则公司", "零售", "桑珠孜区", "", "5", "50", "2025", "", "", "", "摸底调查", ""],
        [credit_code(valid=False), "早期赋码商行", "零售", "达孜区", "", "3", "20", "2025", "", "", "", "摸底调查", ""],
    ]
    job = await upload(client, h, xlsx(rows))
    done = await run(client, service_app, h, job["id"])
    assert done["status"] == "succeeded" and done["dry_run"] is True
    assert (done["total_rows"], done["created_count"], done["rejected_count"]) == (7, 3, 4)
    by_row = {(e["row"], e["column"]): e for e in done["errors"]}
    # The title row is row 1, the header row 2, so data starts at row 3.
    assert "18 位" in by_row[(5, "统一社会信用代码")]["message"]
    assert "“工厂”不是有效类型" in by_row[(6, "单位类型")]["message"]
    assert "不存在县" in by_row[(7, "所在县（区）")]["message"]
    assert by_row[(7, "从业人员（人）")]["message"] == "“x”不是数字"
    assert by_row[(7, "录入原因")]["message"] == "首次录入须注明录入原因"
    assert by_row[(8, "所在县（区）")]["message"] == "不在您的管辖范围内，不能导入"
    assert by_row[(9, "统一社会信用代码")]["severity"] == "warning"
    assert await count(session, Enterprise) == 0
    assert await count(session, AuditRecord) == 0
    # The error report is a real xlsx with those rows.
    report = await client.get(f"/v1/imports/{job['id']}/errors.xlsx", headers=h)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(report.content)).get_sheet_by_index(0).to_python()
    assert sheet[0] == ["行号", "列", "问题", "级别"]
    assert any(r[0] == 5 and "18 位" in r[2] for r in sheet[1:] if r[0] != "")


async def test_apply_then_reimport_is_idempotent(client: AsyncClient, session: AsyncSession, service_app: FastAPI,
                                                 auth: AuthHelper) -> None:
    h = auth.headers("prefecture_officer", LHASA)
    rows = good_rows(3)
    content = xlsx(rows)
    dry = await run(client, service_app, h, (await upload(client, h, content))["id"])
    applied = await client.post(f"/v1/imports/{dry['id']}/apply", headers=h)
    assert applied.status_code == 202
    done = await run(client, service_app, h, applied.json()["id"])
    assert (done["status"], done["created_count"], done["dry_run"]) == ("succeeded", 3, False)
    units = (await session.scalars(select(Enterprise).order_by(Enterprise.name))).all()
    assert [u.org_path for u in units] == [CHENGGUAN + "/540102-01"] * 3
    assert units[0].unit_types == ["production", "wholesale"] and units[0].key_tags == ["gas_appliance", "licence_holder"]
    assert units[0].director_required is True and units[0].contact_phone_masked == "089*****1234"
    assert await count(session, AuditRecord) == 3
    events = (await session.scalars(select(OutboxEvent))).all()
    assert [e.topic for e in events] == ["enterprise.imported"] and len(events[0].payload["items"]) == 3
    # The same file again changes nothing.
    again = await run(client, service_app, h, (await upload(client, h, content, dry_run=False))["id"])
    assert (again["created_count"], again["updated_count"], again["unchanged_count"]) == (0, 0, 3)
    assert await count(session, Enterprise) == 3
    # A changed figure updates that unit only, keeping its history.
    rows[1][5] = "400"
    changed = await run(client, service_app, h, (await upload(client, h, xlsx(rows), dry_run=False))["id"])
    assert (changed["created_count"], changed["updated_count"], changed["unchanged_count"]) == (0, 1, 2)
    unit = await session.scalar(select(Enterprise).where(Enterprise.credit_code == rows[1][0]))
    assert unit is not None
    await session.refresh(unit)
    assert unit.employees == 400 and unit.version == 2
    hist = (await client.get(f"/v1/enterprises/{unit.id}/history", headers=h)).json()["items"]
    assert hist[0]["changed_fields"] == ["employees"] and hist[0]["before"] == {"employees": 21}


async def test_gbk_csv(client: AsyncClient, session: AsyncSession, service_app: FastAPI, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    lines = [",".join(HEADERS)] + [",".join(r) for r in good_rows(2)]
    content = ("\r\n".join(lines) + "\r\n").encode("gbk")
    done = await run(client, service_app, h, (await upload(client, h, content, name="摸底.csv", dry_run=False))["id"])
    assert done["status"] == "succeeded" and done["created_count"] == 2, done
    names = sorted((await session.scalars(select(Enterprise.name))).all())
    assert names == ["拉萨第0燃气具有限公司", "拉萨第1燃气具有限公司"]


async def test_unreadable_file_is_rejected(client: AsyncClient, service_app: FastAPI, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    bad_type = await client.post("/v1/imports", headers=h, files={"file": ("a.pdf", b"%PDF")}, data={"dry_run": "true"})
    assert bad_type.status_code == 422 and bad_type.json()["code"] == "IMPORT_FILE_TYPE"
    done = await run(client, service_app, h, (await upload(client, h, b"not a zip", name="x.xlsx"))["id"])
    assert done["status"] == "rejected" and "无法读取" in done["message"]
    no_header = xlsx(good_rows(1), headers=["名称", "类型"], title=None)
    done = await run(client, service_app, h, (await upload(client, h, no_header))["id"])
    assert done["status"] == "rejected" and "统一社会信用代码" in done["message"]


async def test_crash_midway_leaves_archive_unchanged(
    client: AsyncClient, session: AsyncSession, service_app: FastAPI, auth: AuthHelper, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = auth.headers("prefecture_officer", LHASA)
    monkeypatch.setattr(import_service, "BATCH", 2)
    calls = {"n": 0}
    original = import_service._event_fields

    def exploding(v: dict[str, Any]) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 4:  # after the first batch of two units was inserted
            raise RuntimeError("simulated crash")
        return original(v)

    monkeypatch.setattr(import_service, "_event_fields", exploding)
    done = await run(client, service_app, h, (await upload(client, h, xlsx(good_rows(5)), dry_run=False))["id"])
    assert done["status"] == "failed" and "未对档案做任何更改" in done["message"]
    assert await count(session, Enterprise) == 0
    assert await count(session, AuditRecord) == 0
    assert await count(session, OutboxEvent) == 0


async def test_stale_running_job_is_taken_over(client: AsyncClient, session: AsyncSession, service_app: FastAPI,
                                               auth: AuthHelper) -> None:
    import datetime as dt

    from sqlalchemy import update

    h = auth.headers("prefecture_officer", LHASA)
    job = await upload(client, h, xlsx(good_rows(2)), dry_run=False)
    # A worker claimed it and died: status running, lease expired.
    await session.execute(update(ImportJob).values(status="running", claimed_by="dead-worker",
                                                   lease_until=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    await session.commit()
    done = await run(client, service_app, h, job["id"])
    assert done["status"] == "succeeded" and done["created_count"] == 2


async def test_exports_and_survey_statistics(client: AsyncClient, service_app: FastAPI, auth: AuthHelper) -> None:
    lhasa = auth.headers("prefecture_officer", LHASA)
    rows = good_rows(2) + [[credit_code(), "堆龙德庆区成品油零售站", "零售", "堆龙德庆区", "", "8", "90", "2025", "", "",
                            "成品油", "摸底调查", ""]]
    await run(client, service_app, lhasa, (await upload(client, lhasa, xlsx(rows), dry_run=False))["id"])
    county = auth.headers("county_officer", CHENGGUAN)
    export = await client.get("/v1/exports/enterprises.xlsx", headers=county)
    assert export.status_code == 200 and "filename*=UTF-8''" in export.headers["content-disposition"]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    names = [r[1] for r in sheet[3:] if r[1]]
    assert sorted(names) == ["拉萨第0燃气具有限公司", "拉萨第1燃气具有限公司"]  # not 堆龙德庆区's
    stats = await client.get("/v1/exports/survey-statistics.xlsx", params={"prefecture_code": "540100"}, headers=lhasa)
    table = CalamineWorkbook.from_filelike(io.BytesIO(stats.content)).get_sheet_by_index(0).to_python()
    header = table[2]
    rows_by_county = {r[1]: dict(zip(header, r, strict=False)) for r in table[3:] if r[1]}
    assert rows_by_county["城关区"]["单位总数"] == 2 and rows_by_county["城关区"]["生产许可获证企业"] == 2
    assert rows_by_county["堆龙德庆区"]["成品油销售单位"] == 1
    assert rows_by_county["合计"]["单位总数"] == 3 and len(rows_by_county) == 9  # 8 counties + 合计
    other = await client.get("/v1/exports/survey-statistics.xlsx", params={"prefecture_code": "540200"}, headers=lhasa)
    assert other.status_code == 403


async def test_prefecture_filing(client: AsyncClient, auth: AuthHelper) -> None:
    lhasa = auth.headers("prefecture_officer", LHASA)
    filed = await client.post("/v1/filings", json={"period": "2026-03"}, headers=lhasa)
    assert filed.status_code == 201 and filed.json()["prefecture_code"] == "540100"
    again = await client.post("/v1/filings", json={"period": "2026-03"}, headers=lhasa)
    assert again.status_code == 409
    county = await client.post("/v1/filings", json={"period": "2026-03"}, headers=auth.headers("county_officer", CHENGGUAN))
    assert county.status_code == 403
    region = auth.headers("region_officer", "540000")
    status = (await client.get("/v1/filings/status", params={"period": "2026-03"}, headers=region)).json()
    assert {s["prefecture_code"]: s["filed"] for s in status}["540100"] is True
    assert {s["prefecture_code"]: s["filed"] for s in status}["540200"] is False
    reviewed = await client.post(f"/v1/filings/{filed.json()['id']}/review", json={"status": "returned", "note": "缺名录库"},
                                 headers=region)
    assert reviewed.json()["status"] == "returned"
    assert (await client.post("/v1/filings", json={"period": "2026-03"}, headers=lhasa)).status_code == 201


async def test_template_imports_cleanly(client: AsyncClient, service_app: FastAPI, auth: AuthHelper) -> None:
    h = auth.headers("county_officer", CHENGGUAN)
    template = await client.get("/v1/imports/template.xlsx", headers=h)
    assert template.status_code == 200
    done = await run(client, service_app, h, (await upload(client, h, template.content, name="模板.xlsx"))["id"])
    assert done["status"] == "succeeded" and done["created_count"] == 1 and done["rejected_count"] == 0, (done["message"], done["errors"])
