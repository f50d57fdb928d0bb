"""/v1/tasks: inspection tasks with due dates — ad hoc, planned each half-year for high-risk,
重点 and 特别 units (from grading's events), or drawn at random (/v1/draws)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from inspection.deps import Regulator
from inspection.labels import TASK_KIND_LABELS
from inspection.models import Task, Unit
from inspection.units.access import load_unit
from servicekit import reminders
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, row_to_dict
from servicekit.errors import Conflict, InvalidInput, NotFound
from servicekit.pagination import Page, PageDep, paginate

router = make_router(prefix="/v1/tasks", tags=["tasks"])


class TaskIn(BaseModel):
    enterprise_id: uuid.UUID
    due_on: dt.date
    reason: str = Field(min_length=2, max_length=500)
    assignee_subject: str | None = Field(default=None, max_length=64, description="检查人员的用户标识")
    assignee_name: str | None = Field(default=None, max_length=60)


class CancelIn(BaseModel):
    reason: str = Field(min_length=2, max_length=500)


class TaskOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    org_path: str
    kind: str
    kind_label: str
    reason: str
    due_on: dt.date
    overdue: bool
    assignee_subject: str | None
    assignee_name: str | None
    status: str
    created_by: str


def _out(t: Task, name: str | None, today: dt.date) -> TaskOut:
    return TaskOut(id=t.id, enterprise_id=t.enterprise_id, enterprise_name=name, org_path=t.org_path, kind=t.kind,
                   kind_label=TASK_KIND_LABELS[t.kind], reason=t.reason, due_on=t.due_on,
                   overdue=t.status == "open" and t.due_on < today, assignee_subject=t.assignee_subject,
                   assignee_name=t.assignee_name, status=t.status, created_by=t.created_by)


@router.post("", response_model=TaskOut, status_code=201, operation_id="task_create", summary="布置临时检查任务")
async def task_create(body: TaskIn, principal: Regulator, session: SessionDep, today: TodayDep) -> TaskOut:
    u = await load_unit(session, principal, body.enterprise_id)
    if body.due_on < today:
        raise InvalidInput("完成期限不能早于今天", code="DATE_IN_PAST")
    t = Task(id=uuid.uuid4(), enterprise_id=u.enterprise_id, org_path=u.org_path, kind="adhoc", reason=body.reason,
             due_on=body.due_on, assignee_subject=body.assignee_subject or principal.subject,
             assignee_name=body.assignee_name or principal.username, status="open", created_by=principal.username)
    session.add(t)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="task", entity_id=t.id,
                        after=row_to_dict(t), org_path=u.org_path)
    return _out(t, u.name, today)


class PlanOut(BaseModel):
    half_year: str
    created: int
    already_planned: int


def half_year(d: dt.date) -> tuple[str, dt.date]:
    """("2026H1", 2026-06-30) for a day in January–June, ("2026H2", 2026-12-31) otherwise."""
    return (f"{d.year}H1", dt.date(d.year, 6, 30)) if d.month <= 6 else (f"{d.year}H2", dt.date(d.year, 12, 31))


@router.post("/plan", response_model=PlanOut, operation_id="task_plan",
             summary="生成本半年度计划检查任务：高风险主体、重点监管和特别监管主体各至少一次现场检查")
async def task_plan(principal: Regulator, session: SessionDep, today: TodayDep) -> PlanOut:
    """Idempotent: a unit gets one planned task per half-year and reason, however often this runs."""
    key, due = half_year(today)
    reasons = {"high_risk": "高风险主体半年度现场检查（半年内不少于1次）",
               "special": "特别监管主体半年度现场检查", "key": "重点监管主体半年度现场检查"}
    units = (await session.scalars(select(Unit).where(
        jurisdiction_filter(Unit.org_path, principal), Unit.active.is_(True),
        (Unit.high_risk_since.isnot(None)) | (Unit.category.in_(("key", "special")))))).all()
    created = existing = 0
    for u in units:
        kind = "high_risk" if u.high_risk_since is not None else u.category
        plan_key = f"{key}:{kind}"
        stmt = insert(Task).values(
            id=uuid.uuid4(), enterprise_id=u.enterprise_id, org_path=u.org_path, kind="planned",
            reason=reasons[kind], due_on=due, assignee_subject=None, assignee_name=None, status="open",
            plan_key=plan_key, created_by=principal.username,
        ).on_conflict_do_nothing(index_elements=["enterprise_id", "plan_key"],
                                 index_where=Task.plan_key.isnot(None)).returning(Task.id)
        if (await session.execute(stmt)).scalar() is None:
            existing += 1
        else:
            created += 1
    await record_change(session, actor=principal, action="plan", entity_type="task", entity_id=key,
                        after={"created": created, "already_planned": existing}, org_path=principal.org_path)
    return PlanOut(half_year=key, created=created, already_planned=existing)


@router.get("", response_model=Page[TaskOut], operation_id="task_list", summary="检查任务（“我的任务”：mine=true）")
async def task_list(principal: Regulator, session: SessionDep, page: PageDep, today: TodayDep, mine: bool = False,
                    status: Literal["open", "submitted", "cancelled"] | None = None) -> Page[TaskOut]:
    stmt = (select(Task, Unit.name).join(Unit, Unit.enterprise_id == Task.enterprise_id)
            .where(jurisdiction_filter(Task.org_path, principal)).order_by(Task.due_on, Task.id))
    if mine:
        stmt = stmt.where(Task.assignee_subject == principal.subject)
    if status:
        stmt = stmt.where(Task.status == status)
    rows, total = await paginate(session, stmt, page)
    return Page(items=[_out(t, name, today) for t, name in rows], total=total, page=page.page, size=page.size,
                total_capped=False)


class AssignIn(BaseModel):
    assignee_subject: str = Field(max_length=64, description="检查人员的用户标识")
    assignee_name: str = Field(min_length=1, max_length=60)


@router.post("/{task_id}/assign", response_model=TaskOut, operation_id="task_assign", summary="指派检查人员")
async def task_assign(task_id: uuid.UUID, body: AssignIn, principal: Regulator, session: SessionDep,
                      today: TodayDep) -> TaskOut:
    t = await session.get(Task, task_id, with_for_update=True)
    if t is None or not principal.covers(t.org_path):
        raise NotFound("未找到该检查任务", code="TASK_NOT_FOUND")
    if t.status != "open":
        raise Conflict("只能指派未完成的任务", code="TASK_STATE")
    before = row_to_dict(t)
    t.assignee_subject, t.assignee_name = body.assignee_subject, body.assignee_name
    await session.flush()
    await record_change(session, actor=principal, action="assign", entity_type="task", entity_id=t.id,
                        before=before, after=row_to_dict(t), org_path=t.org_path)
    return _out(t, await session.scalar(select(Unit.name).where(Unit.enterprise_id == t.enterprise_id)), today)


@router.post("/{task_id}/cancel", response_model=TaskOut, operation_id="task_cancel", summary="撤销检查任务")
async def task_cancel(task_id: uuid.UUID, body: CancelIn, principal: Regulator, session: SessionDep,
                      today: TodayDep) -> TaskOut:
    t = await session.get(Task, task_id, with_for_update=True)
    if t is None or not principal.covers(t.org_path):
        raise NotFound("未找到该检查任务", code="TASK_NOT_FOUND")
    if t.status != "open":
        raise Conflict("只能撤销未完成的任务", code="TASK_STATE")
    before = row_to_dict(t)
    t.status = "cancelled"
    await session.flush()
    await reminders.resolve(session, "task_due", t.id)
    await record_change(session, actor=principal, action="cancel", entity_type="task", entity_id=t.id, before=before,
                        after=row_to_dict(t), org_path=t.org_path, reason=body.reason)
    return _out(t, await session.scalar(select(Unit.name).where(Unit.enterprise_id == t.enterprise_id)), today)
