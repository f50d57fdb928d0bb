"""POST /v1/credit-risk/import: credit risk classes (信用风险分类) for many units from a sheet.

Columns 统一社会信用代码 and 信用风险分类 (低 / 一般 / 较高 / 高); first sheet, header in the first
row. Every row is checked first; if any is wrong, nothing is written and each error is listed.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import UploadFile
from pydantic import BaseModel
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from grading.context import Ctx
from grading.deps import Decider
from grading.labels import CREDIT_LABELS
from grading.models import Unit
from grading.units.schemas import CreditImportResult
from grading.units.service import regrade
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.errors import InvalidInput

router = make_router(prefix="/v1/credit-risk", tags=["units"])
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000
BY_LABEL = {v: k for k, v in CREDIT_LABELS.items()} | {k: k for k in CREDIT_LABELS}


class RowError(BaseModel):
    row: int
    message: str


def _rows(content: bytes, filename: str) -> list[list[Any]]:
    if filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("gb18030")
        return [list(r) for r in csv.reader(io.StringIO(text))]
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return book.get_sheet_by_index(0).to_python()
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InvalidInput("无法读取该文件，请上传 xlsx 或 csv 格式的表格", code="FILE_UNREADABLE") from exc


@router.post("/import", response_model=CreditImportResult, operation_id="credit_risk_import",
             summary="导入信用风险分类（xlsx/csv：统一社会信用代码、信用风险分类）")
async def credit_risk_import(file: UploadFile, principal: Decider, session: SessionDep, ctx: Ctx) -> CreditImportResult:
    content = await file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise InvalidInput("文件超过 10MB", code="FILE_TOO_LARGE")
    rows = _rows(content, file.filename or "")
    if not rows:
        raise InvalidInput("文件为空", code="FILE_EMPTY")
    header = [str(c).strip() for c in rows[0]]
    try:
        ci, ki = header.index("统一社会信用代码"), header.index("信用风险分类")
    except ValueError as exc:
        raise InvalidInput("表头须包含“统一社会信用代码”和“信用风险分类”两列", code="IMPORT_HEADER_INVALID") from exc
    body = [r for r in rows[1:] if any(str(c).strip() for c in r)]
    if len(body) > MAX_ROWS:
        raise InvalidInput(f"一次最多导入 {MAX_ROWS} 行", code="IMPORT_TOO_MANY_ROWS")
    wanted: dict[str, tuple[int, str]] = {}
    errors: list[RowError] = []
    for n, r in enumerate(body, start=2):
        code = str(r[ci] if ci < len(r) else "").strip().upper()
        label = str(r[ki] if ki < len(r) else "").strip()
        if label not in BY_LABEL:
            errors.append(RowError(row=n, message=f"信用风险分类“{label}”无效，应为 低、一般、较高 或 高"))
            continue
        if code in wanted:
            errors.append(RowError(row=n, message=f"统一社会信用代码 {code} 与第 {wanted[code][0]} 行重复"))
            continue
        wanted[code] = (n, BY_LABEL[label])
    units = {u.credit_code: u for u in (await session.scalars(
        select(Unit).where(Unit.credit_code.in_(list(wanted))).with_for_update())).all()} if wanted else {}
    for code, (n, _) in wanted.items():
        u = units.get(code)
        if u is None or not principal.covers(u.org_path):
            errors.append(RowError(row=n, message=f"本辖区档案中没有统一社会信用代码为 {code} 的主体"))
    if errors:
        raise InvalidInput(f"导入文件有 {len(errors)} 处错误，未作任何修改", code="IMPORT_ROWS_INVALID",
                           extra={"errors": [e.model_dump() for e in sorted(errors, key=lambda e: e.row)[:500]]})
    applied = 0
    for code, (_, cls) in wanted.items():
        u = units[code]
        if u.credit_risk_class == cls:
            continue
        before = {"credit_risk_class": u.credit_risk_class}
        u.credit_risk_class, u.credit_source, u.credit_set_on = cls, "import", ctx.today
        await regrade(session, u, today=ctx.today, source="credit", actor=principal.username,
                      reason=f"导入信用风险分类：{CREDIT_LABELS[cls]}（{file.filename}）")
        await record_change(session, actor=principal, action="credit_import", entity_type="unit_grade",
                            entity_id=u.enterprise_id, before=before, after={"credit_risk_class": cls},
                            org_path=u.org_path, reason=f"导入 {file.filename}")
        applied += 1
    return CreditImportResult(rows=len(wanted), applied=applied, unchanged=len(wanted) - applied)
