"""XlsxTable: one large sheet written straight as SpreadsheetML reads back as xlsxwriter's would."""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ET
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from servicekit import xlsx
from servicekit.errors import InvalidInput
from servicekit.xlsx import XlsxStream, XlsxTable

HEADERS = ["统一社会信用代码", "单位名称", "从业人员（人）", "营业收入（万元）", "备注"]
ROWS: list[list[object]] = [
    ["91540100MA6T00001X", "拉萨扎西燃气具有限公司", 12, 345.5, None],
    ["a&b<c>", " 前后有空格 ", -3, 1e-5, "控制符\x01与_x0041_"],
    ["换行\n在中间", "é✓𝄞", 2**40, 0.1, True],
]


def sheet_rows(content: bytes) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def test_reads_back_as_the_xlsxwriter_sheet_does() -> None:
    stream = XlsxStream()
    ws, first = stream.sheet("主体档案", HEADERS, [22, 34, 10, 12, 20], title="档案（导出日期 2026-11-28）")
    for i, row in enumerate(ROWS):
        stream.write_row(ws, first + i, row)
    table = XlsxTable("主体档案", HEADERS, [22, 34, 10, 12, 20], title="档案（导出日期 2026-11-28）")
    assert table.write_rows(ROWS[:1]) == 1 and table.write_rows(ROWS[1:]) == 3
    content = table.finish()
    assert sheet_rows(content) == sheet_rows(stream.finish())
    assert sheet_rows(content)[2] == HEADERS  # title, an empty row, the header
    book = zipfile.ZipFile(io.BytesIO(content))
    for part in book.namelist():
        ET.fromstring(book.read(part))  # every part is well-formed XML
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert '<dimension ref="A1:E6"/>' in sheet
    assert '<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>' in sheet
    assert '<c r="A3" s="2" t="inlineStr">' in sheet and '<c r="A1" s="1" t="inlineStr">' in sheet
    assert "_x0001_" in sheet and "_x005F_x0041_" in sheet and 'xml:space="preserve"> 前后有空格 <' in sheet


def test_total_row_and_no_title() -> None:
    table = XlsxTable("合计", ["地区", "数量"])
    table.write_rows([["城关区", 2], ["堆龙德庆区", 1]])
    table.write_total(["合计", 3])
    content = table.finish()
    assert sheet_rows(content) == [["地区", "数量"], ["城关区", 2.0], ["堆龙德庆区", 1.0], ["合计", 3.0]]
    assert '<c r="A4" s="3" t="inlineStr">' in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()


def test_too_many_rows_is_refused_and_cleaned_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 5)
    table = XlsxTable("主体档案", HEADERS, title="档案")
    with pytest.raises(InvalidInput) as refused:
        table.write_rows(ROWS * 2)
    assert refused.value.code == "EXPORT_TOO_LARGE"
    folder = table._tmp.name
    table.close()
    assert not os.path.exists(folder)
