"""Filling and submitting an inspection (a 监管任务清单 for one unit).

The client makes the inspection's id, so a phone that retries after a dropped connection never
creates a second one; a retry with the same content is answered with the stored state. Each save
carries the version the client started from: if the inspection changed elsewhere meanwhile, the
save is refused with 409 INSPECTION_CONFLICT and the current state, never silently overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.inspections.schemas import InspectionIn, InspectionOut, ItemOut, SubmitIn
from inspection.labels import LEVEL_WORDS
from inspection.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    Rectification,
    RiskEvent,
    Task,
    Unit,
    UnitRiskPoint,
)
from inspection.reminders import answer_item
from inspection.routines.evidence import evidence
from inspection.templates.router import current_template
from inspection.units.access import load_unit, may_see
from servicekit import reminders
from servicekit.audit import record_change
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.outbox import emit


def content_hash(body: InspectionIn) -> str:
    data = body.model_dump(mode="json", exclude={"base_version"})
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


async def outs(session: AsyncSession, inspections: list[Inspection]) -> list[InspectionOut]:
    """Inspections with their units, templates and items, in three queries whatever their number."""
    if not inspections:
        return []
    ids = [i.id for i in inspections]
    units = {u.enterprise_id: u for u in (await session.scalars(
        select(Unit).where(Unit.enterprise_id.in_({i.enterprise_id for i in inspections})))).all()}
    templates = {t.id: t for t in (await session.scalars(
        select(ChecklistTemplate).where(ChecklistTemplate.id.in_({i.template_id for i in inspections})))).all()}
    items: dict[uuid.UUID, list[InspectionItem]] = {i: [] for i in ids}
    for x in (await session.scalars(select(InspectionItem).where(InspectionItem.inspection_id.in_(ids))
                                    .order_by(InspectionItem.sort))).all():
        items[x.inspection_id].append(x)
    out = []
    for i in inspections:
        unit, t, rows = units[i.enterprise_id], templates[i.template_id], items[i.id]
        out.append(InspectionOut(
            id=i.id, task_id=i.task_id, enterprise_id=i.enterprise_id, enterprise_name=unit.name,
            credit_code=unit.credit_code, org_path=i.org_path, template_id=t.id, template_code=t.code,
            template_version=t.version, template_title=t.title, level_grade=i.level_grade,
            responsible_department=i.responsible_department, contact=i.contact, filled_by=i.filled_by,
            inspected_on=i.inspected_on, status=i.status, version=i.version, updated_at=i.updated_at,  # type: ignore[arg-type]
            submitted_at=i.submitted_at, items=[ItemOut.model_validate(x, from_attributes=True) for x in rows],
            findings=sum(1 for x in rows if x.result == "no"),
        ))
    return out


async def out(session: AsyncSession, i: Inspection, *, today: dt.date | None = None) -> InspectionOut:
    """One inspection; while it is a draft (given the business date), items 2.1–2.4 carry the unit's
    routine filings as a hint for the inspector."""
    o = (await outs(session, [i]))[0]
    if today is not None and i.status == "draft":
        unit = await session.get(Unit, i.enterprise_id)
        if unit is not None:
            summary = (await evidence(session, unit, today)).summary
            for item in o.items:
                item.hint = summary.get(item.item_no)
    return o


async def load(session: AsyncSession, principal: Principal, inspection_id: uuid.UUID, *, lock: bool = False) -> Inspection:
    i = await session.get(Inspection, inspection_id, with_for_update=lock or None)
    if i is None or not may_see(principal, i.enterprise_id, i.org_path):
        raise NotFound("未找到该检查记录", code="INSPECTION_NOT_FOUND")
    return i


def _conflict(i: Inspection, code: str, detail: str) -> Conflict:
    return Conflict(detail, code=code, extra={"current_version": i.version, "status": i.status,
                                              "updated_at": i.updated_at.isoformat() if i.updated_at else None})


async def _new(session: AsyncSession, principal: Principal, inspection_id: uuid.UUID, body: InspectionIn) -> Inspection:
    if principal.is_enterprise:
        raise Forbidden("企业用户不能填写监督检查记录", code="ROLE_NOT_ALLOWED")
    unit = await load_unit(session, principal, body.enterprise_id)
    if body.base_version != 0:
        raise NotFound("该检查记录在服务器上不存在（可能已被删除），请重新创建", code="INSPECTION_NOT_FOUND")
    if body.task_id is not None:
        task = await session.get(Task, body.task_id)
        if task is None or task.enterprise_id != unit.enterprise_id or not principal.covers(task.org_path):
            raise InvalidInput("检查任务与主体不符", code="TASK_MISMATCH")
    t = await current_template(session, "producer" if "production" in unit.unit_types else "seller")
    level_grade = (f"{LEVEL_WORDS.get(unit.level or '', '')}级对应{unit.grade}级主体" if unit.grade and unit.level else None)
    i = Inspection(id=inspection_id, task_id=body.task_id, enterprise_id=unit.enterprise_id, org_path=unit.org_path,
                   template_id=t.id, level_grade=level_grade, filled_by=principal.username,
                   inspected_on=body.inspected_on, status="draft", version=1, content_hash="",
                   created_by=principal.subject)
    session.add(i)
    await session.flush()
    points = (await session.scalars(select(UnitRiskPoint).where(
        UnitRiskPoint.enterprise_id == unit.enterprise_id, UnitRiskPoint.active.is_(True))
        .order_by(UnitRiskPoint.created_at))).all()
    for ti in (await session.scalars(select(ChecklistItem).where(ChecklistItem.template_id == t.id)
                                     .order_by(ChecklistItem.sort))).all():
        if ti.unit_section and points:
            for n, p in enumerate(points, start=1):
                session.add(InspectionItem(inspection_id=i.id, item_no=f"{ti.section_no}.{n}", section_no=ti.section_no,
                                           section_title=ti.section_title, text=p.text, sort=ti.sort * 100 + n))
        else:
            session.add(InspectionItem(inspection_id=i.id, item_no=ti.item_no, section_no=ti.section_no,
                                       section_title=ti.section_title, text=ti.text, sort=ti.sort * 100))
    await session.flush()
    return i


async def save(session: AsyncSession, principal: Principal, inspection_id: uuid.UUID, body: InspectionIn) -> Inspection:
    digest = content_hash(body)
    i = await session.get(Inspection, inspection_id, with_for_update=True)
    created = i is None
    if i is None:
        i = await _new(session, principal, inspection_id, body)
    else:
        if not may_see(principal, i.enterprise_id, i.org_path) or i.enterprise_id != body.enterprise_id:
            raise NotFound("未找到该检查记录", code="INSPECTION_NOT_FOUND")
        if principal.is_enterprise:
            raise Forbidden("企业用户不能填写监督检查记录", code="ROLE_NOT_ALLOWED")
        if i.content_hash == digest:
            return i  # the same save again (a retry): nothing to do
        if i.status == "submitted":
            raise _conflict(i, "INSPECTION_SUBMITTED", "该检查记录已提交，不能再修改")
        if body.base_version != i.version:
            raise _conflict(i, "INSPECTION_CONFLICT",
                            f"该检查记录已在别处修改（服务器版本 {i.version}，您基于版本 {body.base_version}），"
                            "请查看最新内容后再保存")
    items = {x.item_no: x for x in (await session.scalars(
        select(InspectionItem).where(InspectionItem.inspection_id == i.id))).all()}
    unknown = [x.item_no for x in body.items if x.item_no not in items]
    if unknown:
        raise InvalidInput(f"检查项目序号不存在：{'、'.join(unknown)}", code="ITEM_UNKNOWN", extra={"items": unknown})
    before = {k: (v.result, v.remark) for k, v in items.items()}
    for x in body.items:
        items[x.item_no].result, items[x.item_no].remark = x.result, (x.remark or None)
    i.inspected_on, i.responsible_department, i.contact = body.inspected_on, body.responsible_department, body.contact
    i.content_hash = digest
    if not created:
        i.version += 1
    i.updated_at = utcnow()
    await session.flush()
    await record_change(session, actor=principal, action="create" if created else "update", entity_type="inspection",
                        entity_id=i.id, before=None if created else {"items": before},
                        after={"items": {k: (v.result, v.remark) for k, v in items.items()}, "version": i.version},
                        org_path=i.org_path)
    return i


async def submit(session: AsyncSession, principal: Principal, inspection_id: uuid.UUID, body: SubmitIn,
                 today: dt.date) -> Inspection:
    if principal.is_enterprise:
        raise Forbidden("企业用户不能提交监督检查记录", code="ROLE_NOT_ALLOWED")
    i = await load(session, principal, inspection_id, lock=True)
    if i.status == "submitted":
        return i  # submitted already (a retry)
    if body.base_version != i.version:
        raise _conflict(i, "INSPECTION_CONFLICT", f"该检查记录已在别处修改（服务器版本 {i.version}），请查看最新内容后再提交")
    items = (await session.scalars(select(InspectionItem).where(InspectionItem.inspection_id == i.id)
                                   .order_by(InspectionItem.sort))).all()
    missing = [x.item_no for x in items if x.result is None]
    if missing:
        raise InvalidInput(f"还有 {len(missing)} 项未填写结果：{'、'.join(missing[:10])}", code="ITEMS_INCOMPLETE",
                           extra={"items": missing})
    unexplained = [x.item_no for x in items if x.result == "no" and not (x.remark or "").strip()]
    if unexplained:
        raise InvalidInput(f"结果为否（×）的项目须在备注中写明问题：{'、'.join(unexplained)}", code="FINDING_REMARK_REQUIRED",
                           extra={"items": unexplained})
    i.status, i.submitted_at, i.version = "submitted", utcnow(), i.version + 1
    deadline = i.inspected_on + dt.timedelta(days=body.deadline_days)
    notices: list[Rectification] = []
    for x in items:
        if x.result == "no":
            r = Rectification(id=uuid.uuid4(), inspection_id=i.id, enterprise_id=i.enterprise_id, org_path=i.org_path,
                              item_no=x.item_no, item_text=x.text, finding=x.remark or "", deadline=deadline,
                              status="open", version=1)
            session.add(r)
            notices.append(r)
    done: list[uuid.UUID] = []
    if i.task_id is not None:
        task = await session.get(Task, i.task_id, with_for_update=True)
        if task is not None:
            task.status = "submitted"
            done.append(task.id)
    # an on-site inspection also fulfils this half-year's planned visit of the unit
    half = f"{i.inspected_on.year}H{1 if i.inspected_on.month <= 6 else 2}:"
    done += (await session.scalars(update(Task).where(
        Task.enterprise_id == i.enterprise_id, Task.status == "open", Task.plan_key.startswith(half))
        .values(status="submitted").returning(Task.id))).all()
    risks: list[RiskEvent] = []
    for risk in body.risks:
        e = RiskEvent(id=uuid.uuid4(), enterprise_id=i.enterprise_id, org_path=i.org_path, severity=risk.severity,
                      source="inspection", found_on=i.inspected_on, summary=risk.summary, inspection_id=i.id,
                      recorded_by=principal.username, withdrawn=False)
        session.add(e)
        risks.append(e)
    await session.flush()
    for task_id in done:
        await reminders.resolve(session, "task_due", task_id)
    for r in notices:
        await reminders.open_now(session, answer_item(r, today))
    await record_change(session, actor=principal, action="submit", entity_type="inspection", entity_id=i.id,
                        after={"findings": len(notices), "risks": len(risks)}, org_path=i.org_path)
    await emit(session, "inspection.completed", {
        "id": str(i.id), "enterprise_id": str(i.enterprise_id), "inspected_on": str(i.inspected_on),
        "on_site": True, "inspector": i.filled_by, "findings": len(notices), "org_path": i.org_path,
        "summary": f"现场检查，发现问题 {len(notices)} 项"}, org_path=i.org_path)
    for r in notices:
        await emit(session, "rectification.opened", rectification_event(r), org_path=r.org_path)
    for e in risks:
        await emit(session, "risk.recorded", risk_event_payload(e), org_path=e.org_path)
    return i


def rectification_event(r: Rectification) -> dict[str, Any]:
    return {"id": str(r.id), "inspection_id": str(r.inspection_id), "enterprise_id": str(r.enterprise_id),
            "item_no": r.item_no, "deadline": str(r.deadline), "status": r.status, "org_path": r.org_path}


def risk_event_payload(e: RiskEvent) -> dict[str, Any]:
    return {"id": str(e.id), "enterprise_id": str(e.enterprise_id), "severity": e.severity, "source": e.source,
            "found_on": str(e.found_on), "summary": e.summary, "org_path": e.org_path}
