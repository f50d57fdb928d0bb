"""/v1/responsibility: each org unit's 分层分级责任清单 — the units it supervises directly, by
grade and category — and its export in the layout of 附件4."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Response
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from grading.context import Ctx
from grading.deps import Regulator
from grading.labels import CATEGORY_LABELS, LEVEL_LABELS, UNIT_TYPE_LABELS
from grading.models import HighRisk, Unit
from grading.models import UnitGrade as G
from grading.rules import engine
from grading.rules.repository import active_rules, preload
from grading.units.schemas import UnitSummary
from grading.units.texts import unit_texts
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.pagination import Page, PageDep, paginate
from servicekit.xlsx import XLSX, XlsxStream, xlsx_response

router = make_router(prefix="/v1/responsibility", tags=["responsibility"])


class Attachment4Row(BaseModel):
    grade: str
    level_name: str
    object_name: str
    object_label: str
    criteria: str
    count: int
    own_level: bool


class ResponsibilityOut(BaseModel):
    org_code: str
    org_name: str
    org_level: str
    rule_set: str
    table: list[Attachment4Row]
    by_category: dict[str, int]
    ungraded: int
    high_risk: int
    units: Page[UnitSummary]


def _direct(code: str) -> object:
    return (G.supervising_org_code == code) & Unit.active.is_(True)


def _counts(column: object, code: str) -> object:
    return (select(column, func.count()).select_from(G).join(Unit, Unit.enterprise_id == G.enterprise_id)  # type: ignore[call-overload]
            .where(_direct(code)).group_by(column))


@router.get("", response_model=ResponsibilityOut, operation_id="responsibility_get",
            summary="分层分级责任清单：本单位直接监管的主体")
async def responsibility_get(
    principal: Regulator, session: SessionDep, ctx: Ctx, page: PageDep,
    org: Annotated[str | None, Query(max_length=20, description="监管单位编码，默认本单位")] = None,
    grade: Literal["A", "B", "C", "D"] | None = None,
    category: Literal["routine", "key", "special"] | None = None,
) -> ResponsibilityOut:
    node = await ctx.org(org, principal)
    rules = await active_rules(session, ctx.today)
    counts = dict((await session.execute(_counts(G.grade, node.code))).all())  # type: ignore[call-overload]
    by_category = dict((await session.execute(_counts(G.category, node.code))).all())  # type: ignore[call-overload]
    high_risk = await session.scalar(select(func.count()).select_from(HighRisk).join(
        Unit, Unit.enterprise_id == HighRisk.enterprise_id).join(G, G.enterprise_id == Unit.enterprise_id)
        .where(_direct(node.code), HighRisk.ended_on.is_(None)))  # type: ignore[arg-type]
    table = [Attachment4Row(grade=g, level_name=lv, object_name=obj, object_label=label,
                            criteria=engine.criteria_text(rules.grade, i), count=int(counts.get(g, 0)),
                            own_level=LEVEL_LABELS.get(node.level) == LEVEL_LABELS[engine.GRADE_LEVEL[g]])
             for i, (g, lv, obj, label, _) in enumerate(engine.ATTACHMENT4_ROWS)]
    stmt = (select(Unit).join(Unit.result).options(contains_eager(Unit.result)).where(_direct(node.code))  # type: ignore[arg-type]
            .order_by(G.grade.nulls_last(), Unit.name, Unit.enterprise_id))
    if grade:
        stmt = stmt.where(G.grade == grade)
    if category:
        stmt = stmt.where(G.category == category)
    rows, total = await paginate(session, stmt, page)
    names = await ctx.names()
    return ResponsibilityOut(
        org_code=node.code, org_name=node.name, org_level=node.level, rule_set=rules.grade.code, table=table,
        by_category={str(k): int(v) for k, v in by_category.items()}, ungraded=int(counts.get(None, 0)),
        high_risk=int(high_risk or 0),
        units=Page(items=[UnitSummary.of(r[0], names) for r in rows], total=total, page=page.page, size=page.size,
                   total_capped=False),
    )


@router.get("/export", operation_id="responsibility_export", summary="导出分层分级责任清单（附件4格式，xlsx）",
            response_class=Response, responses={200: {"content": {XLSX: {}}}})
async def responsibility_export(
    principal: Regulator, session: SessionDep, ctx: Ctx,
    org: Annotated[str | None, Query(max_length=20, description="监管单位编码，默认本单位")] = None,
) -> Response:
    node = await ctx.org(org, principal)
    rules = await active_rules(session, ctx.today)
    counts = dict((await session.execute(_counts(G.grade, node.code))).all())  # type: ignore[call-overload]
    high = set((await session.scalars(select(HighRisk.enterprise_id).where(HighRisk.ended_on.is_(None)))).all())
    book = XlsxStream()
    wrap = book.book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    ws, row = book.sheet("责任清单", ["监管层级", "监管对象", "", "划分标准说明（其中X为从业人员，Y为营业收入）", "本单位直接监管主体数"],
                         [20, 10, 30, 60, 14],
                         title=f"工业产品分层分级责任清单 — {node.name}（{LEVEL_LABELS.get(node.level, node.level)}）")
    for i, (g, lv, obj, label, _) in enumerate(engine.ATTACHMENT4_ROWS):
        for col, v in enumerate([lv, obj, label, engine.criteria_text(rules.grade, i)]):
            ws.write_string(row, col, v, wrap)
        ws.write_number(row, 4, int(counts.get(g, 0)), wrap)
        ws.set_row(row, 62)
        row += 1
    notes = ["说明：1.工业产品销售单位，包括从事工业产品批发业、零售业的相关企业。",
             "2.企业划分指标以现行统计制度为准。（1）从业人员，是指期末从业人员数，没有期末从业人员数的，采用全年平均人员数代替。"
             "（2）营业收入，生产、限额以上批发和零售业企业，采用主营业收入；限额以下批发与零售业企业采用商品销售额代替。",
             "3.生产和销售单位同时满足多个划分标准条件时，按照其中符合较高等级主体条件进行分级对应。",
             f"分级规则：{rules.grade.code}；导出日期：{ctx.today.isoformat()}；待定级（指标不全）主体 {int(counts.get(None, 0))} 户。"]
    for n in notes:
        row += 1
        ws.write_string(row, 0, n)
    ws2, r2 = book.sheet("直接监管主体名单", ["序号", "单位名称", "统一社会信用代码", "主体类型", "从业人员", "营业收入（万元）",
                                       "等级", "监管类别", "升级监管/挂牌督办", "高风险主体", "监管责任人", "分级依据"],
                         [6, 34, 22, 16, 10, 14, 6, 16, 16, 10, 12, 80])
    stmt = (select(Unit).join(Unit.result).options(contains_eager(Unit.result)).where(_direct(node.code))  # type: ignore[arg-type]
            .order_by(G.grade.nulls_last(), Unit.name))
    n = 0
    await preload(session)
    result = await session.stream_scalars(stmt.execution_options(yield_per=2000))
    async for u in result:
        n += 1
        basis = (await unit_texts(session, u)).basis
        book.write_row(ws2, r2, [
            n, u.name, u.credit_code, "、".join(UNIT_TYPE_LABELS.get(t, t) for t in u.unit_types),
            u.employees, float(u.revenue_wan) if u.revenue_wan is not None else None, u.grade or "待定",
            CATEGORY_LABELS[u.category], "挂牌督办" if u.listed else ("升级监管" if u.escalated else ""),
            "是" if u.enterprise_id in high else "", u.responsible_name, basis,
        ])
        r2 += 1
    await record_change(session, actor=principal, action="export", entity_type="responsibility_list",
                        entity_id=node.code, org_path=node.path, after={"rows": n})
    return xlsx_response(book.finish(), f"分层分级责任清单-{node.name}-{ctx.today.isoformat()}.xlsx")
