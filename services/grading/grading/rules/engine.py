"""The grading rules as pure functions over a rule set's bounds.

A rule set is data (table `rule_set` + `rule_bound`): per unit type, the lower bounds of each
tier from the top down; the bottom tier (D / 微型) is what is left. Three kinds:

- ``grade`` (附件4): each indicator on its own finds a tier (X *or* Y); the unit's grade is the
  highest over its unit types and indicators ("按照其中符合较高等级主体条件进行分级对应").
- ``statistical_size`` (统计上大中小微型企业划分办法（2017）): large, medium and small need *both*
  lower bounds, otherwise one tier down, repeatedly; micro needs only one.
- ``large_or_medium`` (总局令第75号、第76号): one tier, met when *either* lower bound is.

The set-based full recompute (grading.recompute.sql) implements the same rules in SQL; a test
checks the two agree, basis text included, on every boundary of the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from grading.labels import GRADE_LEVEL, LEVEL_LABELS, SIZE_LABELS, UNIT_TYPE_LABELS, UNIT_TYPES

TIER_NAMES = {
    "grade": ("A", "B", "C", "D"),
    "statistical_size": ("large", "medium", "small", "micro"),
    "large_or_medium": ("large_or_medium", "other"),
}
KIND_LABELS = {"grade": "分层分级（附件4）", "statistical_size": "统计上大中小微型企业划分",
               "large_or_medium": "两个规定大中型企业判定"}


@dataclass(frozen=True)
class Bound:
    x_min: int
    y_min: Decimal


@dataclass(frozen=True)
class RuleSetData:
    id: int
    code: str
    kind: str
    title: str
    effective_from: dt.date
    # unit type → bounds from the top tier down (3 for grade/size, 1 for large_or_medium)
    bounds: dict[str, tuple[Bound, ...]] = field(default_factory=dict)

    def tiers(self) -> tuple[str, ...]:
        return TIER_NAMES[self.kind]


def fmt_num(v: int | Decimal) -> str:
    """Numbers as the basis text shows them: no trailing zeros (2500.00 → 2500)."""
    if isinstance(v, int):
        return str(v)
    text = format(v.normalize(), "f")
    return text


def tier_of(value: int | Decimal, limits: tuple[int | Decimal, ...]) -> int:
    """Index of the first tier whose lower bound `value` reaches; len(limits) for the bottom tier."""
    for i, lim in enumerate(limits):
        if value >= lim:
            return i
    return len(limits)


def range_text(index: int, limits: tuple[int | Decimal, ...], var: str) -> str:
    """The table's own wording of tier `index`'s range, e.g. 300≤X<1000."""
    if index == 0:
        return f"{var}≥{fmt_num(limits[0])}"
    if index == len(limits):
        return f"{var}<{fmt_num(limits[-1])}"
    return f"{fmt_num(limits[index])}≤{var}<{fmt_num(limits[index - 1])}"


def ordered_types(unit_types: list[str] | tuple[str, ...]) -> list[str]:
    return [t for t in UNIT_TYPES if t in set(unit_types)]


@dataclass(frozen=True)
class GradeResult:
    grade: str | None
    level: str | None
    missing: str | None  # "employees" | "revenue" | "both" | "types"
    basis: str
    rule_set: str


def grade(rs: RuleSetData, unit_types: list[str], employees: int | None, revenue_wan: Decimal | None) -> GradeResult:
    types = ordered_types(unit_types)
    if not types:
        return GradeResult(None, None, "types", f"依据{rs.code}：未填报主体类型，无法分级，请补全档案。", rs.code)
    if employees is None and revenue_wan is None:
        return GradeResult(None, None, "both", f"依据{rs.code}：从业人员和营业收入均未填报，无法分级，请补全档案。", rs.code)
    names = rs.tiers()
    best = len(names) - 1
    parts = []
    for t in types:
        xs = tuple(b.x_min for b in rs.bounds[t])
        ys = tuple(b.y_min for b in rs.bounds[t])
        if employees is not None:
            ix = tier_of(employees, xs)
            best = min(best, ix)
            xpart = f"从业人员{fmt_num(employees)}人（{range_text(ix, xs, 'X')}）属{names[ix]}级"
        else:
            xpart = "从业人员未填报"
        if revenue_wan is not None:
            iy = tier_of(revenue_wan, ys)
            best = min(best, iy)
            ypart = f"营业收入{fmt_num(revenue_wan)}万元（{range_text(iy, ys, 'Y')}）属{names[iy]}级"
        else:
            ypart = "营业收入未填报"
        parts.append(f"{UNIT_TYPE_LABELS[t]}{xpart}、{ypart}")
    g = names[best]
    level = GRADE_LEVEL[g]
    missing = "employees" if employees is None else "revenue" if revenue_wan is None else None
    note = {"employees": "；从业人员未填报，仅按营业收入分级", "revenue": "；营业收入未填报，仅按从业人员分级"}.get(missing or "", "")
    basis = f"依据{rs.code}：{'；'.join(parts)}。按较高等级定为{g}级，对应{LEVEL_LABELS[level]}监管{note}。"
    return GradeResult(g, level, missing, basis, rs.code)


@dataclass(frozen=True)
class SizeResult:
    size: str | None
    basis: str
    rule_set: str


def statistical_size(
    rs: RuleSetData, unit_types: list[str], employees: int | None, revenue_wan: Decimal | None
) -> SizeResult:
    names = rs.tiers()
    best: int | None = None
    unknown = False
    parts = []
    for t in ordered_types(unit_types):
        bounds = rs.bounds[t]
        index: int | None
        if employees is not None and revenue_wan is not None:
            index = next((i for i, b in enumerate(bounds) if employees >= b.x_min and revenue_wan >= b.y_min),
                         len(bounds))
        elif (employees is not None and employees < bounds[-1].x_min) or (
                revenue_wan is not None and revenue_wan < bounds[-1].y_min):
            index = len(bounds)  # micro needs only one indicator
        else:
            index = None
        if index is None:
            unknown = True
            parts.append(f"{UNIT_TYPE_LABELS[t]}指标不全，无法判定")
        else:
            best = index if best is None else min(best, index)
            parts.append(f"{UNIT_TYPE_LABELS[t]}为{SIZE_LABELS[names[index]]}")
    size = None if best is None or (unknown and best != 0) else names[best]
    return SizeResult(size, f"依据{rs.code}（大、中、小型须同时满足从业人员和营业收入下限）：{'；'.join(parts)}。", rs.code)


def large_or_medium(rs: RuleSetData, unit_types: list[str], employees: int | None, revenue_wan: Decimal | None) -> bool:
    for t in ordered_types(unit_types):
        b = rs.bounds[t][0]
        if (employees is not None and employees >= b.x_min) or (revenue_wan is not None and revenue_wan >= b.y_min):
            return True
    return False


ATTACHMENT4_ROWS = (
    ("A", "省级市场监管部门", "A级主体", "大型工业产品生产和销售单位", "大型"),
    ("B", "市级市场监管部门", "B级主体", "中型工业产品生产和销售单位", "中型"),
    ("C", "县级市场监管部门", "C级主体", "小型工业产品生产和销售单位", "小型"),
    ("D", "市场监管所（分局）", "D级主体", "微型工业产品生产和销售单位（个体工商户）", "微型"),
)
SHORT_TYPE = {"production": "生产单位", "wholesale": "批发单位", "retail": "零售单位"}


def criteria_text(rs: RuleSetData, index: int) -> str:
    """附件4's 划分标准说明 for tier `index` (0 = A), e.g. 中型生产单位：300≤X<1000人或2000万元≤Y<40000万元."""
    size = ATTACHMENT4_ROWS[index][4]
    lines = []
    for t in UNIT_TYPES:
        xs = tuple(b.x_min for b in rs.bounds[t])
        ys = tuple(b.y_min for b in rs.bounds[t])
        x = range_text(index, xs, "X")
        y = range_text(index, ys, "Y")
        x = x + "人"
        y = y.replace("≤Y", "万元≤Y") + "万元" if "≤Y" in y else y + "万元"
        lines.append(f"{size}{SHORT_TYPE[t]}：{x}或{y}")
    return "\n".join(lines)
