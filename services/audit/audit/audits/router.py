"""/v1/checklists and /v1/audits: the 督查清单 (附件6) and audits of lower bureaus."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import File, Form, Path, Query, Request, Response, UploadFile
from sqlalchemy import extract, func, select

from audit.audits import service
from audit.audits.schemas import (
    AuditIn,
    AuditOut,
    AuditPatch,
    AuditSummary,
    ChecklistIn,
    ChecklistOut,
    FileOut,
    ItemIn,
    TargetOut,
)
from audit.deps import LEVEL_LABELS, Admin, Bureau, OrgsDep, Regulator, own_org, subordinate
from audit.files import download, owned_file, store_file
from audit.models import Audit, AuditChecklist, AuditItem
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, utcnow
from servicekit.errors import Conflict, InvalidInput, NotFound
from servicekit.outbox import emit
from servicekit.pagination import Page, PageDep, paginate
from servicekit.xlsx import XlsxStream, xlsx_response

router = make_router(prefix="/v1", tags=["audits"])


# --- checklist ------------------------------------------------------------------------------
@router.get("/checklists", response_model=list[ChecklistOut], operation_id="checklist_versions",
            summary="督查清单的各个版本（最新为现行）")
async def checklist_versions(_: Regulator, session: SessionDep) -> list[ChecklistOut]:
    rows = (await session.scalars(select(AuditChecklist).order_by(AuditChecklist.version.desc()))).all()
    return [ChecklistOut(version=c.version, title=c.title, source=c.source, items=c.items, published_at=c.published_at,
                         published_by=c.published_by, current=i == 0) for i, c in enumerate(rows)]


@router.post("/checklists", response_model=ChecklistOut, status_code=201, operation_id="checklist_publish",
             summary="发布新版督查清单（已建的督查记录仍按原版本）")
async def checklist_publish(body: ChecklistIn, principal: Admin, session: SessionDep) -> ChecklistOut:
    codes = [i.code for i in body.items]
    if len(set(codes)) != len(codes):
        raise InvalidInput("督查清单中编号重复", code="CHECKLIST_CODE_DUPLICATE")
    for i in body.items:
        if int(i.code.split(".")[0]) != i.section_no:
            raise InvalidInput(f"编号 {i.code} 与所属事项序号 {i.section_no} 不一致", code="CHECKLIST_CODE_SECTION")
    latest = await session.scalar(select(AuditChecklist.version).order_by(AuditChecklist.version.desc()).limit(1))
    cl = AuditChecklist(version=(latest or 0) + 1, title=body.title, source=body.source,
                        items=[i.model_dump() for i in body.items], published_by=principal.username)
    session.add(cl)
    await session.flush()
    await record_change(session, actor=principal, action="publish", entity_type="audit_checklist",
                        entity_id=cl.version, after={"title": cl.title, "items": cl.items})
    await session.refresh(cl)
    return ChecklistOut(version=cl.version, title=cl.title, source=cl.source, items=cl.items,
                        published_at=cl.published_at, published_by=cl.published_by, current=True)


# --- audits -----------------------------------------------------------------------------------
@router.get("/audits/targets", response_model=list[TargetOut], operation_id="audit_targets",
            summary="本单位可督查的直属下级市场监管部门，及最近一次督查")
async def audit_targets(principal: Bureau, session: SessionDep, orgs: OrgsDep) -> list[TargetOut]:
    me = await own_org(orgs, principal)
    children = sorted([n for n in await orgs.all() if n.parent_code == me.code], key=lambda n: n.code)

    last = {r[0]: (r[1], int(r[2])) for r in (await session.execute(
        select(Audit.target_code, func.max(Audit.audited_on), func.count()).where(
            Audit.auditor_code == me.code).group_by(Audit.target_code))).all()}
    return [TargetOut(code=n.code, name=n.name, level=n.level, level_label=LEVEL_LABELS.get(n.level, n.level),
                      last_audited_on=last.get(n.code, (None, 0))[0], audits=last.get(n.code, (None, 0))[1])
            for n in children]


@router.post("/audits", response_model=AuditOut, status_code=201, operation_id="audit_create",
             summary="新建督查：按现行督查清单生成各项，并从各服务预填可由数据判断的事项")
async def audit_create(body: AuditIn, principal: Bureau, session: SessionDep, orgs: OrgsDep, today: TodayDep,
                       request: Request, response: Response) -> AuditOut:
    if body.id is not None:
        existing = await session.get(Audit, body.id)
        if existing is not None:
            if existing.created_by != principal.username:
                raise Conflict("该编号已被使用", code="AUDIT_ID_TAKEN")
            response.status_code = 200
            return await service.audit_out(session, principal, existing)
    upper, lower = await subordinate(orgs, principal, body.target_code)
    if body.period_start > body.period_end:
        raise InvalidInput("督查期间的起始日期不能晚于截止日期", code="PERIOD_RANGE")
    if body.period_end > today or body.audited_on > today:
        raise InvalidInput("督查期间和督查日期不能晚于今天", code="DATE_IN_FUTURE")
    if (body.period_end - body.period_start).days > 366 * 2:
        raise InvalidInput("督查期间不能超过两年", code="PERIOD_TOO_LONG")
    dup = await session.scalar(select(Audit.number).where(
        Audit.target_code == lower.code, Audit.auditor_code == upper.code,
        Audit.period_start == body.period_start, Audit.period_end == body.period_end))
    if dup:
        raise Conflict(f"已有同一对象、同一期间的督查记录（{dup}）", code="AUDIT_DUPLICATE")
    cl = await service.current_checklist(session)
    seq = await service.next_number(session, f"A:{upper.code}", body.audited_on.year)
    audit = Audit(id=body.id or uuid.uuid4(), number=f"DC-{upper.code}-{body.audited_on.year}-{seq:04d}",
                  checklist_version=cl.version, auditor_code=upper.code, auditor_path=upper.path,
                  auditor_name=upper.name, target_code=lower.code, target_path=lower.path, target_name=lower.name,
                  period_start=body.period_start, period_end=body.period_end, audited_on=body.audited_on,
                  auditors=body.auditors, status="draft", created_by=principal.username, version=1)
    session.add(audit)
    items = [AuditItem(audit_id=audit.id, code=i["code"], sort=n, section_no=i["section_no"], section=i["section"],
                       task=i["task"]) for n, i in enumerate(cl.items)]
    await service.apply_prefill(session, audit, items, source=request.app.state.figure_source, orgs=orgs,
                                target=lower, today=today)
    session.add_all(items)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="audit", entity_id=audit.id,
                        after={"number": audit.number, "target": lower.code, "period": [body.period_start, body.period_end],
                               "prefill_state": audit.prefill_state}, org_path=lower.path)
    return await service.audit_out(session, principal, audit)


@router.get("/audits", response_model=Page[AuditSummary], operation_id="audit_list",
            summary="督查记录（本辖区：对下级的督查，及上级对本单位的督查）")
async def audit_list(
    principal: Regulator, session: SessionDep, page: PageDep,
    target_code: Annotated[str | None, Query(max_length=20)] = None,
    auditor_code: Annotated[str | None, Query(max_length=20)] = None,
    status: Literal["draft", "submitted"] | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2099)] = None,
) -> Page[AuditSummary]:
    stmt = select(Audit).where(jurisdiction_filter(Audit.target_path, principal))
    if target_code:
        stmt = stmt.where(Audit.target_code == target_code)
    if auditor_code:
        stmt = stmt.where(Audit.auditor_code == auditor_code)
    if status:
        stmt = stmt.where(Audit.status == status)
    if year:
        stmt = stmt.where(extract("year", Audit.audited_on) == year)
    rows, total = await paginate(session, stmt.order_by(Audit.audited_on.desc(), Audit.number.desc()), page)
    return Page(items=await service.summaries(session, [r[0] for r in rows]), total=total, page=page.page,
                size=page.size)


@router.get("/audits/{audit_id}", response_model=AuditOut, operation_id="audit_get", summary="督查记录详情")
async def audit_get(audit_id: uuid.UUID, principal: Regulator, session: SessionDep) -> AuditOut:
    return await service.audit_out(session, principal, await service.load_audit(session, principal, audit_id))


@router.patch("/audits/{audit_id}", response_model=AuditOut, operation_id="audit_update",
              summary="修改督查日期、督查人员、督查结论（仅督查单位，提交前）")
async def audit_update(audit_id: uuid.UUID, body: AuditPatch, principal: Bureau, session: SessionDep,
                       today: TodayDep) -> AuditOut:
    audit = await service.load_audit(session, principal, audit_id, lock=True)
    service.ensure_auditor(principal, audit)
    service.ensure_draft(audit)
    service.check_version(audit, body.base_version)
    before = {"audited_on": audit.audited_on, "auditors": audit.auditors, "conclusion": audit.conclusion}
    changes = body.model_dump(exclude_unset=True, exclude={"base_version"})
    if changes.get("audited_on") and changes["audited_on"] > today:
        raise InvalidInput("督查日期不能晚于今天", code="DATE_IN_FUTURE")
    for key, value in changes.items():
        if value is not None or key == "conclusion":
            setattr(audit, key, value)
    audit.version += 1
    audit.updated_at = utcnow()
    await record_change(session, actor=principal, action="update", entity_type="audit", entity_id=audit.id,
                        before=before, after={k: getattr(audit, k) for k in before}, org_path=audit.target_path)
    return await service.audit_out(session, principal, audit)


@router.put("/audits/{audit_id}/items/{code}", response_model=AuditOut, operation_id="audit_item_set",
            summary="填写一项：是否落实、亮点成效；与数据预判不一致时须写明更正理由")
async def audit_item_set(audit_id: uuid.UUID, code: Annotated[str, Path(max_length=8, description="事项编号，如 2.1")],
                         body: ItemIn, principal: Bureau,
                         session: SessionDep) -> AuditOut:
    audit = await service.load_audit(session, principal, audit_id, lock=True)
    service.ensure_auditor(principal, audit)
    service.ensure_draft(audit)
    service.check_version(audit, body.base_version)
    item = await session.get(AuditItem, (audit.id, code))
    if item is None:
        raise NotFound(f"督查清单中没有编号为 {code} 的事项", code="AUDIT_ITEM_UNKNOWN")
    reason = (body.correction_reason or "").strip() or None
    differs = item.suggested is not None and body.implemented is not None and body.implemented != item.suggested
    if differs and reason is None:
        raise InvalidInput(f"{code} 的判断与数据预判（{'是' if item.suggested else '否'}）不一致，请填写更正理由",
                           code="AUDIT_CORRECTION_REASON_REQUIRED")
    before = {"implemented": item.implemented, "highlights": item.highlights, "correction_reason": item.correction_reason}
    item.implemented = body.implemented
    item.highlights = (body.highlights or "").strip() or None
    item.correction_reason = reason if differs else None
    item.updated_by, item.updated_at = principal.username, utcnow()
    audit.version += 1
    audit.updated_at = utcnow()
    await record_change(session, actor=principal, action="answer", entity_type="audit_item", entity_id=f"{audit.id}:{code}",
                        before=before, after={"implemented": item.implemented, "highlights": item.highlights,
                                              "correction_reason": item.correction_reason, "suggested": item.suggested},
                        org_path=audit.target_path, reason=item.correction_reason)
    return await service.audit_out(session, principal, audit)


@router.post("/audits/{audit_id}/refresh", response_model=AuditOut, operation_id="audit_refresh",
             summary="重新取数：按最新数据更新预填的数字和预判（已填写的判断保留）")
async def audit_refresh(audit_id: uuid.UUID, principal: Bureau, session: SessionDep, orgs: OrgsDep, today: TodayDep,
                        request: Request) -> AuditOut:
    audit = await service.load_audit(session, principal, audit_id, lock=True)
    service.ensure_auditor(principal, audit)
    service.ensure_draft(audit)
    items = list((await session.scalars(select(AuditItem).where(AuditItem.audit_id == audit.id))).all())
    target = await orgs.get(audit.target_code)
    if target is None:
        raise InvalidInput(f"监管单位 {audit.target_code} 不存在", code="ORG_UNKNOWN")
    await service.apply_prefill(session, audit, items, source=request.app.state.figure_source, orgs=orgs,
                                target=target, today=today)
    for item in items:  # a suggestion that now agrees needs no correction reason any more
        if item.suggested is None or item.implemented == item.suggested:
            item.correction_reason = None
    audit.version += 1
    audit.updated_at = utcnow()
    await record_change(session, actor=principal, action="refresh", entity_type="audit", entity_id=audit.id,
                        after={"prefill_state": audit.prefill_state}, org_path=audit.target_path)
    return await service.audit_out(session, principal, audit)


@router.post("/audits/{audit_id}/submit", response_model=AuditOut, operation_id="audit_submit",
             summary="提交督查记录（各项均须判断、须有督查结论）；提交后归集到总局平台")
async def audit_submit(audit_id: uuid.UUID, principal: Bureau, session: SessionDep) -> AuditOut:
    audit = await service.load_audit(session, principal, audit_id, lock=True)
    service.ensure_auditor(principal, audit)
    if audit.status == "submitted":
        return await service.audit_out(session, principal, audit)  # a retried submit changes nothing
    items = (await session.scalars(select(AuditItem).where(AuditItem.audit_id == audit.id).order_by(AuditItem.sort))).all()
    missing = [i.code for i in items if i.implemented is None]
    if missing:
        raise InvalidInput(f"以下事项尚未判断是否落实：{'、'.join(missing)}", code="AUDIT_INCOMPLETE")
    unexplained = [i.code for i in items if i.suggested is not None and i.implemented != i.suggested
                   and not i.correction_reason]
    if unexplained:  # a refresh may have changed a suggestion after the item was answered
        raise InvalidInput(f"以下事项的判断与数据预判不一致，请填写更正理由：{'、'.join(unexplained)}",
                           code="AUDIT_CORRECTION_REASON_REQUIRED")
    if not (audit.conclusion or "").strip():
        raise InvalidInput("请填写督查结论与意见后再提交", code="AUDIT_CONCLUSION_REQUIRED")
    audit.status, audit.submitted_at, audit.submitted_by = "submitted", utcnow(), principal.username
    audit.version += 1
    audit.updated_at = audit.submitted_at
    await record_change(session, actor=principal, action="submit", entity_type="audit", entity_id=audit.id,
                        after={"status": "submitted"}, org_path=audit.target_path)
    await service.push_audit(session, audit)
    not_done = [i.code for i in items if i.implemented is False]
    await emit(session, "audit.submitted", {"audit_id": audit.id, "number": audit.number,
                                            "auditor_code": audit.auditor_code, "target_code": audit.target_code,
                                            "not_implemented": not_done}, org_path=audit.target_path)
    return await service.audit_out(session, principal, audit)


# --- evidence files ---------------------------------------------------------------------------
@router.post("/audits/{audit_id}/files", response_model=FileOut, status_code=201, operation_id="audit_file_upload",
             summary="上传佐证材料（PDF、Word、Excel 或图片，≤ 10 MB），可指定所属事项")
async def audit_file_upload(
    audit_id: uuid.UUID, principal: Bureau, session: SessionDep,
    file: UploadFile = File(description="文件"),
    item_code: Annotated[str | None, Form(max_length=8, description="所属事项编号，如 2.1")] = None,
) -> FileOut:
    audit = await service.load_audit(session, principal, audit_id, lock=True)
    service.ensure_auditor(principal, audit)
    service.ensure_draft(audit)
    if item_code and await session.get(AuditItem, (audit.id, item_code)) is None:
        raise InvalidInput(f"督查清单中没有编号为 {item_code} 的事项", code="AUDIT_ITEM_UNKNOWN")
    return await store_file(session, principal, owner_kind="audit", owner_id=str(audit.id), org_path=audit.target_path,
                            file=file, item_code=item_code or None)


@router.get("/audits/{audit_id}/files/{file_id}", operation_id="audit_file_get", summary="下载佐证材料",
            response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}})
async def audit_file_get(audit_id: uuid.UUID, file_id: uuid.UUID, principal: Regulator, session: SessionDep) -> Response:
    audit = await service.load_audit(session, principal, audit_id)
    return download(await owned_file(session, "audit", str(audit.id), file_id))


@router.delete("/audits/{audit_id}/files/{file_id}", status_code=204, operation_id="audit_file_delete",
               summary="删除佐证材料（提交前）")
async def audit_file_delete(audit_id: uuid.UUID, file_id: uuid.UUID, principal: Bureau, session: SessionDep) -> Response:
    audit = await service.load_audit(session, principal, audit_id, lock=True)
    service.ensure_auditor(principal, audit)
    service.ensure_draft(audit)
    f = await owned_file(session, "audit", str(audit.id), file_id)
    await record_change(session, actor=principal, action="delete", entity_type="audit_file", entity_id=f.id,
                        before={"filename": f.filename, "sha256": f.sha256}, org_path=audit.target_path)
    await session.delete(f)
    return Response(status_code=204)


# --- the filled 附件6 table -------------------------------------------------------------------
@router.get("/audits/{audit_id}/export.xlsx", operation_id="audit_export", summary="导出督查清单（附件6 格式，xlsx）",
            response_class=Response, responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
async def audit_export(audit_id: uuid.UUID, principal: Regulator, session: SessionDep) -> Response:
    audit = await service.load_audit(session, principal, audit_id)
    out = await service.audit_out(session, principal, audit)
    book = XlsxStream()
    ws, row = book.sheet("督查清单", ["编号", "督查事项", "具体任务", "是否落实", "亮点成效", "数据预判", "数据依据", "更正理由"],
                         [8, 26, 44, 10, 40, 10, 50, 30],
                         title=f"督查清单　督查主体：{audit.auditor_name}　督查对象：{audit.target_name}　"
                               f"期间：{audit.period_start}至{audit.period_end}　编号：{audit.number}")
    yes_no = {True: "是", False: "否", None: ""}
    for item in out.items:
        figures = "；".join(f"{f.label}：{'—' if f.value is None else f.value}{f.unit}" for f in item.figures)
        book.write_row(ws, row, [item.code, item.section, item.task, yes_no[item.implemented], item.highlights or "",
                                 yes_no[item.suggested] or "无法判断", "；".join(x for x in [item.basis or "", figures] if x),
                                 item.correction_reason or ""])
        row += 1
    ws.write_string(row + 1, 0, f"督查结论：{audit.conclusion or ''}")
    ws.write_string(row + 2, 0, f"督查人员：{audit.auditors}　督查日期：{audit.audited_on}")
    return xlsx_response(book.finish(), f"督查清单-{audit.target_name}-{audit.number}.xlsx")


