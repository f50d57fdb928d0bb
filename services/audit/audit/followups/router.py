"""/v1/followups: 敦促提醒函、整改通知书、约谈、通报 issued by an upper bureau to a lower one,
numbered (藏市监督〔2026〕N号), generated as docx and PDF, answered by the lower bureau and closed
by the issuer; overdue answers are listed."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any, Literal

from fastapi import File, Query, Response, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import extract, select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.audits.schemas import FileOut
from audit.audits.service import next_number
from audit.deps import Bureau, OrgsDep, Regulator, own_org, subordinate
from audit.documents import KIND_LABELS, to_docx, to_pdf
from audit.files import download, file_out, files_of, owned_file, store_file
from audit.models import Audit, AuditFile, DocumentPrefix, FollowUp
from audit.national.queue import queue_push
from audit.reminders import answer_due
from servicekit import reminders
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, utcnow
from servicekit.downloads import disposition
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.orgs import OrgNode
from servicekit.outbox import emit
from servicekit.pagination import Page, PageDep, paginate
from servicekit.reminders import ReminderItem

router = make_router(prefix="/v1", tags=["followups"])
Kind = Literal["reminder_letter", "rectification_notice", "interview", "circular"]
STATUS_LABELS = {"issued": "待反馈", "answered": "已反馈待审核", "closed": "已办结"}
NEEDS_DUE = {"reminder_letter", "rectification_notice"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class InterviewIn(BaseModel):
    held_at: str = Field(min_length=4, max_length=40, description="约谈时间，如 2026年11月20日上午10时")
    place: str = Field(min_length=2, max_length=100)
    interviewers: str = Field(min_length=2, max_length=200, description="约谈人")
    interviewees: str = Field(min_length=2, max_length=200, description="被约谈人（姓名、职务）")
    record: str | None = Field(default=None, max_length=8000, description="约谈情况记录")


class FollowUpIn(BaseModel):
    id: uuid.UUID | None = Field(default=None, description="客户端生成的编号：重复提交不会重复发文")
    kind: Kind
    target_code: str = Field(min_length=6, max_length=20, description="发往的直属下级市场监管部门")
    audit_id: uuid.UUID | None = Field(default=None, description="依据的督查记录")
    title: str | None = Field(default=None, max_length=200, description="标题；不填则按类别生成")
    findings: str = Field(min_length=4, max_length=8000, description="发现的问题 / 约谈事由 / 通报事项")
    requirements: str = Field(min_length=4, max_length=8000, description="整改要求 / 工作要求")
    issued_on: dt.date | None = None
    due_on: dt.date | None = Field(default=None, description="书面反馈期限（提醒函、整改通知书必填）")
    interview: InterviewIn | None = None


class AnswerIn(BaseModel):
    answer: str = Field(min_length=4, max_length=8000, description="整改落实情况")


class CommentIn(BaseModel):
    comment: str = Field(min_length=2, max_length=2000)


class PrefixIn(BaseModel):
    prefix: str = Field(min_length=2, max_length=20, pattern=r"^[\u4e00-\u9fa5A-Za-z]+$", description="发文字号前缀，如 藏市监督")


class FollowUpOut(BaseModel):
    id: uuid.UUID
    kind: str
    kind_label: str
    number: str
    title: str
    audit_id: uuid.UUID | None
    audit_number: str | None = None
    issuer_code: str
    issuer_name: str
    target_code: str
    target_name: str
    findings: str
    requirements: str
    interview: dict[str, Any] | None
    issued_on: dt.date
    due_on: dt.date | None
    status: str
    status_label: str
    overdue: bool = Field(description="超过反馈期限仍未反馈")
    days_overdue: int = 0
    answer: str | None
    answered_at: dt.datetime | None
    answered_by: str | None
    history: list[dict[str, Any]]
    closed_at: dt.datetime | None
    closed_by: str | None
    closing_note: str | None
    version: int
    can_answer: bool = False
    can_review: bool = False
    files: list[FileOut] = []


def default_prefix(node: OrgNode) -> str:
    """藏市监督 for the region; 拉萨市监督 for a city, 阿里地区市监督, 城关区市监督 for the others."""
    if node.level == "region":
        return "藏市监督"
    short = node.short_name or node.name.replace("市场监督管理局", "")
    return f"{re.sub(r'市$', '', short)}市监督"


def _out(f: FollowUp, principal: Principal, today: dt.date, files: list[AuditFile] | None = None,
         audit_number: str | None = None) -> FollowUpOut:
    overdue = f.status == "issued" and f.due_on is not None and f.due_on < today
    return FollowUpOut(
        id=f.id, kind=f.kind, kind_label=KIND_LABELS[f.kind], number=f.number, title=f.title, audit_id=f.audit_id,
        audit_number=audit_number, issuer_code=f.issuer_code, issuer_name=f.issuer_name, target_code=f.target_code,
        target_name=f.target_name, findings=f.findings, requirements=f.requirements, interview=f.interview,
        issued_on=f.issued_on, due_on=f.due_on, status=f.status, status_label=STATUS_LABELS[f.status], overdue=overdue,
        days_overdue=(today - f.due_on).days if overdue and f.due_on else 0, answer=f.answer, answered_at=f.answered_at,
        answered_by=f.answered_by, history=f.history, closed_at=f.closed_at, closed_by=f.closed_by,
        closing_note=f.closing_note, version=f.version,
        can_answer=f.status == "issued" and principal.org_path == f.target_path,
        can_review=f.status == "answered" and principal.org_path == f.issuer_path,
        files=[file_out(x) for x in files or []])


async def _load(session: AsyncSession, principal: Principal, fid: uuid.UUID, *, lock: bool = False) -> FollowUp:
    stmt = select(FollowUp).where(FollowUp.id == fid)
    f = await session.scalar(stmt.with_for_update() if lock else stmt)
    if f is None or not principal.covers(f.target_path):
        raise NotFound("未找到该督办文书", code="FOLLOWUP_NOT_FOUND")
    return f


async def _files(session: AsyncSession, f: FollowUp) -> list[AuditFile]:
    return (await files_of(session, "followup", [str(f.id)])).get(str(f.id), [])


async def _push(session: AsyncSession, f: FollowUp) -> None:
    await queue_push(session, record_type="followup", record_id=f.id, version=f.version, org_code=f.issuer_code,
                     org_path=f.issuer_path, summary=f"{KIND_LABELS[f.kind]} {f.number} → {f.target_name}",
                     occurred_at=utcnow().isoformat(),
                     data={"kind": f.kind, "number": f.number, "title": f.title, "issuer_org_code": f.issuer_code,
                           "target_org_code": f.target_code, "issued_on": f.issued_on, "due_on": f.due_on,
                           "status": f.status, "answered_at": f.answered_at, "closed_at": f.closed_at,
                           "audit_id": f.audit_id})


@router.post("/followups", response_model=FollowUpOut, status_code=201, operation_id="followup_issue",
             summary="发出督办文书（敦促提醒函、整改通知书、约谈记录、通报），自动编号")
async def followup_issue(body: FollowUpIn, principal: Bureau, session: SessionDep, orgs: OrgsDep, today: TodayDep,
                         response: Response) -> FollowUpOut:
    if body.id is not None and (existing := await session.get(FollowUp, body.id)) is not None:
        if existing.created_by != principal.username:
            raise Conflict("该编号已被使用", code="FOLLOWUP_ID_TAKEN")
        response.status_code = 200
        return _out(existing, principal, today, await _files(session, existing))
    issuer, target = await subordinate(orgs, principal, body.target_code)
    issued_on = body.issued_on or today
    if issued_on > today:
        raise InvalidInput("发文日期不能晚于今天", code="DATE_IN_FUTURE")
    if body.kind in NEEDS_DUE and body.due_on is None:
        raise InvalidInput(f"{KIND_LABELS[body.kind]}须设定书面反馈期限", code="FOLLOWUP_DUE_REQUIRED")
    if body.due_on is not None and body.due_on <= issued_on:
        raise InvalidInput("反馈期限须晚于发文日期", code="FOLLOWUP_DUE_BEFORE_ISSUE")
    if body.kind == "interview" and body.interview is None:
        raise InvalidInput("约谈记录须填写约谈时间、地点、约谈人和被约谈人", code="FOLLOWUP_INTERVIEW_REQUIRED")
    audit_number = None
    if body.audit_id is not None:
        audit = await session.get(Audit, body.audit_id)
        if audit is None or audit.auditor_code != issuer.code:
            raise InvalidInput("依据的督查记录不存在或不是本单位的督查", code="FOLLOWUP_AUDIT_UNKNOWN")
        if audit.target_code != target.code:
            raise InvalidInput("依据的督查记录的督查对象与发往单位不一致", code="FOLLOWUP_AUDIT_TARGET")
        if audit.status != "submitted":
            raise InvalidInput("依据的督查记录尚未提交，请先提交督查记录", code="FOLLOWUP_AUDIT_DRAFT")
        audit_number = audit.number
    prefix = await session.get(DocumentPrefix, issuer.code)
    seq = await next_number(session, issuer.code, issued_on.year)
    number = f"{prefix.prefix if prefix else default_prefix(issuer)}〔{issued_on.year}〕{seq}号"
    f = FollowUp(
        id=body.id or uuid.uuid4(), kind=body.kind, number=number, year=issued_on.year, seq=seq, audit_id=body.audit_id,
        issuer_code=issuer.code, issuer_path=issuer.path, issuer_name=issuer.name, target_code=target.code,
        target_path=target.path, target_name=target.name,
        title=(body.title or "").strip() or f"关于{target.name}落实“两个规定”有关问题的{KIND_LABELS[body.kind]}",
        findings=body.findings.strip(), requirements=body.requirements.strip(),
        interview=body.interview.model_dump() if body.interview else None, issued_on=issued_on, due_on=body.due_on,
        status="issued", history=[], version=1, created_by=principal.username)
    session.add(f)
    await session.flush()
    await record_change(session, actor=principal, action="issue", entity_type="followup", entity_id=f.id,
                        after={"kind": f.kind, "number": number, "target": target.code, "due_on": f.due_on},
                        org_path=target.path)
    await _push(session, f)
    await emit(session, "followup.issued", {"followup_id": f.id, "kind": f.kind, "number": number,
                                            "target_code": target.code, "due_on": f.due_on}, org_path=target.path)
    return _out(f, principal, today, [], audit_number)


@router.get("/followups", response_model=Page[FollowUpOut], operation_id="followup_list",
            summary="督办文书（本辖区；可只看逾期未反馈的）")
async def followup_list(
    principal: Regulator, session: SessionDep, page: PageDep, today: TodayDep,
    kind: Kind | None = None, status: Literal["issued", "answered", "closed"] | None = None,
    overdue: Annotated[bool, Query(description="只看超过反馈期限仍未反馈的")] = False,
    target_code: Annotated[str | None, Query(max_length=20)] = None,
    audit_id: uuid.UUID | None = None,
    direction: Annotated[Literal["all", "issued", "received"], Query(description="本单位发出的 / 收到的")] = "all",
    year: Annotated[int | None, Query(ge=2000, le=2099)] = None,
) -> Page[FollowUpOut]:
    stmt = select(FollowUp).where(jurisdiction_filter(FollowUp.target_path, principal))
    if kind:
        stmt = stmt.where(FollowUp.kind == kind)
    if status:
        stmt = stmt.where(FollowUp.status == status)
    if overdue:
        stmt = stmt.where(FollowUp.status == "issued", FollowUp.due_on < today)
    if target_code:
        stmt = stmt.where(FollowUp.target_code == target_code)
    if audit_id:
        stmt = stmt.where(FollowUp.audit_id == audit_id)
    if direction == "issued":
        stmt = stmt.where(FollowUp.issuer_path == principal.org_path)
    elif direction == "received":
        stmt = stmt.where(FollowUp.target_path == principal.org_path)
    if year:
        stmt = stmt.where(extract("year", FollowUp.issued_on) == year)
    order = [FollowUp.due_on.asc().nulls_last()] if overdue else [FollowUp.issued_on.desc(), FollowUp.seq.desc()]
    rows, total = await paginate(session, stmt.order_by(*order), page)
    return Page(items=[_out(r[0], principal, today) for r in rows], total=total, page=page.page, size=page.size)


@router.get("/followups/{followup_id}", response_model=FollowUpOut, operation_id="followup_get", summary="督办文书详情")
async def followup_get(followup_id: uuid.UUID, principal: Regulator, session: SessionDep, today: TodayDep) -> FollowUpOut:
    f = await _load(session, principal, followup_id)
    audit_number = await session.scalar(select(Audit.number).where(Audit.id == f.audit_id)) if f.audit_id else None
    return _out(f, principal, today, await _files(session, f), audit_number)


@router.post("/followups/{followup_id}/answer", response_model=FollowUpOut, operation_id="followup_answer",
             summary="收文单位书面反馈整改落实情况")
async def followup_answer(followup_id: uuid.UUID, body: AnswerIn, principal: Regulator, session: SessionDep,
                          today: TodayDep) -> FollowUpOut:
    f = await _load(session, principal, followup_id, lock=True)
    if principal.org_path != f.target_path:
        raise Forbidden("只有收文单位可以反馈", code="FOLLOWUP_NOT_TARGET")
    if f.status != "issued":
        raise Conflict(f"该文书当前状态为“{STATUS_LABELS[f.status]}”，不能反馈", code="FOLLOWUP_STATE")
    f.answer, f.answered_at, f.answered_by = body.answer.strip(), utcnow(), principal.username
    f.status, f.version, f.updated_at = "answered", f.version + 1, utcnow()
    await reminders.resolve(session, "followup_answer_due", f.id)
    await reminders.open_now(session, ReminderItem(
        kind="followup_review", ref_id=str(f.id), owner_path=f.issuer_path, link=f"/audit/followups?open={f.id}",
        title=f"{f.target_name}已反馈{KIND_LABELS[f.kind]}（{f.number}），请审核办结或退回"))
    await record_change(session, actor=principal, action="answer", entity_type="followup", entity_id=f.id,
                        after={"answer": f.answer, "late": bool(f.due_on and f.due_on < today)}, org_path=f.target_path)
    await _push(session, f)
    await emit(session, "followup.answered", {"followup_id": f.id, "number": f.number, "issuer_code": f.issuer_code},
               org_path=f.target_path)
    return _out(f, principal, today, await _files(session, f))


def _ensure_issuer(principal: Principal, f: FollowUp) -> None:
    if principal.org_path != f.issuer_path:
        raise Forbidden("只有发文单位可以审核、退回或办结", code="FOLLOWUP_NOT_ISSUER")


@router.post("/followups/{followup_id}/return", response_model=FollowUpOut, operation_id="followup_return",
             summary="发文单位退回反馈（整改不到位），收文单位须重新反馈")
async def followup_return(followup_id: uuid.UUID, body: CommentIn, principal: Bureau, session: SessionDep,
                          today: TodayDep) -> FollowUpOut:
    f = await _load(session, principal, followup_id, lock=True)
    _ensure_issuer(principal, f)
    if f.status != "answered":
        raise Conflict("只有已反馈的文书可以退回", code="FOLLOWUP_STATE")
    f.history = [*f.history, {"answer": f.answer, "answered_at": f.answered_at.isoformat() if f.answered_at else None,
                              "answered_by": f.answered_by, "returned_at": utcnow().isoformat(),
                              "returned_by": principal.username, "comment": body.comment}]
    f.answer = f.answered_at = f.answered_by = None
    f.status, f.version, f.updated_at = "issued", f.version + 1, utcnow()
    await reminders.resolve(session, "followup_review", f.id)
    if f.due_on is not None:
        await reminders.open_now(session, answer_due(f, today))
    await record_change(session, actor=principal, action="return", entity_type="followup", entity_id=f.id,
                        after={"comment": body.comment}, org_path=f.target_path, reason=body.comment)
    await _push(session, f)
    return _out(f, principal, today, await _files(session, f))


@router.post("/followups/{followup_id}/close", response_model=FollowUpOut, operation_id="followup_close",
             summary="发文单位办结（已反馈的文书；不要求反馈的通报、约谈可直接办结）")
async def followup_close(followup_id: uuid.UUID, body: CommentIn, principal: Bureau, session: SessionDep,
                         today: TodayDep) -> FollowUpOut:
    f = await _load(session, principal, followup_id, lock=True)
    _ensure_issuer(principal, f)
    if f.status == "closed":
        raise Conflict("该文书已办结", code="FOLLOWUP_STATE")
    if f.status == "issued" and f.due_on is not None:
        raise Conflict("收文单位尚未反馈，不能办结", code="FOLLOWUP_NOT_ANSWERED")
    f.status, f.closed_at, f.closed_by, f.closing_note = "closed", utcnow(), principal.username, body.comment
    f.version, f.updated_at = f.version + 1, utcnow()
    await reminders.resolve(session, ["followup_review", "followup_answer_due"], f.id)
    await record_change(session, actor=principal, action="close", entity_type="followup", entity_id=f.id,
                        after={"note": body.comment}, org_path=f.target_path)
    await _push(session, f)
    return _out(f, principal, today, await _files(session, f))


@router.get("/followups/{followup_id}/document.{fmt}", operation_id="followup_document",
            summary="下载文书（docx 或 PDF）", response_class=Response,
            responses={200: {"content": {DOCX: {}, "application/pdf": {}}}})
async def followup_document(followup_id: uuid.UUID, fmt: Literal["docx", "pdf"], principal: Regulator,
                            session: SessionDep) -> Response:
    f = await _load(session, principal, followup_id)
    name = f"{KIND_LABELS[f.kind]}-{f.number}.{fmt}"
    if fmt == "docx":
        return Response(to_docx(f), media_type=DOCX, headers=disposition(name))
    return Response(to_pdf(f), media_type="application/pdf", headers=disposition(name, inline=True))


@router.post("/followups/{followup_id}/files", response_model=FileOut, status_code=201,
             operation_id="followup_file_upload", summary="上传反馈或文书附件（PDF、Word、Excel 或图片）")
async def followup_file_upload(followup_id: uuid.UUID, principal: Regulator, session: SessionDep,
                               file: UploadFile = File(description="文件")) -> FileOut:
    f = await _load(session, principal, followup_id, lock=True)
    if principal.org_path not in (f.target_path, f.issuer_path):
        raise Forbidden("只有发文单位和收文单位可以上传附件", code="FOLLOWUP_NOT_PARTY")
    if f.status == "closed":
        raise Conflict("该文书已办结，不能再上传附件", code="FOLLOWUP_STATE")
    return await store_file(session, principal, owner_kind="followup", owner_id=str(f.id), org_path=f.target_path,
                            file=file)


@router.get("/followups/{followup_id}/files/{file_id}", operation_id="followup_file_get", summary="下载附件",
            response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}})
async def followup_file_get(followup_id: uuid.UUID, file_id: uuid.UUID, principal: Regulator,
                            session: SessionDep) -> Response:
    f = await _load(session, principal, followup_id)
    return download(await owned_file(session, "followup", str(f.id), file_id))


@router.get("/document-prefix", response_model=PrefixIn, operation_id="document_prefix_get",
            summary="本单位的发文字号前缀")
async def document_prefix_get(principal: Bureau, session: SessionDep, orgs: OrgsDep) -> PrefixIn:
    me = await own_org(orgs, principal)
    row = await session.get(DocumentPrefix, me.code)
    return PrefixIn(prefix=row.prefix if row else default_prefix(me))


@router.put("/document-prefix", response_model=PrefixIn, operation_id="document_prefix_set",
            summary="设置本单位的发文字号前缀（如 藏市监督）")
async def document_prefix_set(body: PrefixIn, principal: Bureau, session: SessionDep, orgs: OrgsDep) -> PrefixIn:
    me = await own_org(orgs, principal)
    row = await session.get(DocumentPrefix, me.code)
    taken = await session.scalar(select(DocumentPrefix.issuer_code).where(DocumentPrefix.prefix == body.prefix,
                                                                          DocumentPrefix.issuer_code != me.code))
    others = [n for n in await orgs.all() if n.code != me.code and default_prefix(n) == body.prefix]
    if taken or (others and await session.get(DocumentPrefix, others[0].code) is None):
        raise Conflict(f"发文字号前缀“{body.prefix}”已被其他单位使用", code="PREFIX_TAKEN")
    before = {"prefix": row.prefix if row else default_prefix(me)}
    if row is None:
        session.add(DocumentPrefix(issuer_code=me.code, prefix=body.prefix, updated_by=principal.username))
    else:
        row.prefix, row.updated_by, row.updated_at = body.prefix, principal.username, utcnow()
    await record_change(session, actor=principal, action="update", entity_type="document_prefix", entity_id=me.code,
                        before=before, after={"prefix": body.prefix}, org_path=me.path)
    return body
