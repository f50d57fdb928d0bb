"""/v1/tasks: inspection tasks assigned to inspectors with due dates (ad hoc for now; planned
tasks from grading's lists and random draws come next)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select

from inspection.context import TodayDep
from inspection.deps import Regulator
from inspection.labels import TASK_KIND_LABELS
from inspection.models import Task, Unit
from inspection.units.access import load_unit
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
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
    await record_change(session, actor=principal, action="cancel", entity_type="task", entity_id=t.id, before=before,
                        after=row_to_dict(t), org_path=t.org_path, reason=body.reason)
    return _out(t, None, today)
