"""Documents attached to the audit service's records (督查佐证、活动材料、督办反馈附件): stored once
per record by content, listed per record, downloaded only through the record they belong to."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from fastapi import Response, UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.audits.schemas import FileOut
from audit.models import AuditFile
from servicekit.audit import record_change
from servicekit.auth import Principal
from servicekit.downloads import disposition
from servicekit.errors import Conflict, NotFound
from servicekit.uploads import read_document


def file_out(f: AuditFile) -> FileOut:
    return FileOut(id=f.id, item_code=f.item_code, filename=f.filename, content_type=f.content_type, size=f.size,
                   uploaded_by=f.uploaded_by, created_at=f.created_at)


async def files_of(session: AsyncSession, owner_kind: str, owner_ids: Iterable[str]) -> dict[str, list[AuditFile]]:
    """The files of several records of one kind in one query, oldest first."""
    ids = list(owner_ids)
    out: dict[str, list[AuditFile]] = {}
    if ids:
        for f in (await session.scalars(select(AuditFile).where(
                AuditFile.owner_kind == owner_kind, AuditFile.owner_id.in_(ids)).order_by(AuditFile.created_at))).all():
            out.setdefault(f.owner_id, []).append(f)
    return out


async def store_file(session: AsyncSession, principal: Principal, *, owner_kind: str, owner_id: str, org_path: str,
                     file: UploadFile, item_code: str | None = None) -> FileOut:
    """Keep an uploaded document once per record: the same content uploaded again is the same file."""
    content, content_type, sha = await read_document(file)
    same = await session.scalar(select(AuditFile).where(AuditFile.owner_kind == owner_kind, AuditFile.owner_id == owner_id,
                                                        AuditFile.sha256 == sha))
    if same is not None:
        if same.item_code != item_code:
            where = f"第 {same.item_code} 项" if same.item_code else "整体佐证"
            raise Conflict(f"同一文件已作为{where}的材料上传过", code="FILE_ALREADY_UPLOADED")
        return file_out(same)
    f = AuditFile(id=uuid.uuid4(), owner_kind=owner_kind, owner_id=owner_id, item_code=item_code, org_path=org_path,
                  filename=(file.filename or "file")[:200], content_type=content_type, size=len(content), sha256=sha,
                  data=content, uploaded_by=principal.username)
    session.add(f)
    await session.flush()
    await session.refresh(f)
    await record_change(session, actor=principal, action="upload", entity_type=f"{owner_kind}_file", entity_id=f.id,
                        after={"owner": owner_id, "filename": f.filename, "sha256": sha, "item_code": item_code},
                        org_path=org_path)
    return file_out(f)


async def owned_file(session: AsyncSession, owner_kind: str, owner_id: str, file_id: uuid.UUID) -> AuditFile:
    f = await session.get(AuditFile, file_id)
    if f is None or f.owner_kind != owner_kind or f.owner_id != owner_id:
        raise NotFound("未找到该文件", code="FILE_NOT_FOUND")
    return f


def download(f: AuditFile) -> Response:
    return Response(f.data, media_type=f.content_type, headers=disposition(f.filename))
