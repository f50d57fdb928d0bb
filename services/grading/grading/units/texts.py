"""Rendering the basis texts of a unit's current grading and of its history rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grading.models import GradeHistory, Unit
from grading.rules import repository
from grading.units.evaluate import Texts, texts


async def unit_texts(session: AsyncSession, u: Unit) -> Texts:
    return texts(
        await repository.by_code(session, "grade", u.rule_set_code),
        await repository.by_code(session, "statistical_size", u.statistical_rule_set),
        unit_types=list(u.unit_types), employees=u.employees, revenue_wan=u.revenue_wan, major=u.major_risks,
        larger=u.larger_risks, accident=u.accident, credit=u.credit_risk_class,
        escalation_override=u.escalation_override, escalation_reason=u.escalation_reason,
    )


INPUTS = ("unit_types", "employees", "revenue_wan", "major_risks", "larger_risks", "accident", "credit_risk_class")


def inputs_of(u: Unit) -> dict[str, Any]:
    """What a history row keeps of the inputs: enough to render its basis texts again."""
    return {k: (list(u.unit_types) if k == "unit_types" else getattr(u, k)) for k in INPUTS}


def history_inputs(h: GradeHistory) -> dict[str, Any]:
    return {k: (str(h.revenue_wan) if k == "revenue_wan" and h.revenue_wan is not None else getattr(h, k))
            for k in INPUTS}


async def history_texts(session: AsyncSession, h: GradeHistory) -> Texts:
    return texts(
        await repository.by_code(session, "grade", h.rule_set_code), None,
        unit_types=list(h.unit_types or []), employees=h.employees, revenue_wan=h.revenue_wan,
        major=h.major_risks or 0, larger=h.larger_risks or 0, accident=bool(h.accident), credit=h.credit_risk_class,
    )
