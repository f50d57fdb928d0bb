"""/v1/imports: upload a survey file (dry run or real), follow its progress, get the error report."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import File, Form, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import select

from registry.deps import Regulator
from registry.imports.sheets import errors_xlsx, template_xlsx
from registry.models import ImportJob
from servicekit.app import make_router
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.db import SessionDep
from servicekit.errors import Conflict, InvalidInput, NotFound
from servicekit.pagination import Page, PageDep, paginate
from servicekit.xlsx import xlsx_response

router = make_router(prefix="/v1/imports", tags=["imports"])
MAX_UPLOAD = 30 * 1024 * 1024


class ImportJobOut(BaseModel):
    id: uuid.UUID
    filename: str
    dry_run: bool
    status: str
    total_rows: int
    processed_rows: int
    created_count: int
    updated_count: int
    unchanged_count: int
    rejected_count: int
    warning_count: int
    errors: list[dict[str, Any]]
    message: str | None
    created_by_name: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _out(job: ImportJob, *, errors_limit: int = 200) -> ImportJobOut:
    data = ImportJobOut.model_validate(job, from_attributes=True)
    data.errors = data.errors[:errors_limit]
    return data


async def _job(session: SessionDep, principal: Principal, job_id: uuid.UUID) -> ImportJob:
    job = await session.scalar(select(ImportJob).where(ImportJob.id == job_id, jurisdiction_filter(ImportJob.org_path, principal)))
    if job is None:
        raise NotFound("导入任务不存在", code="IMPORT_NOT_FOUND")
    return job


@router.get("/template.xlsx", operation_id="import_template", summary="下载摸底调查导入模板")
async def import_template(_: Regulator) -> Response:
    return xlsx_response(template_xlsx(), "摸底调查导入模板.xlsx")


@router.post("", response_model=ImportJobOut, status_code=202, operation_id="import_create",
             summary="上传摸底调查文件（xlsx/csv），先预检（dry_run=true）再正式导入")
async def import_create(
    principal: Regulator, session: SessionDep,
    file: Annotated[UploadFile, File(description=".xlsx 或 .csv（UTF-8/GBK）")],
    dry_run: Annotated[bool, Form(description="true 为预检，不写入档案")] = True,
) -> ImportJobOut:
    filename = (file.filename or "").strip() or "upload"
    if not filename.lower().endswith((".xlsx", ".csv")):
        raise InvalidInput("仅支持 .xlsx 或 .csv 文件", code="IMPORT_FILE_TYPE")
    content = await file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise InvalidInput("文件超过 30 MB，请拆分后分批导入", code="IMPORT_FILE_TOO_LARGE")
    if not content:
        raise InvalidInput("文件为空", code="IMPORT_FILE_EMPTY")
    assert principal.org_path is not None
    job = ImportJob(id=uuid.uuid4(), org_path=principal.org_path, created_by=principal.subject,
                    created_by_name=principal.username, filename=filename[:255], content=content, dry_run=dry_run,
                    status="queued", errors=[])
    session.add(job)
    await session.flush()
    await session.refresh(job)
    return _out(job)


@router.post("/{job_id}/apply", response_model=ImportJobOut, status_code=202, operation_id="import_apply",
             summary="按预检结果正式导入同一文件")
async def import_apply(job_id: uuid.UUID, principal: Regulator, session: SessionDep) -> ImportJobOut:
    source = await _job(session, principal, job_id)
    if not source.dry_run or source.status != "succeeded":
        raise Conflict("只能对已完成的预检任务执行正式导入", code="IMPORT_NOT_A_FINISHED_DRY_RUN")
    assert principal.org_path is not None
    job = ImportJob(id=uuid.uuid4(), org_path=principal.org_path, created_by=principal.subject,
                    created_by_name=principal.username, filename=source.filename, content=source.content,
                    dry_run=False, status="queued", errors=[])
    session.add(job)
    await session.flush()
    await session.refresh(job)
    return _out(job)


@router.get("", response_model=Page[ImportJobOut], operation_id="import_list", summary="导入记录")
async def import_list(principal: Regulator, session: SessionDep, page: PageDep) -> Page[ImportJobOut]:
    stmt = select(ImportJob).where(jurisdiction_filter(ImportJob.org_path, principal)).order_by(ImportJob.created_at.desc())
    rows, total = await paginate(session, stmt, page)
    return Page(items=[_out(j, errors_limit=0) for (j,) in rows], total=total, page=page.page, size=page.size)


@router.get("/{job_id}", response_model=ImportJobOut, operation_id="import_get", summary="导入进度与结果")
async def import_get(job_id: uuid.UUID, principal: Regulator, session: SessionDep) -> ImportJobOut:
    return _out(await _job(session, principal, job_id))


@router.get("/{job_id}/errors.xlsx", operation_id="import_errors", summary="下载错误报告")
async def import_errors(job_id: uuid.UUID, principal: Regulator, session: SessionDep) -> Response:
    job = await _job(session, principal, job_id)
    return xlsx_response(errors_xlsx(job.filename, job.errors), f"错误报告-{job.filename.rsplit('.', 1)[0]}.xlsx")
