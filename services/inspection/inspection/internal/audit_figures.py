"""GET /internal/audit-figures: supervision figures for pre-filling a 督查清单 (audit service only).

A handful of aggregate statements whatever the number of units (units, inspections,
rectifications, assessments and their people, tasks). Definitions (in Chinese, as the auditors
read them) are in docs/api/inspection.md, 审计取数（内部）.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import (
    Assessment,
    AssessmentPerson,
    ChecklistItem,
    Inspection,
    InspectionItem,
    Rectification,
    RiskControlList,
    Task,
    Unit,
)
from inspection.rectifications.router import OPEN as RECTIFICATION_OPEN
from servicekit.app import make_router
from servicekit.clock import TodayDep
from servicekit.db import SessionDep
from servicekit.figures import AuditFiguresOut, FiguresQuery, FiguresQueryDep, FigureValue
from servicekit.outbox import ServiceCaller

router = make_router(tags=["internal"])


def risk_points_filled() -> ColumnElement[bool]:
    """An inspection whose 关键风险点和风险管控事项 section was filled in.

    That section is the last one of 附件5-1 (section 6) and 附件5-2 (section 5); the template marks
    it `unit_section`. An inspection carries either the template's general line (item "6"/"5") or,
    when the unit has listed its own key risk points, one item per point ("6.1", "6.2", …).
    Submitting requires a result on every item, so "a result is set" alone would count every
    inspection: the section counts as filled when at least one of its items was checked — result
    是（√）or 否（×）— or carries a non-blank remark. Marked 不适用 without a remark, it was not.
    """
    item, template_item = InspectionItem, ChecklistItem
    return exists().where(
        item.inspection_id == Inspection.id,
        template_item.template_id == Inspection.template_id,
        template_item.unit_section.is_(True),
        template_item.section_no == item.section_no,
        or_(item.result.in_(("yes", "no")), func.btrim(func.coalesce(item.remark, "")) != ""),
    )


async def unit_figures(session: AsyncSession, q: FiguresQuery) -> dict[str, FigureValue]:
    known = and_(q.under(Unit.org_path), Unit.active.is_(True))  # closed units stay in unit_ref, inactive
    units = await session.scalar(select(func.count()).select_from(Unit).where(known))
    with_list = await session.scalar(select(func.count()).select_from(Unit).where(
        known, exists().where(RiskControlList.enterprise_id == Unit.enterprise_id)))
    return {"units_known": int(units or 0), "units_with_risk_list": int(with_list or 0)}


async def inspection_figures(session: AsyncSession, q: FiguresQuery) -> dict[str, FigureValue]:
    row = (await session.execute(
        select(
            func.count().label("inspections_in_period"),
            func.count(Inspection.enterprise_id.distinct()).label("units_inspected_in_period"),
            func.count().filter(risk_points_filled()).label("inspections_with_risk_points"),
        ).where(q.under(Inspection.org_path), Inspection.status == "submitted", q.on_day(Inspection.inspected_on))
    )).one()
    return {k: int(v) for k, v in row._mapping.items()}


async def rectification_figures(session: AsyncSession, q: FiguresQuery, today: dt.date) -> dict[str, FigureValue]:
    r = Rectification
    row = (await session.execute(
        select(
            func.count().filter(q.at_time(r.created_at)).label("rectifications_issued_in_period"),
            func.count().filter(r.status != "closed").label("rectifications_open"),
            # as /v1/rectifications?overdue=true: awaiting the unit (open or returned) past the deadline
            func.count().filter(r.status.in_(RECTIFICATION_OPEN), r.deadline < today).label("rectifications_overdue"),
        ).where(q.under(r.org_path))
    )).one()
    return {k: int(v) for k, v in row._mapping.items()}


async def assessment_figures(session: AsyncSession, q: FiguresQuery) -> dict[str, FigureValue]:
    a, p = Assessment, AssessmentPerson
    row = (await session.execute(
        select(
            func.count().filter(q.on_day(a.held_on)).label("assessments_in_period"),
            func.count().filter(a.status == "published", q.at_time(a.published_at)).label("assessments_published_in_period"),
        ).where(q.under(a.org_path))
    )).one()
    people = (await session.execute(
        select(func.count().label("assessment_people"), func.count().filter(p.passed.is_(True)).label("assessment_people_passed"))
        .select_from(p).join(a, a.id == p.assessment_id)
        .where(q.under(a.org_path), q.on_day(a.held_on), p.score.is_not(None))
    )).one()
    return {k: int(v) for k, v in {**row._mapping, **people._mapping}.items()}


async def task_figures(session: AsyncSession, q: FiguresQuery) -> dict[str, FigureValue]:
    due = and_(q.under(Task.org_path), q.on_day(Task.due_on), Task.status != "cancelled")
    row = (await session.execute(
        select(
            func.count().label("tasks_due_in_period"),
            func.count().filter(Task.status == "submitted").label("tasks_done_in_period"),
        ).where(due)
    )).one()
    return {k: int(v) for k, v in row._mapping.items()}


@router.get("/internal/audit-figures", response_model=AuditFiguresOut, operation_id="audit_figures",
            summary="审计取数：监督检查（仅供平台内部服务调用）")
async def audit_figures(_: ServiceCaller, q: FiguresQueryDep, session: SessionDep, today: TodayDep) -> AuditFiguresOut:
    figures = await unit_figures(session, q)
    figures |= await inspection_figures(session, q)
    figures |= await rectification_figures(session, q, today)
    figures |= await assessment_figures(session, q)
    figures |= await task_figures(session, q)
    return AuditFiguresOut.of("inspection", q, today, figures)
