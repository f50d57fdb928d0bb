"""The xlsx files of imports: the template a regulator fills in, and the error report."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from registry.enterprises.credit_code import check_char
from registry.imports.columns import HEADER_ALIASES, REQUIRED_COLUMNS, TEMPLATE_COLUMNS
from registry.labels import FIRST_BATCH_TAGS, STATUS_LABELS

EXAMPLE = {
    "credit_code": "91540102MA6T0A1B2" + check_char("91540102MA6T0A1B2"), "name": "拉萨雪域燃气具有限公司", "unit_types": "生产、批发",
    "is_individual": "否", "county": "城关区", "station": "", "registered_address": "拉萨市城关区北京中路 1 号",
    "operating_address": "拉萨市城关区金珠西路 88 号", "principal_name": "扎西", "contact_name": "央金",
    "contact_phone": "0891-6331234", "employees": "120", "revenue_wan": "1800.5", "size_year": "2025",
    "product_category": "燃气具", "licence_no": "XK21-001-00123", "certificate_no": "", "mandatory_standard": "",
    "key_tags": "燃气具", "entry_reason": "第一批重要工业产品摸底调查", "registered_on": "2019-05-20", "status": "正常",
}
NOTES = {
    "unit_types": "生产、批发、零售，可多填，用顿号分隔",
    "county": "县（区）名称或 6 位代码",
    "station": "可空；填写所属市场监管所名称或编码",
    "employees": "期末从业人员数（人）",
    "revenue_wan": "营业收入，单位万元",
    "licence_no": "持生产许可证的填写，视为生产许可获证企业",
    "certificate_no": "持 CCC 证书的填写",
    "mandatory_standard": "涉及强制性国家标准产品的填“是”或标准号",
    "key_tags": "、".join(n for _, n in FIRST_BATCH_TAGS[2:]) + " 等，可多填",
    "status": "、".join(STATUS_LABELS.values()),
}


def template_xlsx() -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#1F4E9E", "font_color": "#FFFFFF", "border": 1, "text_wrap": True})
    req = wb.add_format({"bold": True, "bg_color": "#C0392B", "font_color": "#FFFFFF", "border": 1, "text_wrap": True})
    text = wb.add_format({"num_format": "@"})
    ws = wb.add_worksheet("摸底调查")
    for col, field in enumerate(TEMPLATE_COLUMNS):
        title = HEADER_ALIASES[field][0]
        ws.write(0, col, title + ("*" if field in REQUIRED_COLUMNS else ""), req if field in REQUIRED_COLUMNS else head)
        ws.write_string(1, col, EXAMPLE.get(field, ""), text)
        ws.set_column(col, col, 22 if field in ("name", "registered_address", "operating_address", "credit_code") else 14, text)
        if field in NOTES:
            ws.write_comment(0, col, NOTES[field])
    ws.freeze_panes(1, 0)
    notes = wb.add_worksheet("填写说明")
    lines = [
        "1. 第一行为表头，带 * 的列必填；第二行为示例，导入前请删除。",
        "2. 统一社会信用代码为 18 位，不含 I、O、S、V、Z；早期赋码校验位不符的，系统会提示但仍导入。",
        "3. 同一信用代码重复导入时按代码更新（空白单元格不覆盖已有信息），不会产生重复档案。",
        "4. 先“预检”查看将新增、更新、拒绝的行，确认后再正式导入；被拒绝的行可下载错误报告修改后重新导入。",
        "5. 支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）。",
    ]
    for i, line in enumerate(lines):
        notes.write(i, 0, line)
    notes.set_column(0, 0, 110)
    wb.close()
    return buf.getvalue()


def errors_xlsx(filename: str, errors: list[dict[str, Any]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#1F4E9E", "font_color": "#FFFFFF", "border": 1})
    err = wb.add_format({"font_color": "#C0392B"})
    ws = wb.add_worksheet("错误报告")
    ws.write_row(0, 0, ["行号", "列", "问题", "级别"], head)
    for i, e in enumerate(errors, start=1):
        ws.write_number(i, 0, e["row"])
        ws.write_string(i, 1, e["column"])
        ws.write_string(i, 2, e["message"], err if e["severity"] == "error" else None)
        ws.write_string(i, 3, "错误（该行未导入）" if e["severity"] == "error" else "提示")
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 70)
    ws.set_column(3, 3, 18)
    ws.write_string(len(errors) + 2, 0, f"文件：{filename}")
    wb.close()
    return buf.getvalue()
