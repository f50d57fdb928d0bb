"""Read a survey file (xlsx or csv in UTF-8 or GBK) into rows of strings, finding the header row."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from python_calamine import CalamineWorkbook

from registry.imports.columns import HEADER_ALIASES, REQUIRED_COLUMNS

MAX_ROWS = 200_000


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message is for people."""


@dataclass
class Sheet:
    header_row: int  # 1-based row number of the header in the file
    columns: dict[str, int]  # field → column index
    rows: list[tuple[int, list[str]]]  # (1-based row number, cells)
    unknown_headers: list[str]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV，或直接上传 Excel 文件")


def raw_rows(filename: str, content: bytes) -> list[list[str]]:
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheet = book.get_sheet_by_index(0)
            return [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        except Exception as exc:  # calamine raises several types for damaged files
            raise FileProblem("Excel 文件无法读取（可能已损坏或加密），请检查后重新上传") from exc
    if name.endswith((".csv", ".txt")):
        text = _decode(content)
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    raise FileProblem("仅支持 .xlsx 或 .csv 文件")


def _normalise_header(h: str) -> str:
    return "".join(h.split()).replace("(", "（").replace(")", "）").replace("*", "").replace("＊", "")


def read_sheet(filename: str, content: bytes) -> Sheet:
    rows = raw_rows(filename, content)
    alias_to_field = {_normalise_header(a): f for f, aliases in HEADER_ALIASES.items() for a in aliases}
    for index, row in enumerate(rows[:10]):
        mapped: dict[str, int] = {}
        unknown: list[str] = []
        for col, header in enumerate(row):
            key = _normalise_header(header)
            if not key:
                continue
            if key in alias_to_field and alias_to_field[key] not in mapped:
                mapped[alias_to_field[key]] = col
            else:
                unknown.append(header)
        if "credit_code" in mapped:
            missing = [f for f in REQUIRED_COLUMNS if f not in mapped]
            if missing:
                names = "、".join(HEADER_ALIASES[f][0] for f in missing)
                raise FileProblem(f"表头缺少必需的列：{names}（请使用导入模板）")
            body = [(index + 2 + i, r) for i, r in enumerate(rows[index + 1:]) if any(c for c in r)]
            if len(body) > MAX_ROWS:
                raise FileProblem(f"单个文件最多 {MAX_ROWS} 行，请拆分后分批导入")
            if not body:
                raise FileProblem("文件中没有数据行")
            return Sheet(header_row=index + 1, columns=mapped, rows=body, unknown_headers=unknown)
    raise FileProblem("未找到表头：前 10 行中没有“统一社会信用代码”列（请使用导入模板）")
