"""/v1/classify (the calculator) and /v1/rule-sets (rule sets as data)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy import select

from grading.context import Ctx
from grading.deps import Admin, AnyUser, Regulator
from grading.labels import LEVEL_LABELS, SIZE_LABELS, UNIT_TYPES
from grading.models import RuleBound, RuleSet
from grading.rules import engine, repository
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.errors import Conflict, InvalidInput

router = make_router(prefix="/v1", tags=["rules"])

UnitType = Literal["production", "wholesale", "retail"]


class ClassifyIn(BaseModel):
    unit_types: list[UnitType] = Field(min_length=1, max_length=3, description="主体类型：生产、批发、零售，可多选")
    employees: int | None = Field(default=None, ge=0, le=10_000_000, description="从业人员（人），可为空")
    revenue_wan: Decimal | None = Field(default=None, ge=0, le=Decimal("999999999999.99"), max_digits=14,
                                        decimal_places=2, description="营业收入（万元），可为空")
    on: dt.date | None = Field(default=None, description="按哪一天有效的规则计算，默认今天")


class ClassifyOut(BaseModel):
    grade: Literal["A", "B", "C", "D"] | None
    level: str | None
    level_label: str | None
    basis: str
    rule_set: str
    missing: str | None
    needs_completion: bool
    statistical_size: str | None = Field(description="统计上大中小微型企业划分（2017）结果，与分级不同，仅供参考")
    statistical_size_label: str | None
    statistical_basis: str
    statistical_rule_set: str
    orders_75_76_large_or_medium: bool = Field(description="两个规定（总局令第75号、第76号）大中型判定（任一指标达到中型下限）")
    orders_75_76_rule_set: str


@router.post("/classify", response_model=ClassifyOut, operation_id="classify",
             summary="分级计算器：按附件4计算等级与监管层级（不保存）")
async def classify(body: ClassifyIn, _: AnyUser, session: SessionDep, ctx: Ctx) -> ClassifyOut:
    rules = await repository.active_rules(session, body.on or ctx.today)
    types = sorted(set(body.unit_types), key=UNIT_TYPES.index)
    g = engine.grade(rules.grade, types, body.employees, body.revenue_wan)
    s = engine.statistical_size(rules.size, types, body.employees, body.revenue_wan)
    return ClassifyOut(
        grade=g.grade, level=g.level, level_label=LEVEL_LABELS.get(g.level or ""), basis=g.basis, rule_set=g.rule_set,  # type: ignore[arg-type]
        missing=g.missing, needs_completion=g.missing in ("both", "types"),
        statistical_size=s.size, statistical_size_label=SIZE_LABELS.get(s.size or ""), statistical_basis=s.basis,
        statistical_rule_set=s.rule_set,
        orders_75_76_large_or_medium=engine.large_or_medium(rules.large_or_medium, types, body.employees,
                                                            body.revenue_wan),
        orders_75_76_rule_set=rules.large_or_medium.code,
    )


class TierIn(BaseModel):
    x_min: int = Field(ge=0, description="从业人员下限（人）")
    y_min: Decimal = Field(ge=0, max_digits=14, decimal_places=2, description="营业收入下限（万元）")


class RuleSetIn(BaseModel):
    code: str = Field(min_length=2, max_length=80, description="文号，如 藏市监〔2026〕1号附件4")
    kind: Literal["grade", "statistical_size", "large_or_medium"]
    title: str = Field(min_length=2, max_length=200)
    effective_from: dt.date
    note: str | None = Field(default=None, max_length=2000)
    bounds: dict[UnitType, list[TierIn]] = Field(
        description="每类主体从最高一档起的下限：grade 与 statistical_size 为 3 档（A/B/C 或 大/中/小），large_or_medium 为 1 档")

    @field_validator("bounds")
    @classmethod
    def _all_types(cls, v: dict[str, list[TierIn]]) -> dict[str, list[TierIn]]:
        missing = [t for t in UNIT_TYPES if t not in v]
        if missing:
            raise ValueError("须给出生产、批发、零售三类主体的划分标准")
        return v

    @model_validator(mode="after")
    def _tiers(self) -> RuleSetIn:
        want = 1 if self.kind == "large_or_medium" else 3
        for tiers in self.bounds.values():
            if len(tiers) != want:
                raise ValueError(f"每类主体须给出 {want} 档下限")
            for hi, lo in itertools.pairwise(tiers):
                if not (hi.x_min > lo.x_min and hi.y_min > lo.y_min):
                    raise ValueError("各档下限须自上而下递减（上一档的从业人员和营业收入下限都须大于下一档）")
        return self


class RuleSetOut(BaseModel):
    id: int
    code: str
    kind: str
    kind_label: str
    title: str
    effective_from: dt.date
    note: str | None
    created_by: str | None
    in_effect: bool
    bounds: dict[str, list[TierIn]]
    tier_names: list[str]


async def _out(session: SessionDep, rs: RuleSet, today: dt.date) -> RuleSetOut:
    data = await repository.load_rule_set(session, rs)
    current = await repository.in_effect(session, rs.kind, today)
    return RuleSetOut(
        id=rs.id, code=rs.code, kind=rs.kind, kind_label=engine.KIND_LABELS[rs.kind], title=rs.title,
        effective_from=rs.effective_from, note=rs.note, created_by=rs.created_by, in_effect=current.id == rs.id,
        bounds={t: [TierIn(x_min=b.x_min, y_min=b.y_min) for b in bs] for t, bs in data.bounds.items()},
        tier_names=list(engine.TIER_NAMES[rs.kind]),
    )


@router.get("/rule-sets", response_model=list[RuleSetOut], operation_id="rule_set_list", summary="分级规则集")
async def rule_set_list(_: Regulator, session: SessionDep, ctx: Ctx,
                        kind: Annotated[Literal["grade", "statistical_size", "large_or_medium"] | None, Query()] = None,
                        ) -> list[RuleSetOut]:
    stmt = select(RuleSet).order_by(RuleSet.kind, RuleSet.effective_from.desc())
    if kind:
        stmt = stmt.where(RuleSet.kind == kind)
    return [await _out(session, rs, ctx.today) for rs in (await session.scalars(stmt)).all()]


@router.post("/rule-sets", response_model=RuleSetOut, status_code=201, operation_id="rule_set_create",
             summary="新增分级规则集（自生效日期起用于分级；已有等级保留其所用规则）")
async def rule_set_create(body: RuleSetIn, principal: Admin, session: SessionDep, ctx: Ctx) -> RuleSetOut:
    if await session.scalar(select(RuleSet.id).where(RuleSet.code == body.code, RuleSet.kind == body.kind)):
        raise Conflict(f"规则集 {body.code} 已存在；规则集一经发布不可修改，请使用新的文号", code="RULE_SET_EXISTS")
    if body.effective_from < ctx.today:
        raise InvalidInput("生效日期不能早于今天：已作出的分级不溯及既往", code="RULE_SET_RETROACTIVE")
    rs = RuleSet(code=body.code, kind=body.kind, title=body.title, effective_from=body.effective_from,
                 note=body.note, created_by=principal.username)
    session.add(rs)
    await session.flush()
    for t, tiers in body.bounds.items():
        for rank, tier in enumerate(tiers, start=1):
            session.add(RuleBound(rule_set_id=rs.id, unit_type=t, rank=rank, x_min=tier.x_min, y_min=tier.y_min))
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="rule_set", entity_id=rs.id,
                        after=body.model_dump(mode="json"), reason=f"新增规则集 {body.code}")
    repository.invalidate()
    return await _out(session, rs, ctx.today)


