"""One unit's derived state: grade, supervising level and unit, escalation, category.

This is the per-unit implementation used when an event arrives and by the calculator; the
full recompute (grading.recompute.sql) is the same rules set-based in SQL, and a test checks
both give identical results, texts included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from grading.labels import GRADE_LEVEL, LEVEL_DEPTH, LEVELS
from grading.rules import engine
from grading.rules.engine import RuleSetData

RISK_WINDOW_YEARS = 2
ESCALATE_MAJOR_RISKS = 2  # "多次发现重大质量安全风险隐患": twice or more within the window
SPECIAL_MAJOR_RISKS = 3  # "近2年内发现3次以上重大质量安全风险"

ROUTINE_BASIS = "未发现较大质量安全风险且信用风险不高：按“无事不扰”纳入属地日常监管，实施触发式监管"


@dataclass(frozen=True)
class ActiveRules:
    grade: RuleSetData
    size: RuleSetData
    large_or_medium: RuleSetData


def window_start(today: dt.date) -> dt.date:
    """Risks found after this day count as 'within the last 2 years' (PostgreSQL's date - interval)."""
    try:
        return today.replace(year=today.year - RISK_WINDOW_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - RISK_WINDOW_YEARS, day=28)


def supervising_unit(org_path: str, level: str | None) -> tuple[str, str]:
    """The org unit at `level` on the unit's path, or the deepest one when the path is shorter
    (拉萨经开区 has no counties; a unit not assigned to a station stays with its county)."""
    segments = org_path.split("/")
    if level is not None:
        segments = segments[: LEVEL_DEPTH[level]]
    return segments[-1], "/".join(segments)


def level_up(level: str) -> str:
    i = LEVELS.index(level)
    return LEVELS[max(i - 1, 0)]


def escalation_text(major: int, accident: bool) -> str | None:
    parts = []
    if accident:
        parts.append("近2年内发生较大以上质量安全事故")
    if major >= ESCALATE_MAJOR_RISKS:
        parts.append(f"近2年内{major}次发现重大质量安全风险隐患")
    return "；".join(parts) or None


def category_of(major: int, larger: int, credit: str | None) -> tuple[str, str]:
    special = []
    if major >= SPECIAL_MAJOR_RISKS:
        special.append(f"近2年内发现重大质量安全风险{major}次")
    if credit == "high":
        special.append("信用风险分类为高")
    if special:
        return "special", "特别监管：" + "；".join(special)
    key = []
    if major + larger >= 1:
        key.append(f"近2年内发现较大及以上质量安全风险{major + larger}次")
    if credit == "higher":
        key.append("信用风险分类为较高")
    if key:
        return "key", "重点监管：" + "；".join(key)
    return "routine", ROUTINE_BASIS


def evaluate(
    rules: ActiveRules, *, unit_types: list[str], employees: int | None, revenue_wan: Decimal | None, org_path: str,
    grade_override: str | None = None, escalation_override: str | None = None,
    major: int = 0, larger: int = 0, accident: bool = False, credit: str | None = None,
    category_override: str | None = None,
) -> dict[str, Any]:
    """Every derived column of `unit`, from its inputs and its manual decisions."""
    g = engine.grade(rules.grade, unit_types, employees, revenue_wan)
    size = engine.statistical_size(rules.size, unit_types, employees, revenue_wan)
    grade = grade_override or g.grade
    base_level = GRADE_LEVEL.get(grade) if grade else None
    auto = escalation_text(major, accident) is not None
    up = escalation_override == "up" or (escalation_override is None and auto)
    escalated = bool(base_level) and up
    listed = bool(base_level) and (escalation_override == "listed" or (up and base_level == "region"))
    level = level_up(base_level) if escalated and base_level else base_level
    code, _ = supervising_unit(org_path, level)
    computed_category, _ = category_of(major, larger, credit)
    return {
        "computed_grade": g.grade, "grade": grade, "rule_set_code": g.rule_set,
        "missing": g.missing, "needs_completion": g.missing in ("both", "types"),
        "statistical_size": size.size, "statistical_rule_set": size.rule_set,
        "large_or_medium": engine.large_or_medium(rules.large_or_medium, unit_types, employees, revenue_wan),
        "large_or_medium_rule_set": rules.large_or_medium.code,
        "base_level": base_level, "level": level, "supervising_org_code": code,
        "auto_escalation": auto, "escalated": escalated, "listed": listed,
        "computed_category": computed_category, "category": category_override or computed_category,
    }


@dataclass(frozen=True)
class Texts:
    basis: str | None
    statistical_basis: str | None
    category_basis: str
    escalation_reason: str | None


def texts(
    grade_rules: RuleSetData | None, size_rules: RuleSetData | None, *, unit_types: list[str], employees: int | None,
    revenue_wan: Decimal | None, major: int, larger: int, accident: bool, credit: str | None,
    escalation_override: str | None = None, escalation_reason: str | None = None,
) -> Texts:
    """The Chinese basis texts of a grading, from the rule sets it used and its inputs."""
    return Texts(
        basis=engine.grade(grade_rules, unit_types, employees, revenue_wan).basis if grade_rules else None,
        statistical_basis=engine.statistical_size(size_rules, unit_types, employees, revenue_wan).basis
        if size_rules else None,
        category_basis=category_of(major, larger, credit)[1],
        escalation_reason=escalation_reason if escalation_override else escalation_text(major, accident),
    )
