"""Manual decisions on a unit: grade override, escalation / 挂牌督办, category, credit risk class.

Each needs a reason, lands in the grade history and the audit log, and is allowed only when the
caller covers the unit and the org unit that supervises it after the decision (a county cannot
hand a unit to the region; the region decides to take it).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grading.context import GradingContext
from grading.models import HighRisk, Unit
from grading.units.evaluate import supervising_unit
from grading.units.service import regrade
from servicekit.audit import record_change
from servicekit.auth import Principal
from servicekit.errors import NotFound, OutOfJurisdiction

DECISION_FIELDS = ("grade_override", "grade_override_reason", "escalation_override", "escalation_reason",
                   "category_override", "category_override_reason", "credit_risk_class", "credit_source",
                   "grade", "level", "supervising_org_code", "listed", "category")


async def load_unit(session: AsyncSession, principal: Principal, enterprise_id: uuid.UUID, *, lock: bool = False) -> Unit:
    u = await session.get(Unit, enterprise_id, with_for_update=lock or None)
    if u is None:
        raise NotFound("未找到该主体的分级信息", code="UNIT_NOT_FOUND")
    if principal.is_enterprise:
        if principal.enterprise_id != str(u.enterprise_id):
            raise NotFound("未找到该主体的分级信息", code="UNIT_NOT_FOUND")
    elif not principal.covers(u.org_path):
        raise NotFound("未找到该主体的分级信息", code="UNIT_NOT_FOUND")
    return u


async def is_high_risk(session: AsyncSession, enterprise_id: uuid.UUID) -> bool:
    return (await session.scalar(select(HighRisk.id).where(HighRisk.enterprise_id == enterprise_id,
                                                           HighRisk.ended_on.is_(None)))) is not None


def _snapshot(u: Unit) -> dict[str, Any]:
    return {k: getattr(u, k) for k in DECISION_FIELDS}


async def decide(
    session: AsyncSession, *, principal: Principal, ctx: GradingContext, enterprise_id: uuid.UUID, action: str,
    changes: dict[str, Any], reason: str,
) -> Unit:
    u = await load_unit(session, principal, enterprise_id, lock=True)
    before = _snapshot(u)
    for k, v in changes.items():
        setattr(u, k, v)
    await regrade(session, u, today=ctx.today, source=action, actor=principal.username, reason=reason)
    if not principal.covers(supervising_unit(u.org_path, u.level)[1]):
        raise OutOfJurisdiction(
            f"该决定将使主体改由 {u.supervising_org_code} 监管，超出本单位辖区，应由上级单位作出",
            code="DECISION_OUTSIDE_JURISDICTION")
    await record_change(session, actor=principal, action=action, entity_type="unit_grade", entity_id=u.enterprise_id,
                        before=before, after=_snapshot(u), org_path=u.org_path, reason=reason)
    return u
