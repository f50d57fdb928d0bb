"""Create, change, read and list archive entries; every change audited and emitted."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.context import ArchiveContext
from registry.enterprises import credit_code, repository
from registry.enterprises.schemas import (
    EnterpriseCreate,
    EnterpriseDetail,
    EnterpriseSummary,
    EnterpriseUpdate,
    HistoryEntry,
    ProductIn,
    ProductOut,
    ResponsibleBrief,
)
from registry.labels import STATUS_LABELS, UNIT_TYPE_LABELS
from registry.models import CategoryTag, Enterprise, EnterpriseProduct, Personnel
from registry.reminders import archive_item_of
from registry.rules import director_required
from registry.workdays.calendar import deadline
from servicekit import reminders
from servicekit.audit import AuditRecord, record_change
from servicekit.auth import Principal
from servicekit.crypto import mask_middle
from servicekit.db import row_to_dict
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.outbox import emit
from servicekit.pagination import PageParams, paginate

AUDIT_EXCLUDE = {"search_vector", "contact_phone_enc"}
# Changes that other services react to (size and type decide the grade; place decides the regulator).
GRADING_FIELDS = {"unit_types", "employees", "revenue_wan", "size_year", "division_code", "station_code", "org_path"}


def snapshot(e: Enterprise) -> dict[str, Any]:
    return row_to_dict(e, exclude=AUDIT_EXCLUDE)


def event_payload(e: Enterprise) -> dict[str, Any]:
    return {
        "id": str(e.id), "credit_code": e.credit_code, "name": e.name, "unit_types": list(e.unit_types),
        "employees": e.employees, "revenue_wan": str(e.revenue_wan) if e.revenue_wan is not None else None,
        "size_year": e.size_year, "division_code": e.division_code, "station_code": e.station_code,
        "org_path": e.org_path, "status": e.status, "key_tags": list(e.key_tags or []), "version": e.version,
        "archived_on": e.archived_on.isoformat() if e.archived_on else None,
    }


def place_name(names: dict[str, str], division: str, station: str | None) -> str | None:
    parts = [names[c] for c in (division, station) if c and c in names]
    return " / ".join(parts) or None


def summary(row: Any, today: Any, names: dict[str, str] | None = None) -> EnterpriseSummary:
    return EnterpriseSummary(
        place_name=place_name(names or {}, row.division_code, row.station_code),
        id=row.id, credit_code=row.credit_code, credit_code_check_ok=row.credit_code_check_ok, name=row.name,
        unit_types=list(row.unit_types), unit_type_labels=[UNIT_TYPE_LABELS[t] for t in row.unit_types],
        is_individual=row.is_individual, division_code=row.division_code, station_code=row.station_code,
        org_path=row.org_path, status=row.status, status_label=STATUS_LABELS[row.status],
        key_tags=list(row.key_tags or []), employees=row.employees, revenue_wan=row.revenue_wan, grade=row.grade,
        archive_status=row.archive_status, archive_deadline=row.archive_deadline,
        archive_overdue=row.archive_status == "pending" and row.archive_deadline is not None and row.archive_deadline < today,
        director_required=row.director_required,
        director_missing=row.director_required and row.director_count == 0,
        officer_missing=row.officer_count == 0,
    )


async def _check_tags(session: AsyncSession, tags: list[str]) -> list[str]:
    tags = sorted(set(tags))
    if not tags:
        return []
    known = set((await session.scalars(select(CategoryTag.code).where(CategoryTag.code.in_(tags)))).all())
    unknown = [t for t in tags if t not in known]
    if unknown:
        raise InvalidInput(f"未知的重点品类标签：{'、'.join(unknown)}", code="TAG_UNKNOWN")
    return tags


async def refresh_director_flags(session: AsyncSession, e: Enterprise) -> None:
    """Recompute whether a director is required and how many are appointed now."""
    scopes = set((await session.scalars(
        select(EnterpriseProduct.scope).where(EnterpriseProduct.enterprise_id == e.id)
    )).all())
    e.director_required = director_required(scopes, list(e.unit_types), e.employees, e.revenue_wan)
    counts = dict((await session.execute(
        select(Personnel.role, func.count()).where(Personnel.enterprise_id == e.id, Personnel.ended_on.is_(None))
        .group_by(Personnel.role)
    )).all())
    e.director_count = int(counts.get("director", 0))
    e.officer_count = int(counts.get("officer", 0))


def _product(enterprise_id: uuid.UUID, p: ProductIn) -> EnterpriseProduct:
    if p.scope == "licence" and not p.licence_no:
        raise InvalidInput(f"产品“{p.category}”属生产许可范围，须填写许可证编号", code="LICENCE_NO_REQUIRED")
    if p.scope == "ccc" and not p.certificate_no:
        raise InvalidInput(f"产品“{p.category}”属CCC认证范围，须填写证书编号", code="CERTIFICATE_NO_REQUIRED")
    if p.valid_from and p.valid_to and p.valid_to < p.valid_from:
        raise InvalidInput("有效期截止日期不能早于起始日期", code="VALIDITY_RANGE")
    return EnterpriseProduct(id=uuid.uuid4(), enterprise_id=enterprise_id, **p.model_dump())


async def create(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, body: EnterpriseCreate
) -> EnterpriseDetail:
    try:
        checked = credit_code.validate(body.credit_code)
    except credit_code.CreditCodeError as exc:
        raise InvalidInput(str(exc), code="CREDIT_CODE_INVALID") from exc
    path, _ = await ctx.locate(body.division_code, body.station_code)
    principal.ensure_covers(path)
    if await repository.by_credit_code(session, checked.code):
        raise Conflict(f"统一社会信用代码 {checked.code} 已在档案中", code="CREDIT_CODE_EXISTS")
    tags = await _check_tags(session, body.key_tags)
    data = body.model_dump(exclude={"credit_code", "products", "pending", "contact_phone", "key_tags"})
    e = Enterprise(id=uuid.uuid4(), credit_code=checked.code, credit_code_check_ok=checked.check_digit_ok,
                   org_path=path, key_tags=tags, created_by=principal.username, version=1, **data)
    _set_phone(e, body.contact_phone, ctx)
    await _set_archive_dates(session, e, ctx, pending=body.pending)
    session.add(e)
    await session.flush()
    for p in body.products:
        session.add(_product(e.id, p))
    await session.flush()
    await refresh_director_flags(session, e)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="enterprise", entity_id=e.id,
                        after=snapshot(e), org_path=e.org_path, reason=e.entry_reason)
    if (item := archive_item_of(e, ctx.today)) is not None:  # registered days ago: the deadline is near
        await reminders.open_now(session, item)
    await emit(session, "enterprise.created", event_payload(e), org_path=e.org_path)
    return await detail(session, principal=principal, ctx=ctx, enterprise_id=e.id)


def _set_phone(e: Enterprise, phone: str | None, ctx: ArchiveContext) -> None:
    e.contact_phone_enc = ctx.cipher.encrypt(phone) if phone else None
    e.contact_phone_masked = mask_middle(phone) if phone else None


async def _set_archive_dates(session: AsyncSession, e: Enterprise, ctx: ArchiveContext, *, pending: bool) -> None:
    if e.registered_on is not None:
        if e.registered_on > ctx.today:
            raise InvalidInput("登记注册日期不能晚于今天", code="REGISTERED_IN_FUTURE")
        e.archive_deadline, e.archive_deadline_fallback = await deadline(session, e.registered_on, 5)
    e.archive_status = "pending" if pending else "archived"
    e.archived_on = None if pending else ctx.today


async def _load_scoped(session: AsyncSession, principal: Principal, enterprise_id: uuid.UUID, *, lock: bool) -> Enterprise:
    e = await (repository.get_for_update(session, enterprise_id) if lock else repository.get(session, enterprise_id))
    if e is None:
        raise NotFound("主体不存在", code="ENTERPRISE_NOT_FOUND")
    if principal.is_enterprise:
        if principal.enterprise_id != str(e.id):
            raise NotFound("主体不存在", code="ENTERPRISE_NOT_FOUND")
    elif not principal.covers(e.org_path):
        # Same answer as a missing unit: nothing about units outside the jurisdiction leaks.
        raise NotFound("主体不存在", code="ENTERPRISE_NOT_FOUND")
    return e


async def update(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, enterprise_id: uuid.UUID,
    body: EnterpriseUpdate,
) -> EnterpriseDetail:
    e = await _load_scoped(session, principal, enterprise_id, lock=True)
    if principal.is_enterprise:
        raise Forbidden("企业用户不能修改监管档案", code="ROLE_NOT_ALLOWED")
    if body.version != e.version:
        raise Conflict(f"该主体已被他人修改（当前版本 {e.version}），请刷新后再改", code="VERSION_CONFLICT",
                       extra={"current_version": e.version})
    before = snapshot(e)
    changes = body.model_dump(exclude_unset=True, exclude={"version", "complete_archive", "contact_phone"})
    if "division_code" in changes or "station_code" in changes:
        path, _ = await ctx.locate(changes.get("division_code", e.division_code),
                                   changes.get("station_code", e.station_code))
        principal.ensure_covers(path)
        e.org_path = path
    if "key_tags" in changes:
        changes["key_tags"] = await _check_tags(session, changes["key_tags"] or [])
    old_status, was_pending = e.status, e.archive_status == "pending"
    for field, value in changes.items():
        if field == "unit_types" and value is None:
            continue
        setattr(e, field, value)
    if "contact_phone" in body.model_fields_set:
        _set_phone(e, body.contact_phone, ctx)
    if "status" in changes and e.status != old_status:
        if e.status == "other" and not (e.status_note or "").strip():
            raise InvalidInput("状态为“其他”时须填写说明", code="STATUS_NOTE_REQUIRED")
        e.status_changed_on = changes.get("status_changed_on") or ctx.today
    if "registered_on" in changes:
        await _set_archive_dates(session, e, ctx, pending=e.archive_status == "pending")
    if body.complete_archive and e.archive_status == "pending":
        e.archive_status, e.archived_on = "archived", ctx.today
    if was_pending and e.archive_status != "pending":
        await reminders.resolve(session, "archive_due", e.id)
    elif was_pending and changes.keys() & {"registered_on", "name", "division_code", "station_code"}:
        # the deadline, the title or the owning bureau moved: the reminder follows at once
        await reminders.resolve(session, "archive_due", e.id)
        if (item := archive_item_of(e, ctx.today)) is not None:
            await reminders.open_now(session, item)
    await refresh_director_flags(session, e)
    await session.flush()
    after = snapshot(e)
    audit = await record_change(session, actor=principal, action="update", entity_type="enterprise",
                                entity_id=e.id, before=before, after=after, org_path=e.org_path)
    if audit.changed_fields:
        payload = {**event_payload(e), "changed": audit.changed_fields}
        await emit(session, "enterprise.updated", payload, org_path=e.org_path)
        if e.status != old_status:
            await emit(session, "enterprise.status_changed",
                       {**payload, "from": old_status, "to": e.status, "on": str(e.status_changed_on)},
                       org_path=e.org_path)
    return await detail(session, principal=principal, ctx=ctx, enterprise_id=e.id)


async def detail(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, enterprise_id: uuid.UUID
) -> EnterpriseDetail:
    e = await _load_scoped(session, principal, enterprise_id, lock=False)
    products = await repository.products(session, e.id)
    rp = await repository.current_responsible(session, e.id)
    warnings = []
    if not e.credit_code_check_ok:
        warnings.append("统一社会信用代码校验位不符（可能为早期赋码），请核实")
    if e.archive_deadline_fallback:
        warnings.append("建档期限按周一至周五估算：工作日历未覆盖该年度，请管理员补充节假日安排")
    base = summary(e, ctx.today, await ctx.place_names()).model_dump()
    return EnterpriseDetail(
        **base,
        registered_address=e.registered_address, operating_address=e.operating_address,
        principal_name=e.principal_name, contact_name=e.contact_name, contact_phone=e.contact_phone_masked,
        size_year=e.size_year, entry_reason=e.entry_reason, registered_on=e.registered_on, archived_on=e.archived_on,
        archive_deadline_fallback=e.archive_deadline_fallback, status_note=e.status_note,
        status_changed_on=e.status_changed_on, director_count=e.director_count, officer_count=e.officer_count,
        version=e.version,
        products=[ProductOut.model_validate(p, from_attributes=True) for p in products],
        responsible_person=ResponsibleBrief(person_name=rp.person_name, org_unit_code=rp.org_unit_code,
                                            effective_on=rp.effective_on) if rp else None,
        warnings=warnings, created_at=e.created_at, updated_at=e.updated_at,
    )


COUNT_CAP = 1_000


async def list_page(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, filters: repository.EnterpriseFilters,
    page: PageParams,
) -> tuple[list[EnterpriseSummary], int, bool]:
    """One page and its total: exact for place-only filters (kept counts), else counted up to COUNT_CAP."""
    if principal.is_enterprise:
        raise Forbidden("企业用户不能查看档案列表", code="ROLE_NOT_ALLOWED")
    stmt = repository.scoped_list(principal, filters, today=ctx.today)
    names = await ctx.place_names()
    place_only = not any((filters.q, filters.unit_type, filters.tag, filters.status, filters.grade, filters.overdue,
                          filters.director_missing))
    if place_only:
        rows = list((await session.execute(stmt.limit(page.size).offset(page.offset))).all())
        total = await repository.count_by_place(session, principal, filters, ctx)
        return [summary(r, ctx.today, names) for r in rows], total, False
    # One row more than the page tells whether anything follows; only then is counting worth its cost
    # (a specific name usually fits on one page, so most searches run a single query).
    rows = list((await session.execute(stmt.limit(page.size + 1).offset(page.offset))).all())
    if len(rows) <= page.size and (rows or page.page == 1):
        return [summary(r, ctx.today, names) for r in rows], page.offset + len(rows), False
    _, total = await paginate(session, stmt, page, count_cap=COUNT_CAP, rows=False)
    return [summary(r, ctx.today, names) for r in rows[: page.size]], total, total >= COUNT_CAP


async def add_product(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, enterprise_id: uuid.UUID, body: ProductIn
) -> EnterpriseDetail:
    e = await _load_scoped(session, principal, enterprise_id, lock=True)
    if principal.is_enterprise:
        raise Forbidden("企业用户不能修改监管档案", code="ROLE_NOT_ALLOWED")
    product = _product(e.id, body)
    session.add(product)
    await session.flush()
    before = {"product": None, "director_required": e.director_required}
    await refresh_director_flags(session, e)
    await record_change(session, actor=principal, action="product_add", entity_type="enterprise", entity_id=e.id,
                        before=before, after={"product": row_to_dict(product), "director_required": e.director_required},
                        org_path=e.org_path)
    await emit(session, "enterprise.updated", {**event_payload(e), "changed": ["products"]}, org_path=e.org_path)
    return await detail(session, principal=principal, ctx=ctx, enterprise_id=e.id)


async def remove_product(
    session: AsyncSession, *, principal: Principal, ctx: ArchiveContext, enterprise_id: uuid.UUID,
    product_id: uuid.UUID,
) -> EnterpriseDetail:
    e = await _load_scoped(session, principal, enterprise_id, lock=True)
    if principal.is_enterprise:
        raise Forbidden("企业用户不能修改监管档案", code="ROLE_NOT_ALLOWED")
    product = await session.get(EnterpriseProduct, product_id)
    if product is None or product.enterprise_id != e.id:
        raise NotFound("产品记录不存在", code="PRODUCT_NOT_FOUND")
    before = {"product": row_to_dict(product), "director_required": e.director_required}
    await session.delete(product)
    await session.flush()
    await refresh_director_flags(session, e)
    await record_change(session, actor=principal, action="product_remove", entity_type="enterprise", entity_id=e.id,
                        before=before, after={"product": None, "director_required": e.director_required},
                        org_path=e.org_path)
    await emit(session, "enterprise.updated", {**event_payload(e), "changed": ["products"]}, org_path=e.org_path)
    return await detail(session, principal=principal, ctx=ctx, enterprise_id=e.id)


async def history(
    session: AsyncSession, *, principal: Principal, enterprise_id: uuid.UUID, page: PageParams
) -> tuple[list[HistoryEntry], int]:
    e = await _load_scoped(session, principal, enterprise_id, lock=False)
    stmt = (
        select(AuditRecord)
        .where(AuditRecord.entity_type == "enterprise", AuditRecord.entity_id == str(e.id))
        .order_by(AuditRecord.id.desc())
    )
    rows, total = await paginate(session, stmt, page)
    return [
        HistoryEntry(id=r.id, occurred_at=r.occurred_at, actor=r.actor_username, action=r.action,
                     changed_fields=list(r.changed_fields), before=r.before, after=r.after, reason=r.reason)
        for (r,) in rows
    ], total
