"""GET /internal/audit-figures: grading's figures for pre-filling a 督查清单 (audit service only).

Two statements whatever the number of units: filtered counts over the bureau's units with their
grades, and the high-risk designations with their half-yearly visits. Definitions (in Chinese, as
the auditors read them) are in docs/api/grading.md, 审计取数（内部）.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from grading.context import Ctx
from grading.highrisk.router import half_year
from grading.labels import GRADE_LEVEL, LEVELS
from grading.models import HighRisk, Unit, UnitGrade, Visit
from servicekit.app import make_router
from servicekit.db import SessionDep
from servicekit.figures import AuditFiguresOut, FiguresQuery, FiguresQueryDep, FigureValue
from servicekit.outbox import ServiceCaller

router = make_router(tags=["internal"])

# 自治区、地（市）、县（区）、所 ↔ A、B、C、D: an org path's depth gives its level (拉萨经开区
# 540000/540171 sits directly under the region, so it is a prefecture-level bureau, B).
LEVEL_GRADE = {level: grade for grade, level in GRADE_LEVEL.items()}


def level_of(q: FiguresQuery) -> tuple[str, str]:
    level = LEVELS[q.depth - 1]  # the shared query admits 1 to 4 segments
    return level, LEVEL_GRADE[level]


async def unit_figures(session: AsyncSession, q: FiguresQuery, level_grade: str) -> dict[str, FigureValue]:
    u, g = Unit, UnitGrade
    active = u.active.is_(True)  # closed units (deregistered, revoked, moved out) stay in the table, inactive
    at_level = and_(active, g.grade == level_grade)
    row = (await session.execute(
        select(
            func.count().filter(active).label("units_total"),
            func.count().filter(active, g.grade.is_not(None)).label("graded_units"),
            func.count().filter(active, g.grade.is_(None)).label("ungraded_units"),
            func.count().filter(at_level).label("level_units"),
            func.count().filter(at_level, u.responsible_name.is_not(None)).label("level_units_with_responsible"),
            func.count().filter(active, g.category == "key").label("key_supervision_units"),
            func.count().filter(active, g.category == "special").label("special_supervision_units"),
        ).select_from(u).outerjoin(g, g.enterprise_id == u.enterprise_id).where(q.under(u.org_path))
    )).one()
    return {k: int(v) for k, v in row._mapping.items()}


async def high_risk_figures(session: AsyncSession, q: FiguresQuery, today: dt.date) -> dict[str, FigureValue]:
    """Designations in force on units under the path, and those `/v1/high-risk` shows as overdue:
    not visited in the current half-year and not visited in the previous one although designated
    before the current half-year began."""
    h, visit = HighRisk, Visit
    cur_start, _ = half_year(today)
    prev_start, prev_end = half_year(cur_start - dt.timedelta(days=1))
    visited_now = exists().where(visit.enterprise_id == h.enterprise_id, visit.visited_on.between(cur_start, today))
    visited_prev = exists().where(visit.enterprise_id == h.enterprise_id,
                          visit.visited_on.between(prev_start, prev_end))
    row = (await session.execute(
        select(
            func.count().label("high_risk_units"),
            func.count().filter(h.designated_on < cur_start, ~visited_now, ~visited_prev).label("high_risk_visit_overdue"),
        ).select_from(h).join(Unit, Unit.enterprise_id == h.enterprise_id)
        .where(h.ended_on.is_(None), q.under(Unit.org_path))
    )).one()
    return {k: int(v) for k, v in row._mapping.items()}


@router.get("/internal/audit-figures", response_model=AuditFiguresOut, operation_id="audit_figures",
            summary="审计取数：分层分级（仅供平台内部服务调用）")
async def audit_figures(_: ServiceCaller, q: FiguresQueryDep, session: SessionDep, ctx: Ctx) -> AuditFiguresOut:
    level, level_grade = level_of(q)
    figures: dict[str, FigureValue] = {"level": level, "level_grade": level_grade}
    figures |= await unit_figures(session, q, level_grade)
    figures |= await high_risk_figures(session, q, ctx.today)
    return AuditFiguresOut.of("grading", q, ctx.today, figures)
