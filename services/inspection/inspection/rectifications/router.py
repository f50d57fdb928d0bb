"""/v1/rectifications: notices raised from × items; the enterprise answers with what it did, the
regulator verifies (closed) or returns it; overdue when open past the deadline."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from fastapi import File, Response, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import select

from inspection.deps import Enterprise, Regulator, RegulatorOrEnterprise
from inspection.images import check_image, earlier_upload, read_upload
from inspection.inspections.service import rectification_event
from inspection.labels import RECTIFICATION_STATUS_LABELS
from inspection.models import Rectification, RectificationEvidence, Unit
from inspection.reminders import answer_item, unit_name, verify_item
from inspection.units.access import may_see, visible
from servicekit import reminders
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import Principal
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, row_to_dict, utcnow
from servicekit.errors import Conflict, Forbidden, NotFound
from servicekit.outbox import emit
from servicekit.pagination import Page, PageDep, paginate

router = make_router(prefix="/v1/rectifications", tags=["rectifications"])
OPEN = ("open", "returned")


class RectificationOut(BaseModel):
    id: uuid.UUID
    inspection_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    item_no: str
    item_text: str
    finding: str
    deadline: dt.date
    status: str
    status_label: str
    overdue: bool
    days_left: int
    answer: str | None
    answered_by: str | None
    answered_at: dt.datetime | None
    verify_comment: str | None
    verified_by: str | None
    verified_at: dt.datetime | None
    version: int


class AnswerIn(BaseModel):
    answer: str = Field(min_length=4, max_length=2000, description="整改措施和完成情况")
    base_version: int = Field(ge=1)


class VerifyIn(BaseModel):
    accept: bool = Field(description="true 验证通过、关闭；false 退回重新整改")
    comment: str = Field(min_length=2, max_length=1000)


def _out(r: Rectification, name: str | None, today: dt.date) -> RectificationOut:
    return RectificationOut(
        id=r.id, inspection_id=r.inspection_id, enterprise_id=r.enterprise_id, enterprise_name=name,
        item_no=r.item_no, item_text=r.item_text, finding=r.finding, deadline=r.deadline, status=r.status,
        status_label=RECTIFICATION_STATUS_LABELS[r.status], overdue=r.status in OPEN and r.deadline < today,
        days_left=(r.deadline - today).days, answer=r.answer, answered_by=r.answered_by, answered_at=r.answered_at,
        verify_comment=r.verify_comment, verified_by=r.verified_by, verified_at=r.verified_at, version=r.version,
    )


async def _load(session: SessionDep, principal: Principal, rid: uuid.UUID) -> Rectification:
    r = await session.get(Rectification, rid, with_for_update=True)
    if r is None or not may_see(principal, r.enterprise_id, r.org_path):
        raise NotFound("未找到该整改通知", code="RECTIFICATION_NOT_FOUND")
    return r


@router.get("", response_model=Page[RectificationOut], operation_id="rectification_list",
            summary="整改通知（监管部门看辖区内，企业看本单位）")
async def rectification_list(principal: RegulatorOrEnterprise, session: SessionDep, page: PageDep, today: TodayDep,
                             status: Literal["open", "answered", "returned", "closed"] | None = None,
                             overdue: bool | None = None, enterprise_id: uuid.UUID | None = None,
                             ) -> Page[RectificationOut]:
    stmt = select(Rectification, Unit.name).join(Unit, Unit.enterprise_id == Rectification.enterprise_id) \
        .order_by(Rectification.deadline, Rectification.inspection_id, Rectification.item_no)
    stmt = stmt.where(visible(principal, Rectification.enterprise_id, Rectification.org_path))
    if enterprise_id:
        stmt = stmt.where(Rectification.enterprise_id == enterprise_id)
    if status:
        stmt = stmt.where(Rectification.status == status)
    if overdue:
        stmt = stmt.where(Rectification.status.in_(OPEN), Rectification.deadline < today)
    rows, total = await paginate(session, stmt, page)
    return Page(items=[_out(r, name, today) for r, name in rows], total=total, page=page.page, size=page.size,
                total_capped=False)


@router.get("/{rectification_id}", response_model=RectificationOut, operation_id="rectification_get",
            summary="整改通知详情")
async def rectification_get(rectification_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
                            today: TodayDep) -> RectificationOut:
    r = await session.get(Rectification, rectification_id)
    if r is None or not may_see(principal, r.enterprise_id, r.org_path):
        raise NotFound("未找到该整改通知", code="RECTIFICATION_NOT_FOUND")
    name = await session.scalar(select(Unit.name).where(Unit.enterprise_id == r.enterprise_id))
    return _out(r, name, today)


@router.post("/{rectification_id}/answer", response_model=RectificationOut, operation_id="rectification_answer",
             summary="企业回复整改情况")
async def rectification_answer(rectification_id: uuid.UUID, body: AnswerIn, principal: Enterprise,
                               session: SessionDep, today: TodayDep) -> RectificationOut:
    r = await _load(session, principal, rectification_id)
    if r.status not in OPEN:
        raise Conflict(f"该整改通知当前状态为“{RECTIFICATION_STATUS_LABELS[r.status]}”，不能回复", code="RECTIFICATION_STATE")
    if body.base_version != r.version:
        raise Conflict("该整改通知已更新，请刷新后再回复", code="VERSION_CONFLICT", extra={"current_version": r.version})
    before = row_to_dict(r)
    r.status, r.answer, r.answered_by, r.answered_at = "answered", body.answer, principal.username, utcnow()
    r.version += 1
    await session.flush()
    await reminders.resolve(session, "rectification_answer_due", r.id)
    await reminders.open_now(session, verify_item(r, await unit_name(session, r.enterprise_id)))
    await record_change(session, actor=principal, action="answer", entity_type="rectification", entity_id=r.id,
                        before=before, after=row_to_dict(r), org_path=r.org_path)
    await emit(session, "rectification.answered", rectification_event(r), org_path=r.org_path)
    return _out(r, None, today)


@router.post("/{rectification_id}/verify", response_model=RectificationOut, operation_id="rectification_verify",
             summary="监管部门核查：通过关闭或退回")
async def rectification_verify(rectification_id: uuid.UUID, body: VerifyIn, principal: Regulator,
                               session: SessionDep, today: TodayDep) -> RectificationOut:
    if principal.is_enterprise:
        raise Forbidden()
    r = await _load(session, principal, rectification_id)
    if r.status != "answered":
        raise Conflict("只有企业已回复的整改通知才能核查", code="RECTIFICATION_STATE")
    before = row_to_dict(r)
    r.status = "closed" if body.accept else "returned"
    r.verify_comment, r.verified_by, r.verified_at = body.comment, principal.username, utcnow()
    r.version += 1
    await session.flush()
    await reminders.resolve(session, "rectification_verify", r.id)
    if r.status == "returned":
        await reminders.open_now(session, answer_item(r, today))
    await record_change(session, actor=principal, action="verify", entity_type="rectification", entity_id=r.id,
                        before=before, after=row_to_dict(r), org_path=r.org_path, reason=body.comment)
    await emit(session, f"rectification.{r.status}", rectification_event(r), org_path=r.org_path)
    return _out(r, None, today)


class EvidenceOut(BaseModel):
    id: uuid.UUID
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: dt.datetime


@router.put("/{rectification_id}/evidence/{evidence_id}", response_model=EvidenceOut,
            operation_id="rectification_evidence_put", summary="上传整改佐证照片（企业；id 由客户端生成）")
async def rectification_evidence_put(rectification_id: uuid.UUID, evidence_id: uuid.UUID, principal: Enterprise,
                                     session: SessionDep,
                                     file: UploadFile = File(description="照片（JPEG/PNG/WebP，≤ 8 MB）")) -> EvidenceOut:
    r = await _load(session, principal, rectification_id)
    content, digest = await read_upload(file)
    existing = await earlier_upload(session, RectificationEvidence, evidence_id, "rectification_id", r.id, digest)
    if existing is not None:
        return EvidenceOut.model_validate(existing, from_attributes=True)  # the same upload again
    if r.status not in OPEN:
        raise Conflict("整改通知已回复或关闭，不能再补充佐证", code="RECTIFICATION_STATE")
    content_type, _, _ = check_image(content)
    ev = RectificationEvidence(id=evidence_id, rectification_id=r.id, content_type=content_type, size=len(content),
                               sha256=digest, content=content, uploaded_by=principal.username)
    session.add(ev)
    await session.flush()
    await record_change(session, actor=principal, action="evidence", entity_type="rectification", entity_id=r.id,
                        after={"evidence": str(evidence_id), "sha256": digest}, org_path=r.org_path)
    return EvidenceOut.model_validate(ev, from_attributes=True)


@router.get("/{rectification_id}/evidence", response_model=list[EvidenceOut], operation_id="rectification_evidence_list",
            summary="整改佐证照片")
async def rectification_evidence_list(rectification_id: uuid.UUID, principal: RegulatorOrEnterprise,
                                      session: SessionDep) -> list[EvidenceOut]:
    r = await _load(session, principal, rectification_id)
    rows = await session.execute(select(RectificationEvidence.id, RectificationEvidence.content_type,
                                        RectificationEvidence.size, RectificationEvidence.uploaded_by,
                                        RectificationEvidence.uploaded_at)
                                 .where(RectificationEvidence.rectification_id == r.id)
                                 .order_by(RectificationEvidence.uploaded_at))
    return [EvidenceOut.model_validate(x, from_attributes=True) for x in rows.all()]


@router.get("/{rectification_id}/evidence/{evidence_id}", operation_id="rectification_evidence_get",
            summary="整改佐证照片原图", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}}})
async def rectification_evidence_get(rectification_id: uuid.UUID, evidence_id: uuid.UUID,
                                     principal: RegulatorOrEnterprise, session: SessionDep) -> Response:
    r = await _load(session, principal, rectification_id)
    ev = await session.get(RectificationEvidence, evidence_id)
    if ev is None or ev.rectification_id != r.id:
        raise NotFound("未找到该照片", code="PHOTO_NOT_FOUND")
    return Response(ev.content, media_type=ev.content_type, headers={"cache-control": "private, max-age=86400"})


@router.delete("/{rectification_id}/evidence/{evidence_id}", status_code=204,
               operation_id="rectification_evidence_delete", summary="删除整改佐证照片（企业；通知未回复前）")
async def rectification_evidence_delete(rectification_id: uuid.UUID, evidence_id: uuid.UUID, principal: Enterprise,
                                        session: SessionDep) -> Response:
    r = await _load(session, principal, rectification_id)
    ev = await session.get(RectificationEvidence, evidence_id)
    if ev is None or ev.rectification_id != r.id:
        raise NotFound("未找到该照片", code="PHOTO_NOT_FOUND")
    if r.status not in OPEN:
        raise Conflict("整改通知已回复或关闭，佐证照片不能删除", code="RECTIFICATION_STATE")
    await session.delete(ev)
    await session.flush()
    await record_change(session, actor=principal, action="evidence_delete", entity_type="rectification",
                        entity_id=r.id, before={"evidence": str(evidence_id), "sha256": ev.sha256}, org_path=r.org_path)
    return Response(status_code=204)
