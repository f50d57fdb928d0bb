"""/v1/units: each unit's grade, level, category with their basis; history; manual decisions."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from grading.context import Ctx
from grading.deps import Decider, Regulator, RegulatorOrEnterprise
from grading.models import GradeHistory, HighRisk, Unit
from grading.models import UnitGrade as G
from grading.units import decisions
from grading.units.schemas import (
    CategoryIn,
    CreditIn,
    Distribution,
    EscalationIn,
    GradeOverrideIn,
    HistoryOut,
    UnitDetail,
    UnitSummary,
)
from grading.units.texts import history_inputs, history_texts, unit_texts
from servicekit.app import make_router
from servicekit.auth import jurisdiction_filter
from servicekit.db import SessionDep
from servicekit.pagination import Page, PageDep, paginate

router = make_router(prefix="/v1/units", tags=["units"])
COUNT_CAP = 100_000


@router.get("", response_model=Page[UnitSummary], operation_id="unit_list", summary="主体分级列表（本辖区）")
async def unit_list(
    principal: Regulator, session: SessionDep, page: PageDep, ctx: Ctx,
    q: Annotated[str | None, Query(max_length=60, description="名称片段或统一社会信用代码前缀")] = None,
    org: Annotated[str | None, Query(max_length=20, description="只列出该监管单位辖区内的主体")] = None,
    grade: Literal["A", "B", "C", "D"] | None = None,
    level: Literal["region", "prefecture", "county", "station"] | None = None,
    category: Literal["routine", "key", "special"] | None = None,
    supervising_org: Annotated[str | None, Query(max_length=20, description="直接监管单位编码")] = None,
    needs_completion: bool | None = None,
    escalated: bool | None = None,
    listed: bool | None = None,
    overridden: Annotated[bool | None, Query(description="仅列出人工认定等级的主体")] = None,
    include_closed: bool = False,
) -> Page[UnitSummary]:
    stmt = (select(Unit).join(Unit.result).options(contains_eager(Unit.result))
            .where(jurisdiction_filter(Unit.org_path, principal)))
    if org:
        node = await ctx.org(org, principal)
        stmt = stmt.where(or_(Unit.org_path == node.path, Unit.org_path.like(node.path + "/%")))
    if not include_closed:
        stmt = stmt.where(Unit.active.is_(True))
    if q:
        q = q.strip()
        stmt = stmt.where(or_(Unit.credit_code.startswith(q.upper()), Unit.name.contains(q, autoescape=True)))
    for column, value in ((G.grade, grade), (G.level, level), (G.category, category),
                          (G.supervising_org_code, supervising_org), (G.needs_completion, needs_completion),
                          (G.escalated, escalated), (G.listed, listed)):
        if value is not None:
            stmt = stmt.where(column == value)
    if overridden is not None:
        stmt = stmt.where(Unit.grade_override.isnot(None) if overridden else Unit.grade_override.is_(None))
    stmt = stmt.order_by(Unit.name, Unit.enterprise_id)
    rows, total = await paginate(session, stmt, page, count_cap=COUNT_CAP)
    names = await ctx.names()
    return Page(items=[UnitSummary.of(r[0], names) for r in rows], total=total, page=page.page, size=page.size,
                total_capped=total >= COUNT_CAP)


@router.get("/summary", response_model=Distribution, operation_id="unit_distribution",
            summary="某监管单位辖区内的分级、监管层级与类别分布")
async def unit_distribution(
    principal: Regulator, session: SessionDep, ctx: Ctx,
    org: Annotated[str | None, Query(max_length=20, description="监管单位编码，默认本单位")] = None,
) -> Distribution:
    node = await ctx.org(org, principal)
    scope = or_(Unit.org_path == node.path, Unit.org_path.like(node.path + "/%"))
    base = select(func.count()).select_from(Unit).join(Unit.result).where(scope, Unit.active.is_(True))

    async def grouped(column: object) -> dict[str, int]:
        rows = await session.execute(select(column, func.count()).select_from(Unit).join(Unit.result)  # type: ignore[call-overload]
                                     .where(scope, Unit.active.is_(True)).group_by(column))
        return {str(k) if k is not None else "none": int(n) for k, n in rows.all()}

    direct = await session.execute(select(G.grade, func.count()).join(Unit, Unit.enterprise_id == G.enterprise_id).where(
        G.supervising_org_code == node.code, Unit.active.is_(True)).group_by(G.grade))
    high_risk = await session.scalar(select(func.count()).select_from(HighRisk).join(
        Unit, Unit.enterprise_id == HighRisk.enterprise_id).where(scope, HighRisk.ended_on.is_(None)))
    return Distribution(
        org_code=node.code, org_name=node.name, total=int(await session.scalar(base) or 0),
        by_grade=await grouped(G.grade), by_level=await grouped(G.level),
        by_category=await grouped(G.category),
        needs_completion=int(await session.scalar(base.where(G.needs_completion.is_(True))) or 0),
        escalated=int(await session.scalar(base.where(G.escalated.is_(True))) or 0),
        listed=int(await session.scalar(base.where(G.listed.is_(True))) or 0),
        high_risk=int(high_risk or 0),
        supervised_directly={str(k) if k is not None else "none": int(n) for k, n in direct.all()},
    )


@router.get("/{enterprise_id}", response_model=UnitDetail, operation_id="unit_get",
            summary="主体的等级、监管层级、监管类别及其依据")
async def unit_get(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
                   ctx: Ctx) -> UnitDetail:
    u = await decisions.load_unit(session, principal, enterprise_id)
    return await _detail(session, ctx, u)


@router.get("/{enterprise_id}/history", response_model=list[HistoryOut], operation_id="unit_history",
            summary="分级与类别变更历史")
async def unit_history(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep) -> list[HistoryOut]:
    u = await decisions.load_unit(session, principal, enterprise_id)
    rows = await session.scalars(select(GradeHistory).where(GradeHistory.enterprise_id == u.enterprise_id)
                                 .order_by(GradeHistory.occurred_at.desc(), GradeHistory.id.desc()).limit(200))
    out = []
    for h in rows.all():
        t = await history_texts(session, h)
        out.append(HistoryOut.model_validate(h, from_attributes=True).model_copy(
            update={"basis": t.basis, "category_basis": t.category_basis, "inputs": history_inputs(h)}))
    return out


async def _detail(session: SessionDep, ctx: Ctx, u: Unit) -> UnitDetail:
    return UnitDetail.full(u, names=await ctx.names(), high_risk=await decisions.is_high_risk(session, u.enterprise_id),
                           texts=await unit_texts(session, u))


@router.put("/{enterprise_id}/grade-override", response_model=UnitDetail, operation_id="unit_grade_override",
            summary="人工认定等级（须说明理由）")
async def unit_grade_override(enterprise_id: uuid.UUID, body: GradeOverrideIn, principal: Decider,
                              session: SessionDep, ctx: Ctx) -> UnitDetail:
    u = await decisions.decide(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id, action="override",
                               changes={"grade_override": body.grade,
                                        "grade_override_reason": body.reason if body.grade else None},
                               reason=body.reason)
    return await _detail(session, ctx, u)


@router.put("/{enterprise_id}/escalation", response_model=UnitDetail, operation_id="unit_escalation",
            summary="升级监管、挂牌督办或取消升级（须说明理由）")
async def unit_escalation(enterprise_id: uuid.UUID, body: EscalationIn, principal: Decider, session: SessionDep,
                          ctx: Ctx) -> UnitDetail:
    u = await decisions.decide(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id, action="escalation",
                               changes={"escalation_override": body.mode,
                                        "escalation_reason": body.reason if body.mode else None},
                               reason=body.reason)
    return await _detail(session, ctx, u)


@router.put("/{enterprise_id}/category", response_model=UnitDetail, operation_id="unit_category",
            summary="人工调整监管类别（须说明理由）")
async def unit_category(enterprise_id: uuid.UUID, body: CategoryIn, principal: Decider, session: SessionDep,
                        ctx: Ctx) -> UnitDetail:
    u = await decisions.decide(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id, action="category",
                               changes={"category_override": body.category,
                                        "category_override_reason": body.reason if body.category else None},
                               reason=body.reason)
    return await _detail(session, ctx, u)


@router.put("/{enterprise_id}/credit-risk", response_model=UnitDetail, operation_id="unit_credit_risk",
            summary="设置信用风险分类")
async def unit_credit_risk(enterprise_id: uuid.UUID, body: CreditIn, principal: Decider, session: SessionDep,
                           ctx: Ctx) -> UnitDetail:
    u = await decisions.decide(session, principal=principal, ctx=ctx, enterprise_id=enterprise_id, action="credit",
                               changes={"credit_risk_class": body.credit_risk_class, "credit_source": "manual",
                                        "credit_set_on": ctx.today},
                               reason=body.reason)
    return await _detail(session, ctx, u)


