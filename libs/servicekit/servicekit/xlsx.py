"""xlsx writers in constant memory: rows stream from the database into the workbook.

XlsxStream (xlsxwriter) for the many small and medium sheets; XlsxTable for one large table (an
archive of 10⁵ rows), written straight as SpreadsheetML without xlsxwriter's per-cell work.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter
from fastapi import Response
from xlsxwriter.utility import xl_col_to_name

from servicekit.downloads import disposition
from servicekit.errors import InvalidInput

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxStream:
    """A workbook written row by row (xlsxwriter constant_memory); `finish()` returns its bytes."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="qsrp-xlsx-")
        self.path = os.path.join(self._tmp.name, "out.xlsx")
        self.book = xlsxwriter.Workbook(self.path, {"constant_memory": True, "tmpdir": self._tmp.name,
                                                     "strings_to_numbers": False, "strings_to_formulas": False})
        self.head = self.book.add_format({"bold": True, "bg_color": "#1F4E9E", "font_color": "#FFFFFF",
                                          "border": 1, "text_wrap": True, "valign": "vcenter"})
        self.title = self.book.add_format({"bold": True, "font_size": 14})
        self.total = self.book.add_format({"bold": True, "top": 1})

    def sheet(self, name: str, headers: Sequence[str], widths: Sequence[int] | None = None,
              title: str | None = None) -> tuple[Any, int]:
        ws = self.book.add_worksheet(name[:31])
        row = 0
        if title:
            ws.write_string(0, 0, title, self.title)
            row = 2
        for col, h in enumerate(headers):
            ws.write_string(row, col, h, self.head)
            ws.set_column(col, col, (widths[col] if widths else 14))
        ws.freeze_panes(row + 1, 0)
        return ws, row + 1

    @staticmethod
    def write_row(ws: Any, row: int, values: Sequence[Any], fmt: Any = None) -> None:
        for col, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(row, col, v, fmt)
            else:
                ws.write_string(row, col, str(v), fmt)

    def finish(self) -> bytes:
        self.book.close()
        with open(self.path, "rb") as fh:
            data = fh.read()
        self._tmp.cleanup()
        return data




EXCEL_MAX_ROWS = 1_048_576
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STATIC_PARTS = {
    "[Content_Types].xml": _HEAD + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": _HEAD + (
        f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": _HEAD + (
        f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
    # Cell styles 0–3: plain, the title (bold 14 pt), the header (bold white on blue, borders,
    # wrapped, centred vertically) and a total row (bold, a rule above): XlsxStream's formats.
    "xl/styles.xml": _HEAD + (
        f'<styleSheet xmlns="{_MAIN}"><fonts count="4">'
        '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FF1F4E9E"/><bgColor indexed="64"/></patternFill></fill>'
        '</fills><borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
        '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
        '<border><left/><right/><top style="thin"><color auto="1"/></top><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
        'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
        '<xf numFmtId="0" fontId="3" fillId="0" borderId="2" xfId="0" applyFont="1" applyBorder="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'),
}
_TITLE, _HEADER, _TOTAL = 1, 2, 3
# What XML text may not hold, and what Excel would read as an escape (_xHHHH_): escaped as Excel does.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _escape(match: re.Match[str]) -> str:
    text = match.group()
    if text in _ESCAPES:
        return _ESCAPES[text]
    if len(text) == 1:
        return f"_x{ord(text):04X}_"
    return "_x005F" + text


def _width(width: float) -> float:
    """A column width in characters as Excel stores it (xlsxwriter's conversion)."""
    return int(width * 7 + 0.5 + 5) / 7 if width > 1 else width


