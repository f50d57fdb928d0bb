"""Keeping each unit's grade and category current, one unit at a time (events, manual decisions)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from grading.models import DERIVED, GradeHistory, RiskEvent, Unit, UnitGrade
from grading.rules.repository import active_rules
from grading.units.evaluate import evaluate, window_start
from grading.units.texts import inputs_of, unit_texts
from servicekit.db import utcnow
from servicekit.outbox import emit

TRACKED = ("grade", "level", "supervising_org_code", "listed", "category")


async def refresh_risk_counts(session: AsyncSession, u: Unit, today: dt.date) -> None:
    since = window_start(today)
    row = (await session.execute(
        select(func.count().filter(RiskEvent.severity == "major"),
               func.count().filter(RiskEvent.severity == "larger"),
               func.coalesce(func.bool_or((RiskEvent.source == "accident") & RiskEvent.severity.in_(("larger", "major"))),
                             False))
        .where(RiskEvent.enterprise_id == u.enterprise_id, RiskEvent.found_on > since, RiskEvent.found_on <= today,
               RiskEvent.withdrawn.is_(False))
    )).one()
    u.major_risks, u.larger_risks, u.accident = int(row[0]), int(row[1]), bool(row[2])


async def regrade(
    session: AsyncSession, u: Unit, *, today: dt.date, source: str, actor: str | None = None, reason: str | None = None,
) -> list[str]:
    """Recompute `u`'s derived state; record history and emit events for what changed."""
    rules = await active_rules(session, today)
    first = u.result is None
    before: dict[str, Any] = dict.fromkeys(DERIVED) if first else {k: getattr(u.result, k) for k in DERIVED}
    new = evaluate(
        rules, unit_types=list(u.unit_types), employees=u.employees, revenue_wan=u.revenue_wan, org_path=u.org_path,
        grade_override=u.grade_override, escalation_override=u.escalation_override, major=u.major_risks, larger=u.larger_risks, accident=u.accident,
        credit=u.credit_risk_class, category_override=u.category_override,
    )
    if first:
        u.result = UnitGrade(enterprise_id=u.enterprise_id, **new, graded_at=utcnow())
    else:
        assert u.result is not None
        changed = [k for k in DERIVED if before[k] != new[k]]
        for k in changed:
            setattr(u.result, k, new[k])
        if changed:
            u.result.graded_at = utcnow()
    tracked = [k for k in TRACKED if before[k] != new[k]]
    u.updated_at = utcnow()
    if tracked or reason or first:
        session.add(GradeHistory(
            enterprise_id=u.enterprise_id, source=source, grade_before=before["grade"], grade_after=u.grade,
            level_before=before["level"], level_after=u.level, supervising_before=before["supervising_org_code"],
            supervising_after=u.supervising_org_code, category_before=before["category"], category_after=u.category,
            listed_after=u.listed, rule_set_code=u.rule_set_code, **inputs_of(u), reason=reason, actor=actor,
        ))
    moved = {"grade", "level", "supervising_org_code", "listed"} & set(tracked) or (first and u.grade is not None)
    if moved or ("category" in tracked and not (first and u.category == "routine")):
        t = await unit_texts(session, u)
        if moved:
            await emit(session, "grade.changed", grade_event(u, before, t.basis), org_path=u.org_path)
        if "category" in tracked and not (first and u.category == "routine"):
            await emit(session, "category.changed", {
                "enterprise_id": str(u.enterprise_id), "credit_code": u.credit_code, "name": u.name,
                "org_path": u.org_path, "category": u.category, "category_before": before["category"],
                "basis": t.category_basis,
            }, org_path=u.org_path)
    await session.flush()
    return tracked


def grade_event(u: Unit, before: dict[str, Any], basis: str | None) -> dict[str, Any]:
    return {
        "enterprise_id": str(u.enterprise_id), "credit_code": u.credit_code, "name": u.name, "org_path": u.org_path,
        "grade": u.grade, "grade_before": before.get("grade"), "level": u.level, "level_before": before.get("level"),
        "supervising_org_code": u.supervising_org_code, "escalated": u.escalated, "listed": u.listed,
        "category": u.category, "rule_set": u.rule_set_code, "basis": basis,
    }


def parse_revenue(v: Any) -> Decimal | None:
    return Decimal(str(v)) if v is not None and v != "" else None


async def upsert_from_registry(
    session: AsyncSession, item: dict[str, Any], *, today: dt.date, source: str = "event",
) -> Unit | None:
    """Apply an enterprise's fields as the registry published them; regrade when they matter."""
    eid = uuid.UUID(str(item["id"]))
    u = await session.get(Unit, eid, with_for_update=True)
    version = item.get("version")
    if u is not None and version is not None and u.source_version is not None and version < u.source_version:
        return u  # an older event delivered late: the newer state is already applied
    created = u is None
    if u is None:
        if not item.get("org_path") or not item.get("credit_code"):
            return None
        u = Unit(enterprise_id=eid, credit_code=item["credit_code"], name=item.get("name") or "",
                 unit_types=list(item.get("unit_types") or []), org_path=item["org_path"], status="normal",
                 active=True, major_risks=0, larger_risks=0, accident=False, responsible_recorded_late=False,
                 result=None)
        session.add(u)
    for key in ("credit_code", "name", "org_path", "status"):
        if item.get(key) is not None:
            setattr(u, key, item[key])
    if item.get("unit_types"):
        u.unit_types = list(item["unit_types"])
    if "employees" in item:
        u.employees = item["employees"]
    if "revenue_wan" in item:
        u.revenue_wan = parse_revenue(item["revenue_wan"])
    if version is not None:
        u.source_version = version
    u.active = u.status not in CLOSED_STATUSES
    await session.flush()
    if created:
        await refresh_risk_counts(session, u, today)
    await regrade(session, u, today=today, source=source)
    return u


CLOSED_STATUSES = ("deregistered", "revoked", "moved_out")
