"""Audits: creation with the checklist and the pre-fill, the auditor's answers, submission."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, cast, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from audit.audits.prefill import SOURCE_LABELS, Own, prefill
from audit.audits.schemas import AuditOut, AuditSummary, FigureOut, ItemOut
from audit.clients.figures import FigureSource
from audit.files import file_out, files_of
from audit.models import (
    Activity,
    Audit,
    AuditChecklist,
    AuditItem,
    DocumentCounter,
    FollowUp,
    Liaison,
    NationalPush,
    ProgressReport,
    WorkGroup,
)
from audit.national.queue import queue_push
from audit.periods import half_month, half_month_of
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import Conflict, Forbidden, NotFound
from servicekit.orgs import OrgDirectory, OrgNode

STATUS_LABELS = {"draft": "填写中", "submitted": "已提交"}


def under(column: Any, path: str) -> Any:
    return (column == path) | column.like(path + "/%")


async def next_number(session: AsyncSession, key: str, year: int) -> int:
    """The next number of a yearly sequence, allocated in the caller's transaction (no gaps on rollback)."""
    return int(await session.scalar(
        insert(DocumentCounter).values(issuer_code=key, year=year, last_no=1)
        .on_conflict_do_update(index_elements=["issuer_code", "year"],
                               set_={"last_no": DocumentCounter.last_no + 1})
        .returning(DocumentCounter.last_no)))


async def current_checklist(session: AsyncSession) -> AuditChecklist:
    cl = await session.scalar(select(AuditChecklist).order_by(AuditChecklist.version.desc()).limit(1))
    if cl is None:
        raise NotFound("督查清单尚未发布", code="CHECKLIST_MISSING")
    return cl


def expected_reports(start: dt.date, end: dt.date, today: dt.date) -> list[str]:
    """Half-months inside [start, end] whose due day (their last day) has passed."""
    codes: list[str] = []
    day = start
    while day <= end:
        code = half_month_of(day)
        p_start, p_end = half_month(code)
        if p_start >= start and p_end <= end and p_end < today:
            codes.append(code)
        day = p_end + dt.timedelta(days=1)
    return codes


async def own_figures(session: AsyncSession, orgs: OrgDirectory, target: OrgNode, start: dt.date, end: dt.date,
                      today: dt.date) -> Own:
    own = Own(level=target.level)
    act = (await session.execute(select(
        func.count(), func.count().filter(Activity.audience.in_(["enterprises", "both"])),
        func.count().filter(Activity.audience.in_(["law_enforcement", "both"])), func.coalesce(func.sum(Activity.attendance), 0),
    ).where(Activity.org_code == target.code, Activity.held_on.between(start, end)))).one()
    own.activities, own.activities_enterprises, own.activities_law, own.attendance = (int(x) for x in act)
    wg = await session.get(WorkGroup, target.code)
    if wg is not None and wg.established_on <= end:
        own.work_group, own.work_group_members = wg.established_on.isoformat(), len(wg.members)
    own.liaison = await session.scalar(select(Liaison.name).where(  # in office at some time in the period
        Liaison.org_code == target.code, Liaison.since <= end,
        (Liaison.ended_on.is_(None)) | (Liaison.ended_on >= start)).order_by(Liaison.since.desc()).limit(1))
    if target.level == "prefecture":
        codes = expected_reports(start, end, today)
        own.reports_expected = len(codes)
        if codes:
            rep = (await session.execute(select(
                func.count().filter(ProgressReport.submitted_at.isnot(None)),
                func.count().filter(ProgressReport.on_time.is_(True)),
            ).where(ProgressReport.org_code == target.code, ProgressReport.period_code.in_(codes)))).one()
            own.reports_submitted, own.reports_on_time = int(rep[0]), int(rep[1])
    children = [n for n in await orgs.all() if n.parent_code == target.code]
    own.subordinates = len(children)
    done = (await session.execute(select(func.count(), func.count(func.distinct(Audit.target_code))).where(
        Audit.auditor_code == target.code, Audit.status == "submitted", Audit.audited_on.between(start, end)))).one()
    own.audits_done, own.subordinates_audited = int(done[0]), int(done[1])
    created_day = cast(func.timezone("Asia/Shanghai", NationalPush.created_at), Date)
    in_period = created_day.between(start, end)
    own.audit_pushes = {s: int(n) for s, n in (await session.execute(
        select(NationalPush.status, func.count()).where(
            NationalPush.record_type == "audit", NationalPush.org_code == target.code, in_period)
        .group_by(NationalPush.status))).all()}
    own.all_pushes = {s: int(n) for s, n in (await session.execute(
        select(NationalPush.status, func.count()).where(under(NationalPush.org_path, target.path), in_period)
        .group_by(NationalPush.status))).all()}
    return own


