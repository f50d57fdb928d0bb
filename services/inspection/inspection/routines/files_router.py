"""/v1/routines/units/{id}: the unit's roster (质量安全总监、质量安全员, as the registry publishes
it), their training records, and its duty documents (《质量安全总监职责》、《质量安全员守则》 …)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import File, Form, Response, UploadFile
from sqlalchemy import func, select

from inspection.deps import RegulatorOrEnterprise
from inspection.models import PersonRef, TrainingRecord, UnitDocument
from inspection.routines.schemas import DocumentOut, RosterPerson, TrainingIn, TrainingOut
from inspection.units.access import load_unit
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, utcnow
from servicekit.downloads import disposition
from servicekit.errors import InvalidInput, NotFound
from servicekit.uploads import read_document

router = make_router(prefix="/v1/routines/units", tags=["routines"])
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_KINDS = {"director_duties": "质量安全总监职责", "officer_rules": "质量安全员守则",
                  "system": "质量安全管理制度", "other": "其他"}
ROLE_LABELS = {"director": "质量安全总监", "officer": "质量安全员"}


@router.get("/{enterprise_id}/roster", response_model=list[RosterPerson], operation_id="routine_roster",
            summary="本单位质量安全总监、质量安全员及其培训次数")
async def routine_roster(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep) -> list[RosterPerson]:
    await load_unit(session, principal, enterprise_id)
    trainings = select(TrainingRecord.personnel_id, func.count().label("n"), func.max(TrainingRecord.held_on).label("last")) \
        .where(TrainingRecord.enterprise_id == enterprise_id).group_by(TrainingRecord.personnel_id).subquery()
    rows = await session.execute(select(PersonRef, trainings.c.n, trainings.c.last)
                                 .outerjoin(trainings, trainings.c.personnel_id == PersonRef.personnel_id)
                                 .where(PersonRef.enterprise_id == enterprise_id)
                                 .order_by(PersonRef.active.desc(), PersonRef.role, PersonRef.name))
    return [RosterPerson(personnel_id=p.personnel_id, name=p.name, role=p.role, role_label=ROLE_LABELS.get(p.role, p.role),
                         active=p.active, trainings=int(n or 0), last_training=last) for p, n, last in rows.all()]


@router.get("/{enterprise_id}/training", response_model=list[TrainingOut], operation_id="routine_training_list",
            summary="培训记录")
async def routine_training_list(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise,
                                session: SessionDep) -> list[TrainingOut]:
    await load_unit(session, principal, enterprise_id)
    rows = await session.scalars(select(TrainingRecord).where(TrainingRecord.enterprise_id == enterprise_id)
                                 .order_by(TrainingRecord.held_on.desc()).limit(500))
    return [TrainingOut.model_validate(r, from_attributes=True) for r in rows.all()]


@router.post("/{enterprise_id}/training", response_model=TrainingOut, status_code=201,
             operation_id="routine_training_add", summary="登记培训记录（企业本单位，或辖区监管部门）")
async def routine_training_add(enterprise_id: uuid.UUID, body: TrainingIn, principal: RegulatorOrEnterprise,
                               session: SessionDep, today: TodayDep) -> TrainingOut:
    unit = await load_unit(session, principal, enterprise_id)
    if body.personnel_id is not None:
        person = await session.get(PersonRef, body.personnel_id)
        if person is None or person.enterprise_id != enterprise_id:
            raise InvalidInput("该人员不在本单位的人员名册中", code="ROUTINE_PERSON_UNKNOWN")
    if body.held_on > today:
        raise InvalidInput("培训日期不能晚于今天", code="DATE_IN_FUTURE")
    t = TrainingRecord(id=uuid.uuid4(), enterprise_id=enterprise_id, org_path=unit.org_path,
                       created_by=principal.username, **body.model_dump())
    session.add(t)
    await session.flush()
    await session.refresh(t)
    await record_change(session, actor=principal, action="create", entity_type="training_record", entity_id=t.id,
                        after=body.model_dump(mode="json"), org_path=unit.org_path)
    return TrainingOut.model_validate(t, from_attributes=True)


def _doc_out(d: UnitDocument) -> DocumentOut:
    return DocumentOut(id=d.id, kind=d.kind, kind_label=DOCUMENT_KINDS[d.kind], title=d.title, filename=d.filename,
                       content_type=d.content_type, size=d.size, uploaded_by=d.uploaded_by, uploaded_at=d.uploaded_at,
                       replaced_at=d.replaced_at)


@router.get("/{enterprise_id}/documents", response_model=list[DocumentOut], operation_id="routine_document_list",
            summary="职责文件（含已被替换的旧版本）")
async def routine_document_list(enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise,
                                session: SessionDep) -> list[DocumentOut]:
    await load_unit(session, principal, enterprise_id)
    rows = await session.scalars(select(UnitDocument).where(UnitDocument.enterprise_id == enterprise_id)
                                 .order_by(UnitDocument.kind, UnitDocument.uploaded_at.desc()))
    return [_doc_out(d) for d in rows.all()]


@router.post("/{enterprise_id}/documents", response_model=DocumentOut, status_code=201,
             operation_id="routine_document_upload", summary="上传职责文件（PDF、Word 或图片，≤ 10 MB；同类文件替换旧版并保留）")
async def routine_document_upload(
    enterprise_id: uuid.UUID, principal: RegulatorOrEnterprise, session: SessionDep,
    kind: Annotated[Literal["director_duties", "officer_rules", "system", "other"], Form(description="文件类别")],
    title: Annotated[str, Form(min_length=2, max_length=120, description="文件标题")],
    file: UploadFile = File(description="文件"),
) -> DocumentOut:
    unit = await load_unit(session, principal, enterprise_id)
    content, content_type, sha256 = await read_document(file, max_bytes=MAX_DOCUMENT_BYTES)
    now = utcnow()
    old = (await session.scalars(select(UnitDocument).where(
        UnitDocument.enterprise_id == enterprise_id, UnitDocument.kind == kind,
        UnitDocument.replaced_at.is_(None)).with_for_update())).all()
    if kind != "other":
        for d in old:
            d.replaced_at = now
    d = UnitDocument(id=uuid.uuid4(), enterprise_id=enterprise_id, org_path=unit.org_path, kind=kind, title=title,
                     filename=(file.filename or "document")[:200], content_type=content_type, size=len(content),
                     sha256=sha256, content=content, uploaded_by=principal.username,
                     uploaded_at=now)
    session.add(d)
    await session.flush()
    await record_change(session, actor=principal, action="upload", entity_type="unit_document", entity_id=d.id,
                        after={"kind": kind, "title": title, "sha256": d.sha256, "replaces": [str(x.id) for x in old]},
                        org_path=unit.org_path)
    return _doc_out(d)


@router.get("/{enterprise_id}/documents/{document_id}", operation_id="routine_document_get", summary="下载职责文件",
            response_class=Response, responses={200: {"content": {"application/pdf": {}, "application/octet-stream": {}}}})
async def routine_document_get(enterprise_id: uuid.UUID, document_id: uuid.UUID, principal: RegulatorOrEnterprise,
                               session: SessionDep) -> Response:
    await load_unit(session, principal, enterprise_id)
    d = await session.get(UnitDocument, document_id)
    if d is None or d.enterprise_id != enterprise_id:
        raise NotFound("未找到该文件", code="DOCUMENT_NOT_FOUND")
    return Response(d.content, media_type=d.content_type,
                    headers=disposition(d.filename))
