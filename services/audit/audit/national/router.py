"""/v1/national: the delivery log of the push to the national platform (with resend), and the
inbound API the national platform reads (api_client tokens with scope national:read)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, select, update

from audit.audits.service import push_audit
from audit.deps import National, OrgsDep, RegionStaff
from audit.documents import KIND_LABELS
from audit.models import Audit, AuditItem, FollowUp, NationalPush, ProgressReport, ScoreEntry
from audit.national.queue import RECORD_TYPES
from servicekit import reminders
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, utcnow
from servicekit.errors import Conflict, InvalidInput, NotFound
from servicekit.pagination import Page, PageDep, paginate

router = make_router(prefix="/v1/national", tags=["national"])
STATUS_LABELS = {"pending": "待归集", "delivered": "已归集", "dead": "归集失败"}


class DeliveryOut(BaseModel):
    id: int
    record_type: str
    record_type_label: str
    record_id: str
    version: int
    idempotency_key: str
    org_code: str
    summary: str
    status: str
    status_label: str
    attempts: int
    next_attempt_at: dt.datetime | None
    last_status: int | None
    last_error: str | None
    receipt_id: str | None
    duplicate: bool | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    resent_by: str | None


class DeliveryStats(BaseModel):
    configured: bool = Field(description="是否已配置总局平台地址")
    pending: int
    delivered: int
    dead: int
    oldest_pending_at: dt.datetime | None
    last_delivered_at: dt.datetime | None


def _out(p: NationalPush) -> DeliveryOut:
    return DeliveryOut(
        id=p.id, record_type=p.record_type, record_type_label=RECORD_TYPES.get(p.record_type, p.record_type),
        record_id=p.record_id, version=p.version, idempotency_key=p.idempotency_key, org_code=p.org_code,
        summary=p.summary, status=p.status, status_label=STATUS_LABELS[p.status], attempts=p.attempts,
        next_attempt_at=p.next_attempt_at if p.status == "pending" else None, last_status=p.last_status,
        last_error=p.last_error, receipt_id=p.receipt_id, duplicate=p.duplicate, created_at=p.created_at,
        delivered_at=p.delivered_at, resent_by=p.resent_by)


@router.get("/deliveries/stats", response_model=DeliveryStats, operation_id="national_delivery_stats",
            summary="归集总览：待归集、已归集、失败条数")
async def national_delivery_stats(_: RegionStaff, session: SessionDep, request: Request) -> DeliveryStats:
    settings = request.app.state.settings
    counts = dict((await session.execute(select(NationalPush.status, func.count()).group_by(NationalPush.status))).all())
    oldest = await session.scalar(select(func.min(NationalPush.created_at)).where(NationalPush.status == "pending"))
    last = await session.scalar(select(func.max(NationalPush.delivered_at)))
    return DeliveryStats(configured=bool(settings.national_url and settings.national_push_enabled), pending=counts.get("pending", 0),
                         delivered=counts.get("delivered", 0), dead=counts.get("dead", 0), oldest_pending_at=oldest,
                         last_delivered_at=last)


@router.get("/deliveries", response_model=Page[DeliveryOut], operation_id="national_delivery_list",
            summary="归集日志（自治区局）：每条记录每个版本一行")
async def national_delivery_list(_: RegionStaff, session: SessionDep, page: PageDep,
                                 status: Literal["pending", "delivered", "dead"] | None = None,
                                 record_type: Literal["audit", "followup", "score", "progress_report", "briefing"] | None = None,
                                 record_id: Annotated[str | None, Query(max_length=80)] = None) -> Page[DeliveryOut]:
    stmt = select(NationalPush)
    if status:
        stmt = stmt.where(NationalPush.status == status)
    if record_type:
        stmt = stmt.where(NationalPush.record_type == record_type)
    if record_id:
        stmt = stmt.where(NationalPush.record_id == record_id)
    rows, total = await paginate(session, stmt.order_by(NationalPush.id.desc()), page)
    return Page(items=[_out(r[0]) for r in rows], total=total, page=page.page, size=page.size)


@router.post("/deliveries/{delivery_id}/resend", response_model=DeliveryOut, operation_id="national_delivery_resend",
             summary="重新归集一条失败的记录（同一幂等键，总局平台不会重复入库）")
async def national_delivery_resend(delivery_id: int, principal: RegionStaff, session: SessionDep) -> DeliveryOut:
    p = await session.scalar(select(NationalPush).where(NationalPush.id == delivery_id).with_for_update())
    if p is None:
        raise NotFound("未找到该归集记录", code="DELIVERY_NOT_FOUND")
    if p.status != "dead":
        raise Conflict(f"该记录当前为“{STATUS_LABELS[p.status]}”，只有归集失败的记录可以重发", code="DELIVERY_NOT_DEAD")
    await session.execute(update(NationalPush).where(NationalPush.id == p.id).values(
        status="pending", attempts=0, next_attempt_at=utcnow(), lease_until=None, resent_by=principal.username))
    if not await session.scalar(select(func.count()).where(NationalPush.status == "dead")):
        await reminders.resolve(session, "national_push_failed", "dead")
    await record_change(session, actor=principal, action="resend", entity_type="national_push", entity_id=p.id,
                        before={"status": "dead", "last_error": p.last_error}, after={"status": "pending"})
    await session.refresh(p)
    return _out(p)


@router.post("/audits/{audit_id}/requeue", response_model=list[DeliveryOut], operation_id="national_audit_requeue",
             summary="（运维）为一份已提交的督查记录补建归集任务：例如平台上线前已提交的记录")
async def national_audit_requeue(audit_id: uuid.UUID, principal: RegionStaff, session: SessionDep) -> list[DeliveryOut]:
    audit = await session.get(Audit, audit_id)
    if audit is None or audit.status != "submitted":
        raise InvalidInput("只能为已提交的督查记录补建归集任务", code="AUDIT_NOT_SUBMITTED")
    await push_audit(session, audit)
    await record_change(session, actor=principal, action="requeue", entity_type="audit", entity_id=audit.id)
    rows = (await session.scalars(select(NationalPush).where(NationalPush.record_type == "audit",
                                                             NationalPush.record_id == str(audit.id)))).all()
    return [_out(r) for r in rows]


# --- the inbound API (the national platform reads) ------------------------------------------------
class NationalAudit(BaseModel):
    id: uuid.UUID
    version: int
    number: str
    auditor_org_code: str
    auditor_org_name: str
    target_org_code: str
    target_org_name: str
    period_start: dt.date
    period_end: dt.date
    audited_on: dt.date
    status: str
    submitted_at: dt.datetime | None
    updated_at: dt.datetime
    conclusion: str | None
    items: list[dict[str, Any]]


async def _national_audits(session: SessionDep, audits: list[Audit]) -> list[NationalAudit]:
    items: dict[uuid.UUID, list[dict[str, Any]]] = {}
    if audits:
        for i in (await session.scalars(select(AuditItem).where(AuditItem.audit_id.in_([a.id for a in audits]))
                                        .order_by(AuditItem.audit_id, AuditItem.sort))).all():
            items.setdefault(i.audit_id, []).append({
                "code": i.code, "section": i.section, "task": i.task, "implemented": i.implemented,
                "suggested": i.suggested, "highlights": i.highlights,
                "figures": [{"label": f["label"], "value": f["value"], "source": f["source"]} for f in i.figures]})
    return [NationalAudit(id=a.id, version=a.version, number=a.number, auditor_org_code=a.auditor_code, auditor_org_name=a.auditor_name,
                          target_org_code=a.target_code, target_org_name=a.target_name, period_start=a.period_start,
                          period_end=a.period_end, audited_on=a.audited_on, status=a.status,
                          submitted_at=a.submitted_at, updated_at=a.updated_at, conclusion=a.conclusion,
                          items=items.get(a.id, [])) for a in audits]


@router.get("/audits", response_model=Page[NationalAudit], operation_id="national_audit_list",
            summary="（总局平台）已提交的督查记录，按更新时间倒序；updated_since 含该时刻，可增量读取")
async def national_audit_list(principal: National, session: SessionDep, page: PageDep,
                              updated_since: Annotated[dt.datetime | None, Query(description="只读此时刻之后更新的")] = None,
                              ) -> Page[NationalAudit]:
    # a key bound to a lower bureau reads only its own area
    stmt = select(Audit).where(Audit.status == "submitted", jurisdiction_filter(Audit.target_path, principal))
    if updated_since:
        if updated_since.tzinfo is None:
            raise InvalidInput("updated_since 须带时区，如 2026-11-01T00:00:00+08:00", code="DATETIME_NAIVE")
        stmt = stmt.where(Audit.updated_at >= updated_since)
    rows, total = await paginate(session, stmt.order_by(Audit.updated_at.desc(), Audit.id), page)
    return Page(items=await _national_audits(session, [r[0] for r in rows]), total=total, page=page.page,
                size=page.size)


@router.get("/audits/{audit_id}", response_model=NationalAudit, operation_id="national_audit_get",
            summary="（总局平台）一份督查记录")
async def national_audit_get(audit_id: uuid.UUID, principal: National, session: SessionDep) -> NationalAudit:
    audit = await session.get(Audit, audit_id)
    if audit is None or audit.status != "submitted" or not principal.covers(audit.target_path):
        raise NotFound("未找到该督查记录", code="AUDIT_NOT_FOUND")
    return (await _national_audits(session, [audit]))[0]


class BureauAggregate(BaseModel):
    org_code: str
    org_name: str
    audits_done: int = Field(description="年内对该单位完成的督查")
    items_total: int
    items_implemented: int
    followups_by_kind: dict[str, dict[str, int]]
    score_total: str
    reports_submitted: int
    reports_on_time: int


class Aggregates(BaseModel):
    province_code: str = "540000"
    year: int
    generated_at: dt.datetime
    bureaus: list[BureauAggregate]


@router.get("/aggregates", response_model=Aggregates, operation_id="national_aggregates",
            summary="（总局平台）各地（市）局、经开区局的年度汇总：督查、落实项、督办、考核分、半月报告")
async def national_aggregates(principal: National, session: SessionDep, orgs: OrgsDep, today: TodayDep,
                              year: Annotated[int, Query(ge=2000, le=2099)]) -> Aggregates:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    nodes = sorted([n for n in await orgs.all() if n.level == "prefecture"
                    and (principal.covers(n.path) or n.path.startswith((principal.org_path or "-") + "/"))],
                   key=lambda n: n.code)
    # each prefecture-level bureau with everything below it: the second segment of the org path
    pref = func.split_part(Audit.target_path, "/", 2)
    audits = {r[0]: r for r in (await session.execute(
        select(pref, func.count(func.distinct(Audit.id)), func.count(AuditItem.code),
               func.count(AuditItem.code).filter(AuditItem.implemented.is_(True)))
        .join(AuditItem, AuditItem.audit_id == Audit.id)
        .where(Audit.status == "submitted", Audit.audited_on.between(start, end)).group_by(pref))).all()}
    fus: dict[str, dict[str, dict[str, int]]] = {}
    late = (FollowUp.status == "issued") & (FollowUp.due_on < today)
    fpref = func.split_part(FollowUp.target_path, "/", 2)
    for code, kind, status, n, overdue in (await session.execute(
            select(fpref, FollowUp.kind, FollowUp.status, func.count(), func.count().filter(late))
            .where(FollowUp.year == year).group_by(fpref, FollowUp.kind, FollowUp.status))).all():
        # issued: all issued; answered: answered or closed; closed; overdue: past due, not answered
        slot = fus.setdefault(code, {}).setdefault(kind, {"issued": 0, "answered": 0, "closed": 0, "overdue": 0})
        slot["issued"] += int(n)
        slot["answered"] += int(n) if status in ("answered", "closed") else 0
        slot["closed"] += int(n) if status == "closed" else 0
        slot["overdue"] += int(overdue)
    # the points the region gave each prefecture-level bureau in the year's periods (not those it gave below)
    scores = dict((await session.execute(select(ScoreEntry.org_code, func.sum(ScoreEntry.points)).where(
        ScoreEntry.period.like(f"{year}%"), ScoreEntry.revoked_at.is_(None), ScoreEntry.giver_code == "540000")
        .group_by(ScoreEntry.org_code))).all())
    reports = {r[0]: r for r in (await session.execute(select(
        ProgressReport.org_code, func.count().filter(ProgressReport.submitted_at.isnot(None)),
        func.count().filter(ProgressReport.on_time.is_(True))).where(
        ProgressReport.period_start.between(start, end)).group_by(ProgressReport.org_code))).all()}
    return Aggregates(year=year, generated_at=utcnow(), bureaus=[BureauAggregate(
        org_code=n.code, org_name=n.name, audits_done=int(audits[n.code][1]) if n.code in audits else 0,
        items_total=int(audits[n.code][2]) if n.code in audits else 0,
        items_implemented=int(audits[n.code][3]) if n.code in audits else 0,
        followups_by_kind={k: fus.get(n.code, {}).get(k, {"issued": 0, "answered": 0, "closed": 0, "overdue": 0})
                           for k in KIND_LABELS}, score_total=str(scores.get(n.code) or 0),
        reports_submitted=int(reports[n.code][1]) if n.code in reports else 0,
        reports_on_time=int(reports[n.code][2]) if n.code in reports else 0) for n in nodes])
