"""The roster: appointments, changes, masking, audited unmasked views."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.context import ArchiveContext
from registry.enterprises.service import _load_scoped, refresh_director_flags
from registry.labels import PERSON_ROLE_LABELS
from registry.models import Enterprise, Personnel
from registry.personnel.schemas import PersonnelIn, PersonnelOut, PersonnelUpdate
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.crypto import mask_middle
from servicekit.db import row_to_dict
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.outbox import emit
from servicekit.pagination import PageParams, paginate

SECRET = {"id_number_enc", "phone_enc", "id_number_hash"}
# Who may see an ID number or phone in clear (each view is audited).
UNMASK_ROLES = {"region_admin", "region_officer", "prefecture_officer", "county_officer"}


def _out(p: Personnel, *, enterprise_name: str | None = None, ctx: ArchiveContext | None = None) -> PersonnelOut:
    unmasked = ctx is not None
    return PersonnelOut(
        id=p.id, enterprise_id=p.enterprise_id, enterprise_name=enterprise_name, role=p.role,
        role_label=PERSON_ROLE_LABELS[p.role], name=p.name,
        id_number=ctx.cipher.decrypt(p.id_number_enc) if unmasked and p.id_number_enc else p.id_number_masked,
        phone=ctx.cipher.decrypt(p.phone_enc) if unmasked and p.phone_enc else p.phone_masked,
        masked=not unmasked, appointed_on=p.appointed_on, appointment_doc=p.appointment_doc, full_time=p.full_time,
        training=p.training, assessment_result=p.assessment_result, assessment_score=p.assessment_score,
        ended_on=p.ended_on, end_reason=p.end_reason, active=p.ended_on is None, version=p.version,
    )


def _set_secrets(p: Personnel, ctx: ArchiveContext, *, id_number: str | None, phone: str | None, fields: set[str]) -> None:
    if "id_number" in fields:
        p.id_number_enc = ctx.cipher.encrypt(id_number) if id_number else None
        p.id_number_hash = ctx.cipher.lookup_hash(id_number) if id_number else None
        p.id_number_masked = mask_middle(id_number, keep_start=6, keep_end=4) if id_number else None
    if "phone" in fields:
        p.phone_enc = ctx.cipher.encrypt(phone) if phone else None
        p.phone_masked = mask_middle(phone) if phone else None


async def _emit_changed(session: AsyncSession, e: Enterprise, p: Personnel, action: str) -> None:
    await emit(session, "personnel.changed", {
        "enterprise_id": str(e.id), "personnel_id": str(p.id), "role": p.role, "action": action, "name": p.name,
        "active": p.ended_on is None, "org_path": e.org_path,
        "director_count": e.director_count, "officer_count": e.officer_count,
        "director_required": e.director_required,
    }, org_path=e.org_path)


async def appoint(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, enterprise_id: uuid.UUID, body: PersonnelIn
) -> PersonnelOut:
    e = await _load_scoped(session, principal, enterprise_id, lock=True)
    if body.id_number:
        same = await session.scalar(select(Personnel.id).where(
            Personnel.enterprise_id == e.id, Personnel.id_number_hash == ctx.cipher.lookup_hash(body.id_number),
            Personnel.role == body.role, Personnel.ended_on.is_(None)))
        if same:
            raise Conflict("此人已在本单位担任该职务", code="PERSONNEL_DUPLICATE")
    if body.appointed_on and body.appointed_on > ctx.today:
        raise InvalidInput("任命日期不能晚于今天", code="DATE_IN_FUTURE")
    p = Personnel(id=uuid.uuid4(), enterprise_id=e.id, org_path=e.org_path, version=1,
                  **body.model_dump(exclude={"id_number", "phone"}))
    _set_secrets(p, ctx, id_number=body.id_number, phone=body.phone, fields={"id_number", "phone"})
    session.add(p)
    await session.flush()
    await refresh_director_flags(session, e)
    await session.flush()
    await record_change(session, actor=principal, action="appoint", entity_type="personnel", entity_id=p.id,
                        after=row_to_dict(p, exclude=SECRET), org_path=e.org_path)
    await _emit_changed(session, e, p, "appointed")
    return _out(p, enterprise_name=e.name)


async def _load_person(session: AsyncSession, principal: Principal, personnel_id: uuid.UUID) -> tuple[Personnel, Enterprise]:
    p = await session.get(Personnel, personnel_id, with_for_update=True)
    if p is None:
        raise NotFound("人员不存在", code="PERSONNEL_NOT_FOUND")
    e = await _load_scoped(session, principal, p.enterprise_id, lock=False)
    return p, e


async def change(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, personnel_id: uuid.UUID, body: PersonnelUpdate
) -> PersonnelOut:
    p, e = await _load_person(session, principal, personnel_id)
    if body.version != p.version:
        raise Conflict(f"该人员信息已被他人修改（当前版本 {p.version}），请刷新后再改", code="VERSION_CONFLICT",
                       extra={"current_version": p.version})
    if p.ended_on is not None:
        raise Conflict("该任职已结束，不能再修改；如重新任命请新增", code="PERSONNEL_ENDED")
    before = row_to_dict(p, exclude=SECRET)
    fields = body.model_dump(exclude_unset=True, exclude={"version", "phone"})
    if fields.get("ended_on") and fields["ended_on"] > ctx.today:
        raise InvalidInput("任职结束日期不能晚于今天", code="DATE_IN_FUTURE")
    if fields.get("ended_on") and p.appointed_on and fields["ended_on"] < p.appointed_on:
        raise InvalidInput("任职结束日期不能早于任命日期", code="DATE_RANGE")
    for key, value in fields.items():
        setattr(p, key, value)
    _set_secrets(p, ctx, id_number=None, phone=body.phone, fields={"phone"} & body.model_fields_set)
    await session.flush()
    await refresh_director_flags(session, e)
    await record_change(session, actor=principal, action="end" if p.ended_on else "update", entity_type="personnel",
                        entity_id=p.id, before=before, after=row_to_dict(p, exclude=SECRET), org_path=e.org_path)
    await _emit_changed(session, e, p, "ended" if p.ended_on else "updated")
    return _out(p, enterprise_name=e.name)


async def unmasked(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, personnel_id: uuid.UUID, reason: str
) -> PersonnelOut:
    if not principal.has_any_role(UNMASK_ROLES):
        raise Forbidden("您的角色无权查看完整的个人信息", code="PII_NOT_ALLOWED")
    p, e = await _load_person(session, principal, personnel_id)
    await record_change(session, actor=principal, action="view_pii", entity_type="personnel", entity_id=p.id,
                        org_path=e.org_path, reason=reason)
    return _out(p, enterprise_name=e.name, ctx=ctx)


async def for_enterprise(session: AsyncSession, *, principal: Principal, enterprise_id: uuid.UUID) -> list[PersonnelOut]:
    e = await _load_scoped(session, principal, enterprise_id, lock=False)
    rows = await session.scalars(select(Personnel).where(Personnel.enterprise_id == e.id)
                                 .order_by(Personnel.ended_on.is_not(None), Personnel.role, Personnel.created_at))
    return [_out(p, enterprise_name=e.name) for p in rows.all()]


async def roster(
    session: AsyncSession, *, principal: Principal, page: PageParams, role: str | None, active: bool | None,
    q: str | None, id_number: str | None, ctx: ArchiveContext,
) -> tuple[list[PersonnelOut], int]:
    stmt: Any = (
        select(Personnel, Enterprise.name)
        .join(Enterprise, Enterprise.id == Personnel.enterprise_id)
        .where(jurisdiction_filter(Personnel.org_path, principal))
        .order_by(Enterprise.name, Personnel.role, Personnel.name)
    )
    if role:
        stmt = stmt.where(Personnel.role == role)
    if active is not None:
        stmt = stmt.where(Personnel.ended_on.is_(None) if active else Personnel.ended_on.is_not(None))
    if q:
        stmt = stmt.where(Personnel.name.contains(q.strip()) | Enterprise.name.contains(q.strip()))
    if id_number:
        stmt = stmt.where(Personnel.id_number_hash == ctx.cipher.lookup_hash(id_number))
    rows, total = await paginate(session, stmt, page)
    return [_out(p, enterprise_name=name) for p, name in rows], total


async def history(session: AsyncSession, *, principal: Principal, personnel_id: uuid.UUID) -> list[dict[str, Any]]:
    from servicekit.audit import AuditRecord

    p, _ = await _load_person(session, principal, personnel_id)
    rows = await session.scalars(select(AuditRecord).where(
        AuditRecord.entity_type == "personnel", AuditRecord.entity_id == str(p.id)).order_by(AuditRecord.id.desc()))
    return [{"occurred_at": r.occurred_at, "actor": r.actor_username, "action": r.action,
             "changed_fields": r.changed_fields, "before": r.before, "after": r.after, "reason": r.reason}
            for r in rows.all()]
