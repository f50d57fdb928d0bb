"""/v1/draws: 双随机 — random units from a filtered pool and random inspectors from the unit's
staff, drawn from a recorded seed so anyone can reproduce the draw; each unit drawn becomes a
task assigned to one of the inspectors drawn."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets
import uuid
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.clients.gateway import Staff, StaffLookup
from inspection.deps import Bureau, OrgsDep, Regulator, org_node
from inspection.models import RandomDraw, Task, Unit
from inspection.units.access import unit_names
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep
from servicekit.errors import InvalidInput, NotFound
from servicekit.orgs import OrgNode

router = make_router(prefix="/v1/draws", tags=["draws"])
INSPECTOR_ROLES = ["station_inspector", "county_officer"]


class DrawIn(BaseModel):
    org: str | None = Field(default=None, max_length=20, description="抽取范围（监管单位编码），默认本单位")
    unit_types: list[Literal["production", "wholesale", "retail"]] = Field(default_factory=list)
    grades: list[Literal["A", "B", "C", "D"]] = Field(default_factory=list)
    units: int = Field(ge=1, le=500, description="抽取主体数")
    inspectors: int = Field(ge=1, le=50, description="抽取检查人员数")
    due_on: dt.date
    reason: str = Field(min_length=2, max_length=500, description="如：2026年第一批双随机抽查")
    seed: int | None = Field(default=None, ge=0, lt=2**53, description="随机种子（不超过 2^53，在 JavaScript 中也精确）；不填则由系统生成并记录")


class Drawn(BaseModel):
    id: str
    name: str | None


class DrawOut(BaseModel):
    id: uuid.UUID
    org_code: str
    seed: int
    filters: dict[str, Any]
    pool_units: int
    pool_inspectors: int
    pool_hash: str
    unit_ids: list[str]
    inspector_ids: list[str]
    units: list[Drawn] = Field(description="抽中的主体（编号与名称）")
    inspectors: list[Drawn] = Field(description="抽中的检查人员（编号与姓名）")
    due_on: dt.date
    reason: str
    created_by: str
    created_at: dt.datetime


class VerifyOut(BaseModel):
    pool_unchanged: bool
    reproduced: bool
    detail: str


def staff_lookup(request: Request) -> StaffLookup:
    return request.app.state.staff_lookup  # type: ignore[no-any-return]


StaffDep = Annotated[StaffLookup, Depends(staff_lookup)]


async def _pool(session: AsyncSession, node: OrgNode, filters: dict[str, Any]) -> list[str]:
    stmt = select(Unit.enterprise_id).where(or_(Unit.org_path == node.path, Unit.org_path.like(node.path + "/%")),
                                            Unit.active.is_(True)).order_by(Unit.enterprise_id)
    if filters.get("unit_types"):
        stmt = stmt.where(Unit.unit_types.overlap(filters["unit_types"]))
    if filters.get("grades"):
        stmt = stmt.where(Unit.grade.in_(filters["grades"]))
    return [str(x) for x in (await session.scalars(stmt)).all()]


def select_draw(seed: int, units: list[str], staff: list[str], n_units: int, n_staff: int) -> tuple[list[str], list[str]]:
    """The draw itself: sorted pools, one random.Random(seed), units first then inspectors."""
    rng = random.Random(seed)
    return rng.sample(sorted(units), n_units), rng.sample(sorted(staff), n_staff)


def pool_hash(units: list[str], staff: list[Staff]) -> str:
    text = "\n".join(sorted(units)) + "\n--\n" + "\n".join(sorted(s.id for s in staff))
    return hashlib.sha256(text.encode()).hexdigest()


@router.post("", response_model=DrawOut, status_code=201, operation_id="draw_create",
             summary="双随机抽取：随机抽取检查对象和检查人员，生成检查任务")
async def draw_create(body: DrawIn, principal: Bureau, session: SessionDep, today: TodayDep, staff_of: StaffDep,
                      orgs: OrgsDep) -> DrawOut:
    node = await org_node(orgs, body.org, principal)
    if body.due_on < today:
        raise InvalidInput("完成期限不能早于今天", code="DATE_IN_PAST")
    filters = {"unit_types": sorted(body.unit_types), "grades": sorted(body.grades)}
    units = await _pool(session, node, filters)
    staff = await staff_of(node.code, INSPECTOR_ROLES)
    if len(units) < body.units:
        raise InvalidInput(f"符合条件的主体只有 {len(units)} 户，少于拟抽取的 {body.units} 户", code="DRAW_POOL_TOO_SMALL")
    if len(staff) < body.inspectors:
        raise InvalidInput(f"本单位在岗检查人员只有 {len(staff)} 人，少于拟抽取的 {body.inspectors} 人",
                           code="DRAW_STAFF_TOO_SMALL")
    seed = body.seed if body.seed is not None else secrets.randbits(52)
    unit_ids, staff_ids = select_draw(seed, units, [s.id for s in staff], body.units, body.inspectors)
    by_id = {s.id: s for s in staff}
    draw = RandomDraw(id=uuid.uuid4(), org_code=node.code, org_path=node.path, seed=seed, filters=filters,
                      pool_units=len(units), pool_inspectors=len(staff), pool_hash=pool_hash(units, staff),
                      unit_ids=unit_ids, inspector_ids=staff_ids,
                      inspector_names=[by_id[i].display_name for i in staff_ids], due_on=body.due_on, reason=body.reason,
                      created_by=principal.username)
    session.add(draw)
    paths = dict((await session.execute(select(Unit.enterprise_id, Unit.org_path).where(
        Unit.enterprise_id.in_([uuid.UUID(u) for u in unit_ids])))).all())
    for n, uid in enumerate(unit_ids):
        inspector = by_id[staff_ids[n % len(staff_ids)]]
        session.add(Task(id=uuid.uuid4(), enterprise_id=uuid.UUID(uid), org_path=paths[uuid.UUID(uid)], kind="random",
                         reason=f"双随机抽查：{body.reason}", due_on=body.due_on, assignee_subject=inspector.id,
                         assignee_name=inspector.display_name, status="open", created_by=principal.username))
    await session.flush()
    await record_change(session, actor=principal, action="draw", entity_type="random_draw", entity_id=draw.id,
                        after={"seed": seed, "filters": filters, "units": unit_ids, "inspectors": staff_ids,
                               "pool_units": len(units), "pool_inspectors": len(staff)}, org_path=node.path,
                        reason=body.reason)
    return (await _outs(session, [draw]))[0]


@router.get("", response_model=list[DrawOut], operation_id="draw_list", summary="双随机抽取记录")
async def draw_list(principal: Regulator, session: SessionDep) -> list[DrawOut]:
    rows = await session.scalars(select(RandomDraw).where(jurisdiction_filter(RandomDraw.org_path, principal))
                                 .order_by(RandomDraw.created_at.desc()).limit(100))
    return await _outs(session, list(rows.all()))


async def _outs(session: AsyncSession, draws: list[RandomDraw]) -> list[DrawOut]:
    """Draws with the names of what was drawn (units from this service's copy, in one query)."""
    ids = {uuid.UUID(u) for d in draws for u in d.unit_ids}
    names = await unit_names(session, ids)
    out = []
    for d in draws:
        base = {k: getattr(d, k) for k in DrawOut.model_fields if k not in ("units", "inspectors")}
        inspector_names = d.inspector_names or [None] * len(d.inspector_ids)
        out.append(DrawOut(**base, units=[Drawn(id=u, name=names.get(uuid.UUID(u))) for u in d.unit_ids],
                           inspectors=[Drawn(id=i, name=n) for i, n in zip(d.inspector_ids, inspector_names, strict=True)]))
    return out


@router.get("/{draw_id}/verify", response_model=VerifyOut, operation_id="draw_verify",
            summary="复核抽取：用记录的种子对同一对象库重新抽取，结果应完全一致")
async def draw_verify(draw_id: uuid.UUID, principal: Regulator, session: SessionDep, staff_of: StaffDep,
                      orgs: OrgsDep) -> VerifyOut:
    d = await session.get(RandomDraw, draw_id)
    if d is None or not principal.covers(d.org_path):
        raise NotFound("未找到该抽取记录", code="DRAW_NOT_FOUND")
    node = await orgs.get(d.org_code)
    assert node is not None
    units = await _pool(session, node, d.filters)
    staff = await staff_of(d.org_code, INSPECTOR_ROLES)
    same_pool = pool_hash(units, staff) == d.pool_hash
    unit_ids, staff_ids = select_draw(d.seed, units, [s.id for s in staff], len(d.unit_ids), len(d.inspector_ids))
    reproduced = (unit_ids, staff_ids) == (d.unit_ids, d.inspector_ids)
    detail = ("对象库与抽取时一致，按记录的种子重新抽取，结果完全相同" if same_pool and reproduced else
              "对象库已变化（新增、注销或人员变动），无法逐一复现；抽取时的对象库摘要已记录" if not same_pool else
              "对象库一致但结果不同：请联系系统管理员")
    return VerifyOut(pool_unchanged=same_pool, reproduced=reproduced, detail=detail)
