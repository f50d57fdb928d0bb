"""/v1/recalls, /v1/assistance, /v1/referrals: recalls of products confirmed defective (order,
progress, closure), technical assistance visits with the measures proposed, and violations
referred for enforcement with their case number and outcome."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.deps import Regulator, RegulatorOrEnterprise
from inspection.models import Assistance, Inspection, Recall, Referral
from inspection.units.access import load_unit, may_see, unit_names, visible
from servicekit import reminders
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, row_to_dict
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.outbox import emit

router = make_router(prefix="/v1", tags=["follow-ups"])
RECALL_STATUS = {"ordered": "已责令召回", "in_progress": "召回实施中", "closed": "召回已结束"}
REFERRAL_STATUS = {"referred": "已移送", "filed": "已立案", "concluded": "已结案"}


def _not_future(day: dt.date, today: dt.date) -> None:
    if day > today:
        raise InvalidInput("日期不能晚于今天", code="DATE_IN_FUTURE")


# --- recalls --------------------------------------------------------------------------------
class RecallIn(BaseModel):
    enterprise_id: uuid.UUID
    product: str = Field(min_length=2, max_length=200, description="召回产品（名称、型号、批次）")
    defect: str = Field(min_length=2, max_length=2000, description="经确认的缺陷")
    order_no: str | None = Field(default=None, max_length=60, description="责令召回通知书文号")
    ordered_on: dt.date
    quantity: int | None = Field(default=None, ge=0, description="涉及数量")
    due_on: dt.date | None = Field(default=None, description="召回完成期限")


class ProgressIn(BaseModel):
    text: str = Field(min_length=2, max_length=2000)
    recovered: int | None = Field(default=None, ge=0, description="累计已召回数量")


class CloseIn(BaseModel):
    note: str = Field(min_length=2, max_length=2000)
    closed_on: dt.date | None = None


class RecallOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None = None
    due_on: dt.date | None = None
    overdue: bool = Field(default=False, description="未结束且已过完成期限")
    product: str
    defect: str
    order_no: str | None
    ordered_on: dt.date
    quantity: int | None
    recovered: int | None
    status: str
    status_label: str
    progress: list[dict[str, Any]]
    closed_on: dt.date | None
    closing_note: str | None
    created_by: str


def _recall(r: Recall, name: str | None = None, today: dt.date | None = None) -> RecallOut:
    return RecallOut(id=r.id, enterprise_id=r.enterprise_id, enterprise_name=name, due_on=r.due_on,
                     overdue=bool(today and r.due_on and r.status != "closed" and r.due_on < today), product=r.product, defect=r.defect, order_no=r.order_no,
                     ordered_on=r.ordered_on, quantity=r.quantity, recovered=r.recovered, status=r.status,
                     status_label=RECALL_STATUS[r.status], progress=list(r.progress or []), closed_on=r.closed_on,
                     closing_note=r.closing_note, created_by=r.created_by)


def _recall_event(r: Recall) -> dict[str, Any]:
    return {"id": str(r.id), "enterprise_id": str(r.enterprise_id), "product": r.product, "status": r.status,
            "recovered": r.recovered, "org_path": r.org_path}


async def _load_recall(session: AsyncSession, principal: Principal, rid: uuid.UUID) -> Recall:
    r = await session.get(Recall, rid, with_for_update=True)
    if r is None or not may_see(principal, r.enterprise_id, r.org_path):
        raise NotFound("未找到该召回", code="RECALL_NOT_FOUND")
    return r


@router.post("/recalls", response_model=RecallOut, status_code=201, operation_id="recall_order",
             summary="责令召回（产品经确认存在缺陷）")
async def recall_order(body: RecallIn, principal: Regulator, session: SessionDep, today: TodayDep) -> RecallOut:
    u = await load_unit(session, principal, body.enterprise_id)
    _not_future(body.ordered_on, today)
    if "production" not in u.unit_types:
        raise InvalidInput("召回由生产单位实施：该主体不是生产单位", code="RECALL_NOT_PRODUCER")
    if body.due_on is not None and body.due_on < body.ordered_on:
        raise InvalidInput("召回完成期限不能早于责令召回日期", code="RECALL_DUE_BEFORE_ORDER")
    r = Recall(id=uuid.uuid4(), enterprise_id=u.enterprise_id, org_path=u.org_path, product=body.product,
               defect=body.defect, order_no=body.order_no, ordered_on=body.ordered_on, quantity=body.quantity,
               due_on=body.due_on, status="ordered", progress=[], created_by=principal.username)
    session.add(r)
    await session.flush()
    await record_change(session, actor=principal, action="order", entity_type="recall", entity_id=r.id,
                        after=row_to_dict(r), org_path=r.org_path)
    await emit(session, "recall.ordered", _recall_event(r), org_path=r.org_path)
    return _recall(r, u.name, today)


@router.post("/recalls/{recall_id}/progress", response_model=RecallOut, operation_id="recall_progress",
             summary="报告召回进展（企业或监管部门）")
async def recall_progress(recall_id: uuid.UUID, body: ProgressIn, principal: RegulatorOrEnterprise,
                          session: SessionDep, today: TodayDep) -> RecallOut:
    r = await _load_recall(session, principal, recall_id)
    if r.status == "closed":
        raise Conflict("召回已结束", code="RECALL_CLOSED")
    if body.recovered is not None and r.quantity is not None and body.recovered > r.quantity:
        raise InvalidInput("已召回数量不能超过涉及数量", code="RECALL_QUANTITY")
    before = row_to_dict(r)
    r.progress = [*(r.progress or []), {"on": str(today), "text": body.text, "by": principal.username,
                                        "recovered": body.recovered}]
    r.status = "in_progress"
    if body.recovered is not None:
        r.recovered = body.recovered
    await session.flush()
    await record_change(session, actor=principal, action="progress", entity_type="recall", entity_id=r.id,
                        before=before, after=row_to_dict(r), org_path=r.org_path)
    await emit(session, "recall.progress", _recall_event(r), org_path=r.org_path)
    return _recall(r, None, today)


@router.post("/recalls/{recall_id}/close", response_model=RecallOut, operation_id="recall_close",
             summary="结束召回（监管部门确认）")
async def recall_close(recall_id: uuid.UUID, body: CloseIn, principal: Regulator, session: SessionDep,
                       today: TodayDep) -> RecallOut:
    r = await _load_recall(session, principal, recall_id)
    if r.status == "closed":
        raise Conflict("召回已结束", code="RECALL_CLOSED")
    on = body.closed_on or today
    _not_future(on, today)
    if on < r.ordered_on:
        raise InvalidInput("结束日期不能早于责令召回日期", code="RECALL_CLOSED_BEFORE_ORDER")
    before = row_to_dict(r)
    r.status, r.closed_on, r.closing_note = "closed", on, body.note
    await session.flush()
    await reminders.resolve(session, "recall_overdue", r.id)
    await record_change(session, actor=principal, action="close", entity_type="recall", entity_id=r.id,
                        before=before, after=row_to_dict(r), org_path=r.org_path, reason=body.note)
    await emit(session, "recall.closed", _recall_event(r), org_path=r.org_path)
    return _recall(r, None, today)


@router.get("/recalls", response_model=list[RecallOut], operation_id="recall_list", summary="召回")
async def recall_list(principal: RegulatorOrEnterprise, session: SessionDep, today: TodayDep,
                      status: Literal["ordered", "in_progress", "closed"] | None = None,
                      enterprise_id: uuid.UUID | None = None) -> list[RecallOut]:
    stmt = select(Recall).order_by(Recall.ordered_on.desc())
    stmt = stmt.where(visible(principal, Recall.enterprise_id, Recall.org_path))
    if status:
        stmt = stmt.where(Recall.status == status)
    if enterprise_id:
        stmt = stmt.where(Recall.enterprise_id == enterprise_id)
    rows = (await session.scalars(stmt.limit(500))).all()
    names = await unit_names(session, {r.enterprise_id for r in rows})
    return [_recall(r, names.get(r.enterprise_id), today) for r in rows]


# --- technical assistance --------------------------------------------------------------------
class AssistanceIn(BaseModel):
    enterprise_id: uuid.UUID
    visited_on: dt.date
    problems: str = Field(min_length=2, max_length=2000, description="发现的质量问题")
    measures: list[str] = Field(min_length=1, max_length=20, description="提出的整改措施")
    experts: str | None = Field(default=None, max_length=200, description="帮扶专家")


class AssistanceOut(AssistanceIn):
    id: uuid.UUID
    enterprise_name: str | None = None
    created_by: str


@router.post("/assistance", response_model=AssistanceOut, status_code=201, operation_id="assistance_record",
             summary="记录质量技术帮扶")
async def assistance_record(body: AssistanceIn, principal: Regulator, session: SessionDep,
                            today: TodayDep) -> AssistanceOut:
    u = await load_unit(session, principal, body.enterprise_id)
    _not_future(body.visited_on, today)
    if any(not m.strip() for m in body.measures):
        raise InvalidInput("整改措施不能为空", code="MEASURE_EMPTY")
    a = Assistance(id=uuid.uuid4(), enterprise_id=u.enterprise_id, org_path=u.org_path, visited_on=body.visited_on,
                   problems=body.problems, measures=[m.strip() for m in body.measures], experts=body.experts,
                   created_by=principal.username)
    session.add(a)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="assistance", entity_id=a.id,
                        after=row_to_dict(a), org_path=u.org_path)
    return AssistanceOut.model_validate(a, from_attributes=True).model_copy(update={"enterprise_name": u.name})


@router.get("/assistance", response_model=list[AssistanceOut], operation_id="assistance_list", summary="质量技术帮扶记录")
async def assistance_list(principal: RegulatorOrEnterprise, session: SessionDep,
                          enterprise_id: uuid.UUID | None = None) -> list[AssistanceOut]:
    stmt = select(Assistance).order_by(Assistance.visited_on.desc())
    stmt = stmt.where(visible(principal, Assistance.enterprise_id, Assistance.org_path))
    if enterprise_id:
        stmt = stmt.where(Assistance.enterprise_id == enterprise_id)
    rows = (await session.scalars(stmt.limit(500))).all()
    names = await unit_names(session, {a.enterprise_id for a in rows})
    return [AssistanceOut.model_validate(a, from_attributes=True).model_copy(update={"enterprise_name": names.get(a.enterprise_id)})
            for a in rows]


# --- referrals for enforcement ---------------------------------------------------------------
class ReferralIn(BaseModel):
    enterprise_id: uuid.UUID
    inspection_id: uuid.UUID | None = None
    violation: str = Field(min_length=2, max_length=2000, description="违反“两个规定”的行为")
    referred_to: str = Field(min_length=2, max_length=100, description="移送单位，如 城关区市场监管局执法大队")
    referred_on: dt.date


class ReferralUpdate(BaseModel):
    status: Literal["filed", "concluded"]
    case_no: str | None = Field(default=None, max_length=60, description="立案号")
    outcome: str | None = Field(default=None, max_length=2000, description="处理结果")
    concluded_on: dt.date | None = None


class ReferralOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None = None
    inspection_id: uuid.UUID | None
    violation: str
    referred_to: str
    referred_on: dt.date
    status: str
    status_label: str
    case_no: str | None
    outcome: str | None
    concluded_on: dt.date | None
    created_by: str


def _referral(r: Referral, name: str | None = None) -> ReferralOut:
    return ReferralOut(id=r.id, enterprise_id=r.enterprise_id, enterprise_name=name, inspection_id=r.inspection_id, violation=r.violation,
                       referred_to=r.referred_to, referred_on=r.referred_on, status=r.status,
                       status_label=REFERRAL_STATUS[r.status], case_no=r.case_no, outcome=r.outcome,
                       concluded_on=r.concluded_on, created_by=r.created_by)


@router.post("/referrals", response_model=ReferralOut, status_code=201, operation_id="referral_create",
             summary="移送查处违法行为")
async def referral_create(body: ReferralIn, principal: Regulator, session: SessionDep, today: TodayDep) -> ReferralOut:
    u = await load_unit(session, principal, body.enterprise_id)
    _not_future(body.referred_on, today)
    if body.inspection_id is not None:
        insp = await session.get(Inspection, body.inspection_id)
        if insp is None or insp.enterprise_id != u.enterprise_id:
            raise InvalidInput("所附检查记录不是该主体的", code="REFERRAL_INSPECTION_MISMATCH")
    r = Referral(id=uuid.uuid4(), enterprise_id=u.enterprise_id, org_path=u.org_path, inspection_id=body.inspection_id,
                 violation=body.violation, referred_to=body.referred_to, referred_on=body.referred_on,
                 status="referred", created_by=principal.username)
    session.add(r)
    await session.flush()
    await record_change(session, actor=principal, action="refer", entity_type="referral", entity_id=r.id,
                        after=row_to_dict(r), org_path=u.org_path)
    return _referral(r, u.name)


@router.patch("/referrals/{referral_id}", response_model=ReferralOut, operation_id="referral_update",
              summary="登记立案号或处理结果")
async def referral_update(referral_id: uuid.UUID, body: ReferralUpdate, principal: Regulator, session: SessionDep,
                          today: TodayDep) -> ReferralOut:
    r = await session.get(Referral, referral_id, with_for_update=True)
    if r is None or not principal.covers(r.org_path):
        raise NotFound("未找到该移送记录", code="REFERRAL_NOT_FOUND")
    if principal.is_enterprise:
        raise Forbidden()
    order = ["referred", "filed", "concluded"]
    if order.index(body.status) <= order.index(r.status):
        raise Conflict("移送记录只能依次登记立案、结案，不能重复登记或倒退", code="REFERRAL_STATE")
    if body.status == "filed" and not (body.case_no or r.case_no):
        raise InvalidInput("立案须填写立案号", code="CASE_NO_REQUIRED")
    if body.status == "concluded" and not (body.outcome or r.outcome):
        raise InvalidInput("结案须填写处理结果", code="OUTCOME_REQUIRED")
    before = row_to_dict(r)
    r.status = body.status
    r.case_no = body.case_no or r.case_no
    r.outcome = body.outcome or r.outcome
    if body.status == "concluded":
        r.concluded_on = body.concluded_on or today
        _not_future(r.concluded_on, today)
    await session.flush()
    await record_change(session, actor=principal, action="update", entity_type="referral", entity_id=r.id,
                        before=before, after=row_to_dict(r), org_path=r.org_path)
    return _referral(r)


@router.get("/referrals", response_model=list[ReferralOut], operation_id="referral_list", summary="移送查处记录")
async def referral_list(principal: Regulator, session: SessionDep,
                        status: Literal["referred", "filed", "concluded"] | None = None,
                        enterprise_id: uuid.UUID | None = None) -> list[ReferralOut]:
    stmt = select(Referral).where(jurisdiction_filter(Referral.org_path, principal)).order_by(Referral.referred_on.desc())
    if status:
        stmt = stmt.where(Referral.status == status)
    if enterprise_id:
        stmt = stmt.where(Referral.enterprise_id == enterprise_id)
    rows = (await session.scalars(stmt.limit(500))).all()
    names = await unit_names(session, {r.enterprise_id for r in rows})
    return [_referral(r, names.get(r.enterprise_id)) for r in rows]