async def apply_prefill(session: AsyncSession, audit: Audit, items: list[AuditItem], *, source: FigureSource,
                        orgs: OrgDirectory, target: OrgNode, today: dt.date) -> None:
    figures = await source(audit.target_path, audit.period_start, audit.period_end)
    own = await own_figures(session, orgs, target, audit.period_start, audit.period_end, today)
    result = prefill(figures, own)
    for item in items:
        p = result.get(item.code)
        if p is None:  # an item added in a later checklist version that no rule reads
            item.figures, item.suggested, item.basis = [], None, "由督查人员据实判断"
            continue
        item.figures, item.suggested, item.basis = p.figures, p.suggested, p.basis
    audit.prefill_state = {name: "ok" for name in figures.by_service} | figures.unavailable
    audit.prefilled_at = utcnow()


def item_out(item: AuditItem, files: int = 0) -> ItemOut:
    return ItemOut(
        code=item.code, section_no=item.section_no, section=item.section, task=item.task,
        figures=[FigureOut(**f, source_label=SOURCE_LABELS.get(f["source"], f["source"])) for f in item.figures],
        suggested=item.suggested, basis=item.basis, implemented=item.implemented,
        corrected=item.suggested is not None and item.implemented is not None and item.implemented != item.suggested,
        correction_reason=item.correction_reason, highlights=item.highlights, updated_by=item.updated_by,
        updated_at=item.updated_at, files=files)


async def load_audit(session: AsyncSession, principal: Principal, audit_id: uuid.UUID, *, lock: bool = False) -> Audit:
    stmt = select(Audit).where(Audit.id == audit_id)
    if lock:
        stmt = stmt.with_for_update()
    audit = await session.scalar(stmt)
    if audit is None or not principal.covers(audit.target_path):
        raise NotFound("未找到该督查记录", code="AUDIT_NOT_FOUND")
    return audit


def ensure_auditor(principal: Principal, audit: Audit) -> None:
    if principal.org_path != audit.auditor_path:
        raise Forbidden("只有督查单位可以填写或修改该督查记录", code="AUDIT_NOT_AUDITOR")


def ensure_draft(audit: Audit) -> None:
    if audit.status != "draft":
        raise Conflict("督查记录已提交，不能再修改", code="AUDIT_SUBMITTED")


def check_version(audit: Audit, base_version: int | None) -> None:
    if base_version is not None and base_version != audit.version:
        raise Conflict(f"该督查记录已被他人修改（当前版本 {audit.version}），请刷新后再改", code="AUDIT_VERSION_CONFLICT")


