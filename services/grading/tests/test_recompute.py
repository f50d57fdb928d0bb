"""The set-based recompute gives exactly what the per-unit rules give (texts included), writes
only what changed, records history and events for moved units, and is idempotent."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from grading.models import DERIVED, GradeHistory, RiskEvent, Unit, UnitGrade
from grading.recompute.sql import recompute
from grading.rules.repository import active_rules
from grading.units.evaluate import evaluate
from servicekit.outbox import OutboxEvent

TODAY = dt.date(2026, 3, 2)
XS = [None, 0, 4, 5, 9, 10, 19, 20, 49, 50, 199, 200, 299, 300, 999, 1000]
YS = [None, Decimal("0"), Decimal("99.99"), Decimal("100"), Decimal("299"), Decimal("300.5"), Decimal("499"),
      Decimal("500"), Decimal("999"), Decimal("1000"), Decimal("1999"), Decimal("2000"), Decimal("4999"),
      Decimal("5000"), Decimal("19999"), Decimal("20000"), Decimal("39999.99"), Decimal("40000")]
TYPES = [["production"], ["wholesale"], ["retail"], ["production", "retail"], ["wholesale", "retail"],
         ["production", "wholesale", "retail"]]
PATHS = ["540000/540100/540102/540102-01", "540000/540171", "540000/540200/540202"]


async def seed_units(session: AsyncSession) -> list[Unit]:
    units = []
    knobs = itertools.cycle([
        (0, 0, False, None, None, None, None), (1, 0, False, "higher", None, None, None),
        (3, 0, False, None, None, "up", None), (0, 1, True, None, "A", None, None),
        (2, 1, False, "high", None, "none", "key"), (0, 0, False, "low", "D", "listed", None),
    ])
    for i, (types, x, y) in enumerate(itertools.product(TYPES, XS, YS)):
        major, larger, accident, credit, g_ovr, e_ovr, c_ovr = next(knobs)
        u = Unit(enterprise_id=uuid.uuid4(), credit_code=f"9154{i:014d}", name=f"单位{i}", unit_types=types,
                 employees=x, revenue_wan=y, org_path=PATHS[i % 3], status="normal", active=True,
                 credit_risk_class=credit, grade_override=g_ovr, escalation_override=e_ovr,
                 escalation_reason="人工决定" if e_ovr else None, category_override=c_ovr)
        session.add(u)
        for k in range(major):
            session.add(RiskEvent(id=uuid.uuid4(), enterprise_id=u.enterprise_id, severity="major",
                                  source="inspection", found_on=TODAY - dt.timedelta(days=30 * (k + 1))))
        for k in range(larger):
            session.add(RiskEvent(id=uuid.uuid4(), enterprise_id=u.enterprise_id, severity="larger",
                                  source="accident" if accident else "complaint", found_on=TODAY - dt.timedelta(days=5 + k)))
        units.append(u)
    await session.flush()
    return units


async def test_sql_recompute_matches_the_per_unit_rules(session: AsyncSession) -> None:
    units = await seed_units(session)
    rules = await active_rules(session, TODAY)
    result = await recompute(session, rules, today=TODAY, actor="测试", reason="全量")
    assert result["changed"] == len(units)
    session.expire_all()
    mismatches = []
    for u in (await session.scalars(select(Unit))).all():
        want = evaluate(rules, unit_types=list(u.unit_types), employees=u.employees, revenue_wan=u.revenue_wan,
                        org_path=u.org_path, grade_override=u.grade_override,
                        escalation_override=u.escalation_override,
                        major=u.major_risks, larger=u.larger_risks, accident=u.accident, credit=u.credit_risk_class,
                        category_override=u.category_override)
        got = {k: getattr(u, k) for k in DERIVED}
        diff = {k: (got[k], want[k]) for k in DERIVED if got[k] != want[k]}
        if diff:
            mismatches.append((u.unit_types, u.employees, u.revenue_wan, diff))
    assert not mismatches, mismatches[:3]
    # the knobs really exercised every branch
    cats = set((await session.scalars(select(UnitGrade.category).distinct())).all())
    assert cats == {"routine", "key", "special"}
    assert await session.scalar(select(func.count()).where(UnitGrade.listed.is_(True))) > 0
    assert await session.scalar(select(func.count()).where(UnitGrade.escalated.is_(True),
                                                           UnitGrade.level != UnitGrade.base_level)) > 0
    assert await session.scalar(select(func.count()).where(UnitGrade.needs_completion.is_(True))) > 0


async def test_recompute_writes_only_what_changed_and_reports_it(session: AsyncSession) -> None:
    units = await seed_units(session)
    rules = await active_rules(session, TODAY)
    first = await recompute(session, rules, today=TODAY)
    assert first["changed"] == len(units) and first["moved"] == len(units)
    assert await session.scalar(select(func.count()).select_from(GradeHistory)) == len(units)
    events = (await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "grades.recomputed"))).all()
    assert sum(e.payload["count"] for e in events) == len(units)
    assert max(e.payload["count"] for e in events) <= 1000
    one = events[0].payload
    assert {len(one[k]) for k in ("enterprise_id", "grade", "level", "supervising_org_code", "category")} == {one["count"]}
    stored = {str(g.enterprise_id): (g.grade, g.level) for g in (await session.scalars(select(UnitGrade))).all()}
    for eid, grade, level in zip(one["enterprise_id"], one["grade"], one["level"], strict=True):
        assert stored[eid] == (grade, level)  # the parallel arrays line up
    again = await recompute(session, rules, today=TODAY)
    assert again == {"changed": 0, "moved": 0, "events": 0}
    # one input changes → one row rewritten, one history row, one event item
    target = units[100]
    await session.execute(text("UPDATE unit SET employees = 5000 WHERE enterprise_id = :id"), {"id": target.enterprise_id})
    third = await recompute(session, rules, today=TODAY)
    assert third["changed"] == 1


async def test_major_risks_leave_the_window_after_two_years(session: AsyncSession) -> None:
    u = Unit(enterprise_id=uuid.uuid4(), credit_code="91540000000000001X", name="风险单位", unit_types=["production"],
             employees=10, revenue_wan=Decimal(50), org_path=PATHS[0], status="normal", active=True)
    session.add(u)
    for found in (dt.date(2025, 4, 1), dt.date(2025, 9, 1), dt.date(2026, 2, 1)):
        session.add(RiskEvent(id=uuid.uuid4(), enterprise_id=u.enterprise_id, severity="major", source="sampling",
                              found_on=found))
    await session.flush()
    rules = await active_rules(session, TODAY)
    await recompute(session, rules, today=TODAY)
    await session.refresh(u)
    assert (u.category, u.major_risks) == ("special", 3)
    assert u.escalated and u.level == "county"  # D, major risks found repeatedly → one level up
    later = dt.date(2027, 4, 2)  # the first risk is now more than 2 years old
    await recompute(session, await active_rules(session, later), today=later)
    await session.refresh(u)
    assert (u.category, u.major_risks) == ("key", 2)
    much_later = dt.date(2028, 3, 1)
    await recompute(session, await active_rules(session, much_later), today=much_later)
    await session.refresh(u)
    assert (u.category, u.major_risks, u.escalated, u.level) == ("routine", 0, False, "station")
