"""/v1/recompute: the full regrade as an administrator's action (runs in the background)."""

from __future__ import annotations

import datetime as dt

from fastapi import BackgroundTasks, Request
from pydantic import BaseModel
from sqlalchemy import select

from grading.context import Ctx
from grading.deps import Admin, Regulator
from grading.models import RecomputeRun
from grading.recompute.service import run_full
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep

router = make_router(prefix="/v1/recompute", tags=["recompute"])


class RunOut(BaseModel):
    id: int
    as_of: dt.date
    started_at: dt.datetime
    finished_at: dt.datetime | None
    units: int
    changed: int
    triggered_by: str


@router.post("", response_model=RunOut, status_code=202, operation_id="recompute_start",
             summary="全量重新分级（后台执行，按今天有效的规则）")
async def recompute_start(request: Request, tasks: BackgroundTasks, principal: Admin, session: SessionDep,
                          ctx: Ctx) -> RunOut:
    run = RecomputeRun(as_of=ctx.today, triggered_by=principal.username, units=0, changed=0)
    session.add(run)
    await session.flush()
    await record_change(session, actor=principal, action="recompute", entity_type="recompute_run", entity_id=run.id,
                        reason="管理员发起全量重新分级")
    out = RunOut.model_validate(run, from_attributes=True)
    # Background tasks run after the response is sent, so after this request's transaction commits.
    tasks.add_task(run_full, request.app.state.sessionmaker, today=ctx.today, triggered_by=principal.username,
                   run_id=out.id)
    return out


@router.get("/runs", response_model=list[RunOut], operation_id="recompute_runs", summary="最近的全量重新分级")
async def recompute_runs(_: Regulator, session: SessionDep) -> list[RunOut]:
    rows = await session.scalars(select(RecomputeRun).order_by(RecomputeRun.id.desc()).limit(20))
    return [RunOut.model_validate(r, from_attributes=True) for r in rows.all()]
