"""/v1/exports: the archive, the roster and the survey statistics table (附件3) as xlsx."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import Response
from sqlalchemy import Row, select

from registry.deps import Ctx, Regulator
from registry.enterprises.repository import scoped_list
from registry.enterprises.router import ListFilters
from registry.exports.queries import survey_columns, survey_counts
from registry.labels import ARCHIVE_STATUS_LABELS, PERSON_ROLE_LABELS, STATUS_LABELS, UNIT_TYPE_LABELS
from registry.models import Enterprise, Personnel
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
from servicekit.db import SessionDep
from servicekit.errors import InvalidInput
from servicekit.xlsx import XlsxStream, XlsxTable, xlsx_response

router = make_router(prefix="/v1/exports", tags=["exports"])

ARCHIVE_HEADERS = ["统一社会信用代码", "单位名称", "单位类型", "个体工商户", "县（区）", "市场监管所", "经营状态",
                   "从业人员（人）", "营业收入（万元）", "数据年度", "分级", "重点品类", "应设总监", "已设总监人数",
                   "已设安全员人数", "建档状态", "建档期限"]
EXPORT_BATCH = 2000  # rows fetched from the cursor, and written, at a time


@router.get("/enterprises.xlsx", operation_id="export_enterprises", summary="导出主体档案（与列表相同的筛选条件）")
async def export_enterprises(principal: Regulator, session: SessionDep, ctx: Ctx, filters: ListFilters) -> Response:
    filters.sort = "credit_code"
    stmt = scoped_list(principal, filters, today=ctx.today).add_columns(Enterprise.size_year)
    names = {n.code: (n.short_name or n.name) for n in await ctx.directory.all()}
    tags = {code: name for name, code in (await _tag_names(session)).items()}
    table = XlsxTable("主体档案", ARCHIVE_HEADERS, [22, 34, 12, 8, 12, 20, 10, 10, 12, 8, 6, 22, 8, 8, 8, 8, 12],
                      title=f"工业产品生产和销售单位主体质量安全档案（导出日期 {ctx.today.isoformat()}）")

    def write(batch: Sequence[Row[Any]]) -> int:
        return table.write_rows([_archive_row(r, names, tags) for r in batch])

    # Core rows from a server-side cursor, a batch at a time (one await per batch, not per row);
    # each batch is written in a worker thread, so the registry keeps answering while a large
    # archive is exported. XlsxTable, not xlsxwriter: 10⁵ rows in seconds (bench/export_bench.py).
    count = 0
    try:
        result = await session.stream(stmt.execution_options(yield_per=EXPORT_BATCH))
        async for batch in result.partitions():
            count = await asyncio.to_thread(write, batch)
        content = await asyncio.to_thread(table.finish)
    finally:
        table.close()
    await record_change(session, actor=principal, action="export", entity_type="enterprise_list", entity_id="xlsx",
                        org_path=principal.org_path, after={"rows": count, "filters": filters.__dict__})
    return xlsx_response(content, f"主体档案-{ctx.today.isoformat()}.xlsx")


def _archive_row(r: Row[Any], names: dict[str, str], tags: dict[str, str]) -> list[Any]:
    return [
        r.credit_code, r.name, "、".join(UNIT_TYPE_LABELS[t] for t in r.unit_types), "是" if r.is_individual else "否",
        names.get(r.division_code, r.division_code), names.get(r.station_code or "", r.station_code or ""),
        STATUS_LABELS[r.status], r.employees, float(r.revenue_wan) if r.revenue_wan is not None else None,
        r.size_year, r.grade, "、".join(tags.get(t, t) for t in r.key_tags or []),
        "是" if r.director_required else "否", r.director_count, r.officer_count,
        ARCHIVE_STATUS_LABELS[r.archive_status], r.archive_deadline.isoformat() if r.archive_deadline else None,
    ]


async def _tag_names(session: SessionDep) -> dict[str, str]:
    from registry.models import CategoryTag

    return dict((await session.execute(select(CategoryTag.name, CategoryTag.code))).all())


@router.get("/personnel.xlsx", operation_id="export_personnel", summary="导出名录库（个人信息脱敏）")
async def export_personnel(principal: Regulator, session: SessionDep, ctx: Ctx) -> Response:
    stmt = (
        select(Enterprise.credit_code, Enterprise.name.label("enterprise_name"), Enterprise.division_code,
               Personnel.role, Personnel.name, Personnel.id_number_masked, Personnel.phone_masked,
               Personnel.appointed_on, Personnel.appointment_doc, Personnel.full_time, Personnel.training,
               Personnel.assessment_result, Personnel.assessment_score, Personnel.ended_on)
        .join(Enterprise, Enterprise.id == Personnel.enterprise_id)
        .where(jurisdiction_filter(Personnel.org_path, principal))
        .order_by(Enterprise.division_code, Enterprise.credit_code, Personnel.role)
    )
    names = {n.code: (n.short_name or n.name) for n in await ctx.directory.all()}
    out = XlsxStream()
    headers = ["统一社会信用代码", "单位名称", "县（区）", "职务", "姓名", "身份证号（脱敏）", "联系电话（脱敏）", "任命日期",
               "任命文件", "专兼职", "培训情况", "考核结果", "考核分数", "任职状态"]
    ws, row = out.sheet("名录库", headers, [22, 30, 10, 12, 10, 20, 14, 12, 20, 8, 24, 8, 8, 10],
                        title=f"质量安全总监、质量安全员名录库（导出日期 {ctx.today.isoformat()}）")
    result = await session.stream(stmt.execution_options(yield_per=2000))
    async for r in result:
        out.write_row(ws, row, [
            r.credit_code, r.enterprise_name, names.get(r.division_code, r.division_code), PERSON_ROLE_LABELS[r.role],
            r.name, r.id_number_masked, r.phone_masked, r.appointed_on.isoformat() if r.appointed_on else None,
            r.appointment_doc, "专职" if r.full_time else "兼职", r.training,
            {"passed": "合格", "failed": "不合格", "none": "未考核"}.get(r.assessment_result or "", None),
            r.assessment_score, "在任" if r.ended_on is None else f"已离任（{r.ended_on.isoformat()}）",
        ])
        row += 1
    await record_change(session, actor=principal, action="export", entity_type="personnel_list", entity_id="xlsx",
                        org_path=principal.org_path)
    return xlsx_response(out.finish(), f"名录库-{ctx.today.isoformat()}.xlsx")


@router.get("/survey-statistics.xlsx", operation_id="export_survey_statistics",
            summary="导出摸底调查统计表（附件3），按地市或全区")
async def export_survey_statistics(
    principal: Regulator, session: SessionDep, ctx: Ctx,
    prefecture_code: Annotated[str | None, Query(max_length=20, description="地（市）局编码；不填为全区（按地市汇总）")] = None,
) -> Response:
    content, filename = await survey_statistics_xlsx(session, principal=principal, ctx=ctx, prefecture_code=prefecture_code)
    return xlsx_response(content, filename)


async def survey_statistics_xlsx(
    session: SessionDep, *, principal: Regulator, ctx: Ctx, prefecture_code: str | None
) -> tuple[bytes, str]:
    nodes = await ctx.directory.all()
    by_code = {n.code: n for n in nodes}
    if prefecture_code is None:
        scope_path = principal.org_path or ""
        root = next((n for n in nodes if n.path == scope_path), None)
        if root is None or root.level != "region":
            raise InvalidInput("请选择地（市）", code="PREFECTURE_REQUIRED")
    else:
        root = by_code.get(prefecture_code)
        if root is None or root.level != "prefecture":
            raise InvalidInput("地（市）编码不正确", code="PREFECTURE_UNKNOWN")
        principal.ensure_covers(root.path)
    counts = await survey_counts(session, principal=principal, under_path=root.path)
    cols = survey_columns()
    out = XlsxStream()
    headers = ["序号", "县（区）" if root.level == "prefecture" else "地（市）", *[h for _, h, _ in cols]]
    title = (f"{root.short_name or root.name}工业产品生产和销售单位质量安全信息摸底调查统计表"
             f"（截至 {ctx.today.isoformat()}）")
    ws, row = out.sheet("摸底调查统计表", headers, [6, 16, *[10] * len(cols)], title=title)
    if root.level == "prefecture":
        groups = [(n.short_name or n.name, [n.code]) for n in nodes if n.parent_code == root.code and n.level == "county"]
    else:
        groups = [(p.short_name or p.name, [c.code for c in nodes if c.parent_code == p.code and c.level == "county"])
                  for p in nodes if p.level == "prefecture"]
    groups.sort(key=lambda g: g[1][0] if g[1] else "999999")
    totals = {key: 0 for key, _, _ in cols}
    for i, (label, codes) in enumerate(groups, start=1):
        values = {key: sum(counts.get(c, {}).get(key, 0) for c in codes) for key, _, _ in cols}
        for key in totals:
            totals[key] += values[key]
        out.write_row(ws, row, [i, label, *[values[k] for k, _, _ in cols]])
        row += 1
    out.write_row(ws, row, ["", "合计", *[totals[k] for k, _, _ in cols]], out.total)
    ws.write_string(row + 2, 0, f"填报单位：{root.name}　　导出人：{principal.username}　　导出日期：{ctx.today.isoformat()}")
    return out.finish(), f"摸底调查统计表-{root.short_name or root.code}-{ctx.today.isoformat()}.xlsx"


