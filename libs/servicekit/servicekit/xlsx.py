"""xlsx writers in constant memory: rows stream from the database into the workbook."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from fastapi import Response

from servicekit.downloads import disposition

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




def xlsx_response(content: bytes, filename: str) -> Response:
    """A download of `content` named `filename` (Chinese names survive via RFC 5987)."""
    return Response(content, media_type=XLSX,
                    headers=disposition(filename))