async def summaries(session: AsyncSession, audits: list[Audit]) -> list[AuditSummary]:
    ids = [a.id for a in audits]
    counts: dict[uuid.UUID, Any] = {}
    fus: dict[uuid.UUID, int] = {}
    pushes: dict[str, str] = {}
    if ids:
        corrected = (AuditItem.suggested.isnot(None) & AuditItem.implemented.isnot(None)
                     & (AuditItem.suggested != AuditItem.implemented))
        counts = {r[0]: r for r in (await session.execute(select(
            AuditItem.audit_id, func.count(), func.count().filter(AuditItem.implemented.is_(True)),
            func.count().filter(AuditItem.implemented.is_(False)), func.count().filter(corrected),
        ).where(AuditItem.audit_id.in_(ids)).group_by(AuditItem.audit_id))).all()}
        fus = {r[0]: int(r[1]) for r in (await session.execute(select(FollowUp.audit_id, func.count()).where(
            FollowUp.audit_id.in_(ids)).group_by(FollowUp.audit_id))).all()}
        # the newest version's push decides the state shown
        latest = (select(NationalPush.record_id, NationalPush.status,
                         func.row_number().over(partition_by=NationalPush.record_id,
                                                order_by=NationalPush.version.desc()).label("rn"))
                  .where(NationalPush.record_type == "audit", NationalPush.record_id.in_([str(i) for i in ids]))
                  .subquery())
        pushes = {r[0]: r[1] for r in (await session.execute(select(latest.c.record_id, latest.c.status)
                                                             .where(latest.c.rn == 1))).all()}
    out = []
    for a in audits:
        c = counts.get(a.id)
        out.append(AuditSummary(
            id=a.id, number=a.number, auditor_code=a.auditor_code, auditor_name=a.auditor_name,
            target_code=a.target_code, target_name=a.target_name, period_start=a.period_start, period_end=a.period_end,
            audited_on=a.audited_on, status=a.status, status_label=STATUS_LABELS[a.status],
            items_total=int(c[1]) if c else 0, items_implemented=int(c[2]) if c else 0,
            items_not_implemented=int(c[3]) if c else 0, items_corrected=int(c[4]) if c else 0,
            followups=fus.get(a.id, 0), push_status=pushes.get(str(a.id)), submitted_at=a.submitted_at))
    return out


async def audit_out(session: AsyncSession, principal: Principal, audit: Audit) -> AuditOut:
    items = (await session.scalars(select(AuditItem).where(AuditItem.audit_id == audit.id).order_by(AuditItem.sort))).all()
    files = (await files_of(session, "audit", [str(audit.id)])).get(str(audit.id), [])
    per_item: dict[str | None, int] = {}
    for f in files:
        per_item[f.item_code] = per_item.get(f.item_code, 0) + 1
    (summary,) = await summaries(session, [audit])
    return AuditOut(
        **summary.model_dump(), checklist_version=audit.checklist_version, auditors=audit.auditors,
        conclusion=audit.conclusion, prefill_state=audit.prefill_state, prefilled_at=audit.prefilled_at,
        version=audit.version, created_by=audit.created_by, created_at=audit.created_at,
        submitted_by=audit.submitted_by,
        can_edit=audit.status == "draft" and principal.org_path == audit.auditor_path,
        items=[item_out(i, per_item.get(i.code, 0)) for i in items],
        files=[file_out(f) for f in files])


async def push_audit(session: AsyncSession, audit: Audit) -> None:
    items = (await session.scalars(select(AuditItem).where(AuditItem.audit_id == audit.id).order_by(AuditItem.sort))).all()
    await queue_push(
        session, record_type="audit", record_id=audit.id, version=audit.version, org_code=audit.auditor_code,
        org_path=audit.auditor_path, summary=f"{audit.number} {audit.auditor_name}督查{audit.target_name}",
        occurred_at=(audit.submitted_at or utcnow()).isoformat(),
        data={"number": audit.number, "auditor_org_code": audit.auditor_code, "auditor_org_name": audit.auditor_name,
              "target_org_code": audit.target_code, "target_org_name": audit.target_name,
              "period_start": audit.period_start, "period_end": audit.period_end,
              "status": audit.status, "submitted_at": audit.submitted_at, "conclusion": audit.conclusion,
              "items": [{"code": i.code, "section": i.section, "task": i.task, "implemented": i.implemented,
                         "suggested": i.suggested, "highlights": i.highlights,
                         "figures": [{"label": f["label"], "value": f["value"], "unit": f["unit"],
                                      "source": f["source"]} for f in i.figures]} for i in items]})


