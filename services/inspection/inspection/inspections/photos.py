"""Photos of checklist items: uploaded with the id the phone made, checked to be an image."""

from __future__ import annotations

import uuid

from fastapi import File, Form, Response, UploadFile
from pydantic import BaseModel
from sqlalchemy import select

from inspection.deps import Regulator, RegulatorOrEnterprise
from inspection.images import check_image, earlier_upload, read_upload
from inspection.inspections import service
from inspection.models import InspectionItem, InspectionPhoto
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound

router = make_router(prefix="/v1/inspections", tags=["inspections"])
# Signatures are images too, filed under these item numbers: the inspector's and the unit's representative's.
SIGNATURES = {"sig:insp": "检查人员签名", "sig:rep": "企业代表签名"}


class PhotoOut(BaseModel):
    id: uuid.UUID
    item_no: str
    content_type: str
    size: int
    width: int
    height: int


@router.put("/{inspection_id}/photos/{photo_id}", response_model=PhotoOut, operation_id="inspection_photo_put",
            summary="上传检查项目照片或签名（item_no 为 sig:insp 检查人员、sig:rep 企业代表；id 由客户端生成）")
async def inspection_photo_put(inspection_id: uuid.UUID, photo_id: uuid.UUID, principal: Regulator,
                               session: SessionDep, item_no: str = Form(max_length=8),
                               file: UploadFile = File(description="照片（JPEG/PNG/WebP，≤ 8 MB）")) -> PhotoOut:
    i = await service.load(session, principal, inspection_id, lock=True)
    content, digest = await read_upload(file)
    existing = await earlier_upload(session, InspectionPhoto, photo_id, "inspection_id", i.id, digest)
    if existing is not None:
        return PhotoOut.model_validate(existing, from_attributes=True)  # the same upload again
    if item_no not in SIGNATURES and await session.get(InspectionItem, (i.id, item_no)) is None:
        raise InvalidInput(f"检查项目序号不存在：{item_no}", code="ITEM_UNKNOWN")
    content_type, width, height = check_image(content)
    p = InspectionPhoto(id=photo_id, inspection_id=i.id, item_no=item_no, content_type=content_type,
                        size=len(content), width=width, height=height, sha256=digest, content=content,
                        uploaded_by=principal.username)
    session.add(p)
    await session.flush()
    await record_change(session, actor=principal, action="photo", entity_type="inspection", entity_id=i.id,
                        after={"photo": str(photo_id), "item_no": item_no, "sha256": digest, "size": len(content)},
                        org_path=i.org_path)
    return PhotoOut.model_validate(p, from_attributes=True)


@router.get("/{inspection_id}/photos", response_model=list[PhotoOut], operation_id="inspection_photo_list",
            summary="检查记录的照片")
async def inspection_photo_list(inspection_id: uuid.UUID, principal: RegulatorOrEnterprise,
                                session: SessionDep) -> list[PhotoOut]:
    i = await service.load(session, principal, inspection_id)
    rows = await session.execute(select(InspectionPhoto.id, InspectionPhoto.item_no, InspectionPhoto.content_type,
                                        InspectionPhoto.size, InspectionPhoto.width, InspectionPhoto.height)
                                 .where(InspectionPhoto.inspection_id == i.id).order_by(InspectionPhoto.uploaded_at))
    return [PhotoOut.model_validate(r, from_attributes=True) for r in rows.all()]


@router.get("/{inspection_id}/photos/{photo_id}", operation_id="inspection_photo_get", summary="照片原图",
            response_class=Response, responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}}})
async def inspection_photo_get(inspection_id: uuid.UUID, photo_id: uuid.UUID, principal: RegulatorOrEnterprise,
                               session: SessionDep) -> Response:
    i = await service.load(session, principal, inspection_id)
    p = await session.get(InspectionPhoto, photo_id)
    if p is None or p.inspection_id != i.id:
        raise NotFound("未找到该照片", code="PHOTO_NOT_FOUND")
    return Response(p.content, media_type=p.content_type, headers={"cache-control": "private, max-age=86400"})


@router.delete("/{inspection_id}/photos/{photo_id}", status_code=204, operation_id="inspection_photo_delete",
               summary="删除照片或签名（仅草稿）")
async def inspection_photo_delete(inspection_id: uuid.UUID, photo_id: uuid.UUID, principal: Regulator,
                                  session: SessionDep) -> Response:
    i = await service.load(session, principal, inspection_id, lock=True)
    if principal.is_enterprise:
        raise Forbidden()
    p = await session.get(InspectionPhoto, photo_id)
    if p is None or p.inspection_id != i.id:
        raise NotFound("未找到该照片", code="PHOTO_NOT_FOUND")
    if i.status != "draft":
        raise Conflict("检查记录已提交，照片不能删除", code="INSPECTION_SUBMITTED")
    await session.delete(p)
    await session.flush()
    await record_change(session, actor=principal, action="photo_delete", entity_type="inspection", entity_id=i.id,
                        before={"photo": str(photo_id), "item_no": p.item_no, "sha256": p.sha256}, org_path=i.org_path)
    return Response(status_code=204)