class XlsxTable:
    """One sheet: a title, a frozen header row and any number of data rows, written straight as
    the sheet's XML (inline strings, as xlsxwriter's constant_memory mode writes them).

    For the large exports: xlsxwriter formats each cell through several Python calls (about
    20 µs a cell); this formats a row in one pass, several times faster (bench/export_bench.py).
    Values: str (and anything else, as its str), int and float as numbers, None as an empty cell.
    The rows go to a temporary file, so memory does not grow with them.
    """

    def __init__(self, name: str, headers: Sequence[str], widths: Sequence[float] | None = None,
                 title: str | None = None) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="qsrp-xlsx-")
        self._rows_path = os.path.join(self._tmp.name, "rows.xml")
        self._rows = open(self._rows_path, "w", encoding="utf-8")  # closed in finish()
        self.name = name[:31]
        self.columns = [xl_col_to_name(i) for i in range(len(headers))]
        self.widths = list(widths) if widths else [14] * len(headers)
        self.row = 0  # the last row written, 1-based; 0 before any
        if title:
            self._write([[title]], style=_TITLE)
            self.row += 1  # an empty row below the title
        self.header_row = self.row + 1
        self._write([headers], style=_HEADER)

    @staticmethod
    def _cell(ref: str, value: Any, style: int = 0) -> str:
        s = f' s="{style}"' if style else ""
        if value is None:
            return ""
        if (type(value) is int or type(value) is float) and math.isfinite(value):
            return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
        text = value if type(value) is str else str(value)
        if _SPECIAL.search(text):
            text = _SPECIAL.sub(_escape, text)
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'

    def _write(self, rows: Iterable[Sequence[Any]], style: int = 0) -> None:
        cell, cols, parts = self._cell, self.columns, []
        n = self.row
        for values in rows:
            n += 1
            if n > EXCEL_MAX_ROWS:
                raise InvalidInput(f"导出行数超过 Excel 上限（{EXCEL_MAX_ROWS:,} 行），请缩小筛选范围后再导出",
                                   code="EXPORT_TOO_LARGE")
            parts.append(f'<row r="{n}">')
            parts.extend(cell(f"{cols[i]}{n}", v, style) for i, v in enumerate(values))
            parts.append("</row>")
        self._rows.write("".join(parts))
        self.row = n

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> int:
        """Append rows (each a sequence of values, column A first); returns the data rows so far."""
        self._write(rows)
        return self.row - self.header_row

    def write_total(self, values: Sequence[Any]) -> None:
        """A total row: bold, a rule above."""
        self._write([values], style=_TOTAL)

    def finish(self) -> bytes:
        """The workbook's bytes; the temporary files are removed."""
        try:
            self._rows.close()
            last = f"{self.columns[-1]}{max(self.row, 1)}" if self.columns else "A1"
            cols = "".join(f'<col min="{i}" max="{i}" width="{_width(w)}" customWidth="1"/>'
                           for i, w in enumerate(self.widths, start=1))
            head = _HEAD + (
                f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="A1:{last}"/>'
                '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
                f'<pane ySplit="{self.header_row}" topLeftCell="A{self.header_row + 1}" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>'
                f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')
            tail = ('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                    'footer="0.3"/></worksheet>')
            sheet_name = self.name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            path = os.path.join(self._tmp.name, "out.xlsx")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
                for part, text in _STATIC_PARTS.items():
                    zf.writestr(part, text)
                zf.writestr("xl/workbook.xml", _HEAD + (
                    f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
                    f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
                with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet, \
                        open(self._rows_path, "rb") as rows:
                    sheet.write(head.encode())
                    shutil.copyfileobj(rows, sheet, 1 << 20)
                    sheet.write(tail.encode())
            with open(path, "rb") as fh:
                return fh.read()
        finally:
            self.close()

    def close(self) -> None:
        """Remove the temporary files (finish() does; call it when giving up half-way)."""
        self._rows.close()
        self._tmp.cleanup()


def xlsx_response(content: bytes, filename: str) -> Response:
    """A download of `content` named `filename` (Chinese names survive via RFC 5987)."""
    return Response(content, media_type=XLSX,
                    headers=disposition(filename))
