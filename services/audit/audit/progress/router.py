"""/v1/progress: half-monthly progress reports of the prefecture bureaus and 拉萨经开区 to the
region's leading group, dispatch meetings (调度会) with their agreed items, the work ledger
(工作台账) that tracks those items and the follow-up documents, and briefings (工作简报)
compiled from the reports (附件1 三、工作规则)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from fastapi import Query, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.audits.service import next_number
from audit.deps import OrgsDep, RegionStaff, Regulator, known_org, own_org
from audit.documents import KIND_LABELS, docx_from_blocks, pdf_from_blocks
from audit.models import Briefing, Decision, FollowUp, Meeting, ProgressReport
from audit.national.queue import queue_push
from audit.periods import half_label, half_month
from servicekit import reminders
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, utcnow
from servicekit.downloads import disposition
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.orgs import OrgDirectory, OrgNode
from servicekit.xlsx import XlsxStream, xlsx_response

router = make_router(prefix="/v1/progress", tags=["progress"])
REPORT_STATUS = {"missing": "未报送", "draft": "草稿", "submitted": "已报送", "returned": "已退回"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- half-monthly reports -----------------------------------------------------------------------
class ReportIn(BaseModel):
    progress: str = Field(min_length=10, max_length=8000, description="工作进展")
    highlights: str | None = Field(default=None, max_length=8000, description="经验做法、亮点成效")
    difficulties: str | None = Field(default=None, max_length=8000, description="存在的困难和问题")
    next_plan: str | None = Field(default=None, max_length=8000, description="下一步工作计划")
    base_version: int | None = None


class ReportOut(BaseModel):
    id: uuid.UUID | None
    org_code: str
    org_name: str
    period_code: str
    period_label: str
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    status: str
    status_label: str
    overdue: bool
    on_time: bool | None
    progress: str | None = None
    highlights: str | None = None
    difficulties: str | None = None
    next_plan: str | None = None
    return_comment: str | None = None
    version: int = 0
    submitted_at: dt.datetime | None = None
    submitted_by: str | None = None


def _report(node: OrgNode, code: str, r: ProgressReport | None, today: dt.date) -> ReportOut:
    start, end = half_month(code)
    status = r.status if r else "missing"
    return ReportOut(
        id=r.id if r else None, org_code=node.code, org_name=node.name, period_code=code, period_label=half_label(code),
        period_start=start, period_end=end, due_on=end, status=status, status_label=REPORT_STATUS[status],
        overdue=(r is None or r.submitted_at is None) and end < today, on_time=r.on_time if r else None,
        progress=r.progress if r else None, highlights=r.highlights if r else None,
        difficulties=r.difficulties if r else None, next_plan=r.next_plan if r else None,
        return_comment=r.return_comment if r else None, version=r.version if r else 0,
        submitted_at=r.submitted_at if r else None, submitted_by=r.submitted_by if r else None)


async def _reporting_orgs(orgs: OrgDirectory, principal: Principal) -> list[OrgNode]:
    return sorted([n for n in await orgs.all() if n.level == "prefecture" and principal.covers(n.path)],
                  key=lambda n: n.code)


async def _reporter(orgs: OrgDirectory, principal: Principal) -> OrgNode:
    me = await own_org(orgs, principal)
    if me.level != "prefecture" or not principal.has_any_role({"prefecture_officer"}):
        raise Forbidden("半月进展报告由各地（市）局、拉萨经开区局报送", code="REPORT_NOT_REPORTER")
    return me


@router.get("/reports", response_model=list[ReportOut], operation_id="report_period",
            summary="某半月各地（市）局、经开区局的进展报告（含未报送的）")
async def report_period(principal: Regulator, session: SessionDep, orgs: OrgsDep, today: TodayDep,
                        period_code: Annotated[str, Query(max_length=12, description="如 2026-11-H1")]) -> list[ReportOut]:
    half_month(period_code)
    nodes = await _reporting_orgs(orgs, principal)
    rows = {r.org_code: r for r in (await session.scalars(select(ProgressReport).where(
        ProgressReport.period_code == period_code, jurisdiction_filter(ProgressReport.org_path, principal)))).all()}
    hide_drafts = lambda r, n: r if r is None or r.status != "draft" or principal.org_path == n.path else None  # noqa: E731
    return [_report(n, period_code, hide_drafts(rows.get(n.code), n), today) for n in nodes]


@router.put("/reports/{period_code}", response_model=ReportOut, operation_id="report_save",
            summary="保存本单位的半月进展报告（草稿，或修改被退回的报告）")
async def report_save(period_code: str, body: ReportIn, principal: Regulator, session: SessionDep, orgs: OrgsDep,
                      today: TodayDep) -> ReportOut:
    me = await _reporter(orgs, principal)
    start, end = half_month(period_code)
    if start > today:
        raise InvalidInput("该报告期尚未开始", code="PERIOD_NOT_STARTED")
    r = await session.scalar(select(ProgressReport).where(ProgressReport.org_code == me.code,
                                                          ProgressReport.period_code == period_code).with_for_update())
    data = body.model_dump(exclude={"base_version"})
    if r is None:
        r = ProgressReport(id=uuid.uuid4(), org_code=me.code, org_path=me.path, org_name=me.name,
                           period_code=period_code, period_start=start, period_end=end, due_on=end, status="draft",
                           version=1, created_by=principal.username, **data)
        session.add(r)
        before = None
    else:
        if r.status == "submitted":
            raise Conflict("报告已报送；如需修改，请区局退回后再改", code="REPORT_SUBMITTED")
        if body.base_version is not None and body.base_version != r.version:
            raise Conflict("报告已被他人修改，请刷新后再改", code="REPORT_VERSION_CONFLICT")
        before = {k: getattr(r, k) for k in data}
        for k, v in data.items():
            setattr(r, k, v)
        r.version += 1
        r.updated_at = utcnow()
    await session.flush()
    await record_change(session, actor=principal, action="update" if before else "create", entity_type="progress_report",
                        entity_id=r.id, before=before, after=data, org_path=me.path)
    return _report(me, period_code, r, today)


@router.post("/reports/{period_code}/submit", response_model=ReportOut, operation_id="report_submit",
             summary="报送本单位的半月进展报告")
async def report_submit(period_code: str, principal: Regulator, session: SessionDep, orgs: OrgsDep,
                        today: TodayDep) -> ReportOut:
    me = await _reporter(orgs, principal)
    half_month(period_code)
    r = await session.scalar(select(ProgressReport).where(ProgressReport.org_code == me.code,
                                                          ProgressReport.period_code == period_code).with_for_update())
    if r is None:
        raise InvalidInput("请先填写报告再报送", code="REPORT_EMPTY")
    if r.status == "submitted":
        return _report(me, period_code, r, today)
    if r.on_time is None:  # timeliness is the first submission's
        r.on_time = today <= r.due_on
    r.status, r.submitted_at, r.submitted_by, r.return_comment = "submitted", utcnow(), principal.username, None
    r.version += 1
    await reminders.resolve(session, "report_due", f"{me.code}:{period_code}")
    await record_change(session, actor=principal, action="submit", entity_type="progress_report", entity_id=r.id,
                        after={"on_time": r.on_time}, org_path=me.path)
    await queue_push(session, record_type="progress_report", record_id=r.id, version=r.version, org_code=me.code,
                     org_path=me.path, summary=f"{me.name} {half_label(period_code)}进展报告",
                     occurred_at=r.submitted_at.isoformat(),
                     data={"org_code": me.code, "period_code": period_code, "progress": r.progress,
                           "highlights": r.highlights, "difficulties": r.difficulties, "next_plan": r.next_plan,
                           "submitted_at": r.submitted_at, "on_time": r.on_time})
    return _report(me, period_code, r, today)


class CommentIn(BaseModel):
    comment: str = Field(min_length=2, max_length=2000)


@router.post("/reports/{period_code}/{org_code}/return", response_model=ReportOut, operation_id="report_return",
             summary="区局退回报告（内容不全），请重新报送")
async def report_return(period_code: str, org_code: str, body: CommentIn, principal: RegionStaff, session: SessionDep,
                        orgs: OrgsDep, today: TodayDep) -> ReportOut:
    node = await known_org(orgs, org_code)
    r = await session.scalar(select(ProgressReport).where(ProgressReport.org_code == org_code,
                                                          ProgressReport.period_code == period_code).with_for_update())
    if r is None or r.status != "submitted":
        raise Conflict("只有已报送的报告可以退回", code="REPORT_STATE")
    r.status, r.return_comment, r.version = "returned", body.comment, r.version + 1
    await record_change(session, actor=principal, action="return", entity_type="progress_report", entity_id=r.id,
                        after={"comment": body.comment}, org_path=r.org_path, reason=body.comment)
    return _report(node, period_code, r, today)


# --- dispatch meetings and their agreed items ---------------------------------------------------
class DecisionIn(BaseModel):
    content: str = Field(min_length=4, max_length=2000, description="议定事项")
    owner_code: str = Field(min_length=6, max_length=20, description="责任单位")
    owner_person: str | None = Field(default=None, max_length=60, description="责任人")
    due_on: dt.date


class MeetingIn(BaseModel):
    held_on: dt.date
    title: str | None = Field(default=None, max_length=200)
    chair: str | None = Field(default=None, max_length=60, description="主持人")
    attendees: str | None = Field(default=None, max_length=2000)
    period_code: str | None = Field(default=None, max_length=12, description="听取的半月报告期")
    minutes: str = Field(min_length=10, max_length=20000, description="会议纪要")
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=100)


class DecisionOut(BaseModel):
    id: uuid.UUID
    meeting_id: uuid.UUID
    meeting_title: str | None = None
    content: str
    owner_code: str
    owner_name: str
    owner_person: str | None
    due_on: dt.date
    status: str
    overdue: bool
    done_note: str | None
    done_at: dt.datetime | None
    done_by: str | None


class MeetingOut(BaseModel):
    id: uuid.UUID
    seq: int
    year: int
    held_on: dt.date
    title: str
    chair: str | None
    attendees: str | None
    period_code: str | None
    minutes: str
    created_by: str
    decisions: list[DecisionOut]


def _decision(d: Decision, today: dt.date, title: str | None = None) -> DecisionOut:
    return DecisionOut(id=d.id, meeting_id=d.meeting_id, meeting_title=title, content=d.content, owner_code=d.owner_code,
                       owner_name=d.owner_name, owner_person=d.owner_person, due_on=d.due_on, status=d.status,
                       overdue=d.status == "open" and d.due_on < today, done_note=d.done_note, done_at=d.done_at,
                       done_by=d.done_by)


async def _meetings_out(session: AsyncSession, meetings: list[Meeting], today: dt.date,
                        principal: Principal) -> list[MeetingOut]:
    """Meetings with their agreed items (one query for all of them); a bureau sees the items it owns."""
    by_meeting: dict[uuid.UUID, list[Decision]] = {}
    if meetings:
        for d in (await session.scalars(select(Decision).where(Decision.meeting_id.in_([m.id for m in meetings]))
                                        .order_by(Decision.sort))).all():
            by_meeting.setdefault(d.meeting_id, []).append(d)
    return [_meeting_out(m, by_meeting.get(m.id, []), today, principal) for m in meetings]


def _meeting_out(m: Meeting, ds: list[Decision], today: dt.date, principal: Principal) -> MeetingOut:
    return MeetingOut(id=m.id, seq=m.seq, year=m.year, held_on=m.held_on, title=m.title, chair=m.chair,
                      attendees=m.attendees, period_code=m.period_code, minutes=m.minutes, created_by=m.created_by,
                      decisions=[_decision(d, today) for d in ds if principal.covers(d.owner_path)
                                 or principal.covers(m.org_path)])


@router.post("/meetings", response_model=MeetingOut, status_code=201, operation_id="meeting_add",
             summary="登记工作调度会议及其议定事项（责任单位、责任人、完成时限）")
async def meeting_add(body: MeetingIn, principal: RegionStaff, session: SessionDep, orgs: OrgsDep,
                      today: TodayDep) -> MeetingOut:
    me = await own_org(orgs, principal)
    if body.held_on > today:
        raise InvalidInput("会议日期不能晚于今天", code="DATE_IN_FUTURE")
    if body.period_code:
        half_month(body.period_code)
    owners = []
    for d in body.decisions:
        node = await known_org(orgs, d.owner_code)
        principal.ensure_covers(node.path)
        if d.due_on < body.held_on:
            raise InvalidInput("议定事项的完成时限不能早于会议日期", code="DECISION_DUE_BEFORE_MEETING")
        owners.append(node)
    seq = await next_number(session, f"M:{me.code}", body.held_on.year)
    m = Meeting(id=uuid.uuid4(), org_code=me.code, org_path=me.path, seq=seq, year=body.held_on.year,
                held_on=body.held_on, title=body.title or f"{body.held_on.year}年第{seq}次推进“两个规定”落实工作调度会议",
                chair=body.chair, attendees=body.attendees, period_code=body.period_code, minutes=body.minutes,
                created_by=principal.username)
    session.add(m)
    await session.flush()
    for i, (d, node) in enumerate(zip(body.decisions, owners, strict=True)):
        session.add(Decision(id=uuid.uuid4(), meeting_id=m.id, sort=i, content=d.content, owner_code=node.code,
                             owner_path=node.path, owner_name=node.name, owner_person=d.owner_person, due_on=d.due_on))
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="meeting", entity_id=m.id,
                        after=body.model_dump(), org_path=me.path)
    return (await _meetings_out(session, [m], today, principal))[0]


@router.get("/meetings", response_model=list[MeetingOut], operation_id="meeting_list", summary="工作调度会议")
async def meeting_list(principal: Regulator, session: SessionDep, today: TodayDep,
                       year: Annotated[int | None, Query(ge=2000, le=2099)] = None) -> list[MeetingOut]:
    stmt = select(Meeting).order_by(Meeting.held_on.desc())
    if year:
        stmt = stmt.where(Meeting.year == year)
    return await _meetings_out(session, list((await session.scalars(stmt)).all()), today, principal)


class DoneIn(BaseModel):
    note: str = Field(min_length=2, max_length=2000, description="落实情况")


@router.post("/decisions/{decision_id}/done", response_model=DecisionOut, operation_id="decision_done",
             summary="责任单位报告议定事项已落实")
async def decision_done(decision_id: uuid.UUID, body: DoneIn, principal: Regulator, session: SessionDep,
                        today: TodayDep) -> DecisionOut:
    d = await session.scalar(select(Decision).where(Decision.id == decision_id).with_for_update())
    if d is None or not principal.covers(d.owner_path):
        raise NotFound("未找到该议定事项", code="DECISION_NOT_FOUND")
    if principal.org_path != d.owner_path and not principal.has_any_role({"region_admin", "region_officer"}):
        raise Forbidden("只有责任单位或区局可以销号", code="DECISION_NOT_OWNER")
    if d.status == "done":
        raise Conflict("该事项已销号", code="DECISION_DONE")
    d.status, d.done_note, d.done_at, d.done_by = "done", body.note, utcnow(), principal.username
    await reminders.resolve(session, "decision_due", d.id)
    await record_change(session, actor=principal, action="done", entity_type="meeting_decision", entity_id=d.id,
                        after={"note": body.note}, org_path=d.owner_path)
    return _decision(d, today)


# --- work ledger ----------------------------------------------------------------------------------
class LedgerRow(BaseModel):
    source: Literal["decision", "followup"]
    source_label: str
    id: uuid.UUID
    reference: str
    content: str
    owner_code: str
    owner_name: str
    due_on: dt.date | None
    status: Literal["open", "done"]
    status_label: str
    overdue: bool
    done_at: dt.datetime | None


async def ledger_rows(session: AsyncSession, principal: Principal, today: dt.date, status: str | None,
                      owner_code: str | None) -> list[LedgerRow]:
    rows: list[LedgerRow] = []
    dq = select(Decision, Meeting.title).join(Meeting, Meeting.id == Decision.meeting_id).where(
        jurisdiction_filter(Decision.owner_path, principal))
    fq = select(FollowUp).where(jurisdiction_filter(FollowUp.target_path, principal))
    if owner_code:
        dq, fq = dq.where(Decision.owner_code == owner_code), fq.where(FollowUp.target_code == owner_code)
    for d, title in (await session.execute(dq)).all():
        rows.append(LedgerRow(source="decision", source_label="调度会议定事项", id=d.id, reference=title,
                              content=d.content, owner_code=d.owner_code, owner_name=d.owner_name, due_on=d.due_on,
                              status=d.status, status_label="已销号" if d.status == "done" else "办理中",
                              overdue=d.status == "open" and d.due_on < today, done_at=d.done_at))
    for f in (await session.scalars(fq)).all():
        open_ = f.status != "closed"
        rows.append(LedgerRow(source="followup", source_label=KIND_LABELS[f.kind], id=f.id, reference=f.number,
                              content=f.title, owner_code=f.target_code, owner_name=f.target_name, due_on=f.due_on,
                              status="open" if open_ else "done",
                              status_label={"issued": "待反馈", "answered": "已反馈待审核", "closed": "已办结"}[f.status],
                              overdue=f.status == "issued" and f.due_on is not None and f.due_on < today,
                              done_at=f.closed_at))
    if status == "overdue":
        rows = [r for r in rows if r.overdue]
    elif status in ("open", "done"):
        rows = [r for r in rows if r.status == status]
    rows.sort(key=lambda r: (r.status != "open", not r.overdue, r.due_on or dt.date.max, r.reference))
    return rows


@router.get("/ledger", response_model=list[LedgerRow], operation_id="ledger",
            summary="工作台账：调度会议定事项和督办文书的办理情况（本辖区）")
async def ledger(principal: Regulator, session: SessionDep, today: TodayDep,
                 status: Literal["open", "done", "overdue"] | None = None,
                 owner_code: Annotated[str | None, Query(max_length=20)] = None) -> list[LedgerRow]:
    return await ledger_rows(session, principal, today, status, owner_code)


@router.get("/ledger.xlsx", operation_id="ledger_export", summary="导出工作台账（xlsx）", response_class=Response,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
async def ledger_export(principal: Regulator, session: SessionDep, today: TodayDep,
                        status: Literal["open", "done", "overdue"] | None = None,
                        owner_code: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    rows = await ledger_rows(session, principal, today, status, owner_code)
    book = XlsxStream()
    ws, n = book.sheet("工作台账", ["序号", "来源", "依据", "事项", "责任单位", "完成时限", "办理状态", "是否逾期"],
                       [6, 16, 36, 60, 30, 12, 14, 10], title=f"推进“两个规定”落实工作台账（截至{today:%Y年%m月%d日}）")
    for i, r in enumerate(rows, start=1):
        book.write_row(ws, n, [i, r.source_label, r.reference, r.content, r.owner_name,
                               r.due_on.isoformat() if r.due_on else "", r.status_label, "逾期" if r.overdue else ""])
        n += 1
    return xlsx_response(book.finish(), f"工作台账-{today.isoformat()}.xlsx")


# --- briefings ------------------------------------------------------------------------------------
class BriefingIn(BaseModel):
    period_code: str = Field(max_length=12, description="汇编哪一期半月报告，如 2026-11-H1")
    title: str | None = Field(default=None, max_length=200)


class BriefingPatch(BaseModel):
    title: str | None = Field(default=None, min_length=2, max_length=200)
    text: str | None = Field(default=None, min_length=10, max_length=50000)
    base_version: int | None = None


class BriefingOut(BaseModel):
    id: uuid.UUID
    year: int
    issue_no: int
    title: str
    period_code: str
    period_label: str
    text: str
    status: str
    version: int
    created_by: str
    published_at: dt.datetime | None


def _briefing(b: Briefing) -> BriefingOut:
    return BriefingOut(id=b.id, year=b.year, issue_no=b.issue_no, title=b.title, period_code=b.period_code,
                       period_label=half_label(b.period_code), text=b.text, status=b.status, version=b.version,
                       created_by=b.created_by, published_at=b.published_at)


def compile_briefing(period_code: str, nodes: list[OrgNode], reports: dict[str, ProgressReport]) -> str:
    submitted = [n for n in nodes if n.code in reports]
    on_time = sum(1 for n in submitted if reports[n.code].on_time)
    lines = [f"本期汇编{half_label(period_code)}各地（市）局、拉萨经开区局推进“两个规定”落实工作进展。"
             f"应报 {len(nodes)} 家，已报 {len(submitted)} 家，按时报送 {on_time} 家。"]
    missing = [n.short_name or n.name for n in nodes if n.code not in reports]
    if missing:
        lines.append(f"未报送：{'、'.join(missing)}。")
    for heading, attr in [("一、工作进展", "progress"), ("二、经验做法", "highlights"), ("三、存在的困难和问题", "difficulties"),
                          ("四、下一步工作", "next_plan")]:
        lines.append(heading)
        parts = [(n.short_name or n.name, getattr(reports[n.code], attr)) for n in submitted]
        parts = [(name, text) for name, text in parts if text and text.strip()]
        lines += [f"{name}：{text.strip()}" for name, text in parts] or ["（本期无）"]
    return "\n".join(lines)


@router.post("/briefings", response_model=BriefingOut, status_code=201, operation_id="briefing_compile",
             summary="从某期半月报告汇编一期工作简报（草稿，可修改后发布）")
async def briefing_compile(body: BriefingIn, principal: RegionStaff, session: SessionDep, orgs: OrgsDep,
                           today: TodayDep) -> BriefingOut:
    if half_month(body.period_code)[0] > today:
        raise InvalidInput("该报告期尚未开始", code="PERIOD_NOT_STARTED")
    nodes = await _reporting_orgs(orgs, principal)
    reports = {r.org_code: r for r in (await session.scalars(select(ProgressReport).where(
        ProgressReport.period_code == body.period_code, ProgressReport.status == "submitted"))).all()}
    if not reports:
        raise InvalidInput("该期还没有已报送的进展报告，无法汇编", code="BRIEFING_NO_REPORTS")
    year = today.year
    issue_no = await next_number(session, "B:540000", year)
    b = Briefing(id=uuid.uuid4(), year=year, issue_no=issue_no,
                 title=body.title or f"推进“两个规定”落实工作简报（{year}年第{issue_no}期）",
                 period_code=body.period_code, text=compile_briefing(body.period_code, nodes, reports), status="draft",
                 version=1, created_by=principal.username)
    session.add(b)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="briefing", entity_id=b.id,
                        after={"period": body.period_code, "issue_no": issue_no})
    return _briefing(b)


@router.get("/briefings", response_model=list[BriefingOut], operation_id="briefing_list", summary="工作简报")
async def briefing_list(principal: Regulator, session: SessionDep) -> list[BriefingOut]:
    stmt = select(Briefing).order_by(Briefing.year.desc(), Briefing.issue_no.desc())
    if not principal.has_any_role({"region_admin", "region_officer"}):
        stmt = stmt.where(Briefing.status == "published")
    return [_briefing(b) for b in (await session.scalars(stmt)).all()]


async def _load_briefing(session: AsyncSession, principal: Principal, bid: uuid.UUID) -> Briefing:
    b = await session.get(Briefing, bid, with_for_update=True)
    if b is None or (b.status != "published" and not principal.has_any_role({"region_admin", "region_officer"})):
        raise NotFound("未找到该简报", code="BRIEFING_NOT_FOUND")
    return b


@router.patch("/briefings/{briefing_id}", response_model=BriefingOut, operation_id="briefing_update",
              summary="修改简报（发布前）")
async def briefing_update(briefing_id: uuid.UUID, body: BriefingPatch, principal: RegionStaff,
                          session: SessionDep) -> BriefingOut:
    b = await _load_briefing(session, principal, briefing_id)
    if b.status == "published":
        raise Conflict("简报已发布，不能修改", code="BRIEFING_PUBLISHED")
    if body.base_version is not None and body.base_version != b.version:
        raise Conflict("简报已被他人修改，请刷新后再改", code="BRIEFING_VERSION_CONFLICT")
    before = {"title": b.title, "text": b.text}
    if body.title:
        b.title = body.title
    if body.text:
        b.text = body.text
    b.version += 1
    await record_change(session, actor=principal, action="update", entity_type="briefing", entity_id=b.id,
                        before=before, after={"title": b.title, "text": b.text})
    return _briefing(b)


@router.post("/briefings/{briefing_id}/publish", response_model=BriefingOut, operation_id="briefing_publish",
             summary="发布简报（全区可见，并归集到总局平台）")
async def briefing_publish(briefing_id: uuid.UUID, principal: RegionStaff, session: SessionDep,
                           orgs: OrgsDep) -> BriefingOut:
    b = await _load_briefing(session, principal, briefing_id)
    if b.status == "published":
        return _briefing(b)
    me = await own_org(orgs, principal)
    b.status, b.published_at, b.version = "published", utcnow(), b.version + 1
    await record_change(session, actor=principal, action="publish", entity_type="briefing", entity_id=b.id,
                        after={"status": "published"})
    await queue_push(session, record_type="briefing", record_id=b.id, version=b.version, org_code=me.code,
                     org_path=me.path, summary=b.title, occurred_at=b.published_at.isoformat(),
                     data={"issue_no": b.issue_no, "title": b.title, "period_code": b.period_code,
                           "published_at": b.published_at, "text": b.text})
    return _briefing(b)


def briefing_blocks(b: Briefing) -> list[tuple[str, str]]:
    out = [("title", "工作简报"), ("number", f"{b.year}年第{b.issue_no}期"), ("subject", b.title)]
    for line in b.text.splitlines():
        if not line.strip():
            continue
        out.append(("heading" if line[:2] in {"一、", "二、", "三、", "四、"} else "body", line))
    out += [("sign", "西藏自治区市场监督管理局推进“两个规定”落实工作领导小组办公室"),
            ("sign", f"{(b.published_at or utcnow()).date():%Y年%m月%d日}")]
    return out


@router.get("/briefings/{briefing_id}/document.{fmt}", operation_id="briefing_document", summary="下载简报（docx 或 PDF）",
            response_class=Response, responses={200: {"content": {DOCX: {}, "application/pdf": {}}}})
async def briefing_document(briefing_id: uuid.UUID, fmt: Literal["docx", "pdf"], principal: Regulator,
                            session: SessionDep) -> Response:
    b = await _load_briefing(session, principal, briefing_id)
    name = f"工作简报-{b.year}年第{b.issue_no}期.{fmt}"
    if fmt == "docx":
        return Response(docx_from_blocks(briefing_blocks(b), b.title), media_type=DOCX, headers=disposition(name))
    return Response(pdf_from_blocks(briefing_blocks(b), b.title, "西藏自治区市场监督管理局"), media_type="application/pdf",
                    headers=disposition(name, inline=True))
