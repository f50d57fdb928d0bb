"""/v1/routines: category templates, each unit's 风险管控清单, and the 日管控、周排查、月调度 records
the unit files (drafts, submission, returns, corrections, photos)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from fastapi import Body, File, Query, Response, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import func, or_, select

from inspection.deps import Admin, Regulator, RegulatorOrEnterprise
from inspection.images import check_image, earlier_upload, read_upload
from inspection.models import RiskControlList, RiskTemplate, RoutinePhoto, RoutineRecord, Unit
from inspection.reminders import refresh_routine
from inspection.routines import service
from inspection.routines.periods import KIND_LABELS, Kind
from inspection.routines.schemas import (
    ListItem,
    PhotoOut,
    RecordIn,
    RecordOut,
    ReturnIn,
    RiskListIn,
    RiskListOut,
    TemplateIn,
    TemplateItem,
    TemplateOut,
)
from inspection.routines.service import STATUS_LABELS
from inspection.units.access import load_unit, visible
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.clock import TodayDep
from servicekit.db import SessionDep
from servicekit.errors import Conflict, NotFound
from servicekit.pagination import Page, PageDep, paginate

router = make_router(prefix="/v1/routines", tags=["routines"])


# ---- templates ----------------------------------------------------------------------------------

def _template_out(t: RiskTemplate) -> TemplateOut:
    return TemplateOut(id=t.id, category=t.category, name=t.name, version=t.version,
                       items=[TemplateItem.model_validate(i) for i in t.items], basis=t.basis,
                       published_by=t.published_by, published_at=t.published_at)


@router.get("/templates", response_model=list[TemplateOut], operation_id="routine_template_list",
            summary="风险管控清单品类模板（每个品类的最新版本；指定品类时列出全部版本）")
async def routine_template_list(_: RegulatorOrEnterprise, session: SessionDep,
                                category: str | None = None) -> list[TemplateOut]:
    stmt = select(RiskTemplate).order_by(RiskTemplate.category, RiskTemplate.version.desc())
    if category:
        rows = (await session.scalars(stmt.where(RiskTemplate.category == category))).all()
    else:
        latest = select(RiskTemplate.category, func.max(RiskTemplate.version).label("v")).group_by(RiskTemplate.category).subquery()
        rows = (await session.scalars(stmt.join(latest, (latest.c.category == RiskTemplate.category)
                                                & (latest.c.v == RiskTemplate.version)))).all()
    return [_template_out(t) for t in rows]


@router.post("/templates", response_model=TemplateOut, status_code=201, operation_id="routine_template_publish",
             summary="发布品类模板的新版本（管理员）；已有的清单不受影响")
async def routine_template_publish(body: TemplateIn, principal: Admin, session: SessionDep) -> TemplateOut:
    current = await session.scalar(select(func.max(RiskTemplate.version)).where(RiskTemplate.category == body.category))
    t = RiskTemplate(category=body.category, name=body.name, version=(current or 0) + 1,
                     items=[i.model_dump() for i in body.items], basis=body.basis, published_by=principal.username)
    session.add(t)
    await session.flush()
    await record_change(session, actor=principal, action="publish", entity_type="risk_template",
                        entity_id=f"{t.category}:{t.version}", after={"items": len(t.items)})
    return _template_out(t)


# ---- a unit's risk-control list ----------------------------------------------------------------

def _list_out(r: RiskControlList, current: int) -> RiskListOut:
    return RiskListOut(id=r.id, enterprise_id=r.enterprise_id, version=r.version, categories=list(r.categories),
                       items=[ListItem.model_validate(i) for i in r.items], note=r.note, created_by=r.created_by,
                       created_at=r.created_at, daily_items=sum(1 for i in r.items if i["frequency"] == "daily"),
                       is_current=r.version == current)


@router.get("/units/{enterprise_id}/risk-list", response_model=RiskListOut, operation_id="risk_list_get",
            summary="本单位工业产品质量安全风险管控清单（默认当前版本）")
async def risk_list_get(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
                        version: Annotated[int | None, Query(ge=1)] = None) -> RiskListOut:
    await load_unit(session, principal, enterprise_id)
    current = await service.current_list(session, enterprise_id)
    if current is None:
        raise NotFound("该单位尚未制定风险管控清单", code="ROUTINE_NO_RISK_LIST")
    r = current
    if version is not None and version != current.version:
        r = await session.scalar(select(RiskControlList).where(RiskControlList.enterprise_id == enterprise_id,
                                                               RiskControlList.version == version))
        if r is None:
            raise NotFound(f"风险管控清单没有第 {version} 版", code="RISK_LIST_VERSION_NOT_FOUND")
    return _list_out(r, current.version)


class RiskListVersion(BaseModel):
    version: int
    items: int
    created_by: str
    created_at: dt.datetime


@router.get("/units/{enterprise_id}/risk-list/versions", response_model=list[RiskListVersion],
            operation_id="risk_list_versions", summary="风险管控清单的历史版本")
async def risk_list_versions(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise,
                             session: SessionDep) -> list[RiskListVersion]:
    await load_unit(session, principal, enterprise_id)
    rows = (await session.scalars(select(RiskControlList).where(RiskControlList.enterprise_id == enterprise_id)
                                  .order_by(RiskControlList.version.desc()))).all()
    return [RiskListVersion(version=r.version, items=len(r.items), created_by=r.created_by, created_at=r.created_at)
            for r in rows]


@router.put("/units/{enterprise_id}/risk-list", response_model=RiskListOut, operation_id="risk_list_save",
            summary="制定或修改风险管控清单（保存为新版本；企业本单位，或辖区监管部门）")
async def risk_list_save(enterprise_id: uuid.UUID, body: RiskListIn, principal: RegulatorOrEnterprise,
                         session: SessionDep) -> RiskListOut:
    r = await service.save_list(session, principal, enterprise_id, body)
    return _list_out(r, r.version)


# ---- records ------------------------------------------------------------------------------------

def _record_out(r: RoutineRecord, name: str | None = None, photos: list | None = None) -> RecordOut:
    return RecordOut(
        id=r.id, enterprise_id=r.enterprise_id, enterprise_name=name, kind=r.kind, kind_label=KIND_LABELS[r.kind],
        period_start=r.period_start, period_end=r.period_end, due_on=r.due_on, revision=r.revision, status=r.status,
        status_label=STATUS_LABELS[r.status], content=r.content, list_version=r.list_version,
        filled_by_name=r.filled_by_name, filled_by_person=r.filled_by_person, problem_count=r.problem_count,
        supersedes=r.supersedes, version=r.version,
        created_by=r.created_by, created_at=r.created_at, submitted_at=r.submitted_at, on_time=r.on_time,
        returned_at=r.returned_at, returned_by=r.returned_by, return_comment=r.return_comment,
        photos=[PhotoOut(id=p.id, item_id=p.item_id, content_type=p.content_type, size=p.size) for p in photos or []],
    )


async def _full(session: SessionDep, r: RoutineRecord) -> RecordOut:
    photos = await service.photo_ids(session, [r.id])
    name = await session.scalar(select(Unit.name).where(Unit.enterprise_id == r.enterprise_id))
    return _record_out(r, name, photos.get(r.id))


@router.get("/records", response_model=Page[RecordOut], operation_id="routine_record_list",
            summary="日管控、周排查、月调度记录（企业看本单位，监管部门看辖区内）")
async def routine_record_list(principal: RegulatorOrEnterprise, session: SessionDep, page: PageDep,
                              enterprise_id: uuid.UUID | None = None, kind: Kind | None = None,
                              status: Literal["draft", "submitted", "returned", "superseded", "current"] | None = None,
                              first: dt.date | None = None, last: dt.date | None = None) -> Page[RecordOut]:
    stmt = select(RoutineRecord, Unit.name).join(Unit, Unit.enterprise_id == RoutineRecord.enterprise_id) \
        .order_by(RoutineRecord.period_start.desc(), RoutineRecord.kind, RoutineRecord.revision.desc())
    stmt = stmt.where(visible(principal, RoutineRecord.enterprise_id, RoutineRecord.org_path))
    if not principal.is_enterprise:
        stmt = stmt.where(RoutineRecord.status != "draft")  # a regulator sees what was filed, not drafts
    if enterprise_id:
        stmt = stmt.where(RoutineRecord.enterprise_id == enterprise_id)
    if kind:
        stmt = stmt.where(RoutineRecord.kind == kind)
    if status == "current":
        stmt = stmt.where(or_(RoutineRecord.status.in_(("draft", "submitted", "returned"))))
    elif status:
        stmt = stmt.where(RoutineRecord.status == status)
    if first:
        stmt = stmt.where(RoutineRecord.period_start >= first)
    if last:
        stmt = stmt.where(RoutineRecord.period_start <= last)
    rows, total = await paginate(session, stmt, page)
    photos = await service.photo_ids(session, [r.id for r, _ in rows])
    return Page(items=[_record_out(r, name, photos.get(r.id)) for r, name in rows], total=total, page=page.page,
                size=page.size)


@router.put("/records/{record_id}", response_model=RecordOut, operation_id="routine_record_save",
            summary="保存草稿（企业；编号由客户端生成，重试不会重复）")
async def routine_record_save(record_id: uuid.UUID, body: Annotated[RecordIn, Body()], principal: RegulatorOrEnterprise,
                              session: SessionDep, today: TodayDep) -> RecordOut:
    r = await service.save_record(session, principal, record_id, body, today)
    return await _full(session, r)


class SubmitIn(BaseModel):
    base_version: int = Field(ge=1)


@router.post("/records/{record_id}/submit", response_model=RecordOut, operation_id="routine_record_submit",
             summary="提交（提交后不能修改或删除，只能提交更正版本）")
async def routine_record_submit(record_id: uuid.UUID, body: SubmitIn, principal: RegulatorOrEnterprise,
                                session: SessionDep, today: TodayDep) -> RecordOut:
    r = await service.submit_record(session, principal, record_id, body.base_version, today)
    await refresh_routine(session, r.enterprise_id, r.kind, today)
    return await _full(session, r)


@router.get("/records/{record_id}", response_model=RecordOut, operation_id="routine_record_get", summary="记录详情")
async def routine_record_get(record_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep) -> RecordOut:
    r = await service.load_record(session, principal, record_id)
    if r.status == "draft" and not principal.is_enterprise:
        raise NotFound("未找到该记录", code="ROUTINE_RECORD_NOT_FOUND")
    return await _full(session, r)


@router.get("/records/{record_id}/revisions", response_model=list[RecordOut], operation_id="routine_record_revisions",
            summary="同一期记录的全部版本（原记录与更正版本）")
async def routine_record_revisions(record_id: uuid.UUID, principal: RegulatorOrEnterprise,
                                   session: SessionDep) -> list[RecordOut]:
    r = await service.load_record(session, principal, record_id)
    stmt = select(RoutineRecord).where(RoutineRecord.enterprise_id == r.enterprise_id, RoutineRecord.kind == r.kind,
                                       RoutineRecord.period_start == r.period_start).order_by(RoutineRecord.revision)
    if not principal.is_enterprise:
        stmt = stmt.where(RoutineRecord.status != "draft")
    rows = (await session.scalars(stmt)).all()
    photos = await service.photo_ids(session, [x.id for x in rows])
    name = await session.scalar(select(Unit.name).where(Unit.enterprise_id == r.enterprise_id))
    return [_record_out(x, name, photos.get(x.id)) for x in rows]


@router.delete("/records/{record_id}", status_code=204, operation_id="routine_record_delete",
               summary="删除草稿（已提交的记录不能删除）")
async def routine_record_delete(record_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep) -> Response:
    await service.delete_draft(session, principal, record_id)
    return Response(status_code=204)


@router.post("/records/{record_id}/return", response_model=RecordOut, operation_id="routine_record_return",
             summary="退回（监管部门，附退回意见；企业提交更正版本作答）")
async def routine_record_return(record_id: uuid.UUID, body: ReturnIn, principal: Regulator,
                                session: SessionDep, today: TodayDep) -> RecordOut:
    r = await service.return_record(session, principal, record_id, body.comment)
    await refresh_routine(session, r.enterprise_id, r.kind, today)
    return await _full(session, r)


@router.put("/records/{record_id}/photos/{photo_id}", response_model=PhotoOut, operation_id="routine_photo_put",
            summary="上传检查照片（企业；草稿阶段；编号由客户端生成）")
async def routine_photo_put(record_id: uuid.UUID, photo_id: uuid.UUID, principal: RegulatorOrEnterprise,
                            session: SessionDep, item_id: Annotated[str, Query(min_length=1, max_length=40)],
                            file: UploadFile = File(description="照片（JPEG/PNG/WebP，≤ 8 MB）")) -> PhotoOut:
    r = await service.load_record(session, principal, record_id, lock=True)
    if not principal.is_enterprise:
        raise NotFound("未找到该记录", code="ROUTINE_RECORD_NOT_FOUND")
    content, digest = await read_upload(file)
    existing = await earlier_upload(session, RoutinePhoto, photo_id, "record_id", r.id, digest)
    if existing is not None:  # the same upload again
        return PhotoOut(id=existing.id, item_id=existing.item_id, content_type=existing.content_type, size=existing.size)
    if r.status != "draft":
        raise Conflict("记录已提交，不能再添加照片", code="ROUTINE_RECORD_FILED")
    content_type, _, _ = check_image(content)
    p = RoutinePhoto(id=photo_id, record_id=r.id, item_id=item_id, content_type=content_type, size=len(content),
                     sha256=digest, content=content, uploaded_by=principal.username)
    session.add(p)
    await session.flush()
    await record_change(session, actor=principal, action="photo", entity_type="routine_record", entity_id=r.id,
                        after={"photo": str(photo_id), "item_id": item_id, "sha256": digest}, org_path=r.org_path)
    return PhotoOut(id=p.id, item_id=p.item_id, content_type=p.content_type, size=p.size)


@router.get("/records/{record_id}/photos/{photo_id}", operation_id="routine_photo_get", summary="检查照片原图",
            response_class=Response, responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}}})
async def routine_photo_get(record_id: uuid.UUID, photo_id: uuid.UUID, principal: RegulatorOrEnterprise,
                            session: SessionDep) -> Response:
    r = await service.load_record(session, principal, record_id)
    p = await session.get(RoutinePhoto, photo_id)
    if p is None or p.record_id != r.id or (r.status == "draft" and not principal.is_enterprise):
        raise NotFound("未找到该照片", code="PHOTO_NOT_FOUND")
    return Response(p.content, media_type=p.content_type, headers={"cache-control": "private, max-age=86400"})


@router.delete("/records/{record_id}/photos/{photo_id}", status_code=204, operation_id="routine_photo_delete",
               summary="删除检查照片（企业；草稿阶段）")
async def routine_photo_delete(record_id: uuid.UUID, photo_id: uuid.UUID, principal: RegulatorOrEnterprise,
                               session: SessionDep) -> Response:
    r = await service.load_record(session, principal, record_id, lock=True)
    p = await session.get(RoutinePhoto, photo_id)
    if not principal.is_enterprise or p is None or p.record_id != r.id:
        raise NotFound("未找到该照片", code="PHOTO_NOT_FOUND")
    if r.status != "draft":
        raise Conflict("记录已提交，照片不能删除", code="ROUTINE_RECORD_FILED")
    await session.delete(p)
    await session.flush()
    await record_change(session, actor=principal, action="photo_delete", entity_type="routine_record", entity_id=r.id,
                        before={"photo": str(photo_id), "sha256": p.sha256}, org_path=r.org_path)
    return Response(status_code=204)
