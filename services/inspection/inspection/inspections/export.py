"""A filled 监管任务清单 as xlsx and PDF, in the layout of 附件5-1 / 5-2, with signature lines."""

from __future__ import annotations

import io
import uuid
from typing import Any

from fastapi import Response
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select

from inspection.deps import RegulatorOrEnterprise
from inspection.inspections import service
from inspection.inspections.schemas import InspectionOut
from inspection.models import InspectionPhoto
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.db import SessionDep
from servicekit.downloads import disposition
from servicekit.xlsx import XLSX, XlsxStream, xlsx_response

router = make_router(prefix="/v1/inspections", tags=["inspections"])
MARK = {"yes": "√", "no": "×", "na": "不适用", None: ""}
NOTE = "说明：1.监管任务清单包括但不限于以上内容，根据填报需要调整表格大小。2.在结果栏目中，填写是（√）或否（×），或在备注栏标注须提醒消息。"
FONT = "STSong-Light"  # Adobe's CJK font that PDF readers supply: nothing to embed, no font file to ship
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _kind(d: InspectionOut) -> str:
    return "生产单位" if d.template_code == "5-1" else "销售单位"


def _rows(d: InspectionOut) -> list[list[str]]:
    rows: list[list[str]] = []
    last_section = None
    for it in d.items:
        head = it.section_no != last_section
        last_section = it.section_no
        rows.append([str(it.section_no) if head else "", it.section_title if head else "",
                     f"{it.item_no} {it.text}", MARK[it.result], it.remark or ""])
    return rows


def to_xlsx(d: InspectionOut) -> bytes:
    book = XlsxStream()
    wrap = book.book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    ws, row = book.sheet("监管任务清单", ["序号", "重点工作", "具体任务", "结果", "备注"], [6, 18, 60, 8, 30],
                         title=f"监管任务清单（{_kind(d)}类）  附件{d.template_code} 第{d.template_version}版")
    # the form's header, above the items (xlsxwriter streams rows in order, so write it into the title area)
    ws.write_string(1, 0, f"填表单位及填表人：{d.filled_by}    填表日期：{d.inspected_on:%Y年%m月%d日}")
    for r in _rows(d):
        for col, v in enumerate(r):
            if v:
                ws.write_string(row, col, v, wrap)
            else:
                ws.write_blank(row, col, None, wrap)
        row += 1
    row += 1
    for label, value in (("层级分类", d.level_grade or ""), (f"{_kind(d)}名称", d.enterprise_name),
                         ("统一社会信用代码", d.credit_code), ("责任部门", d.responsible_department or ""),
                         ("联系人及联系方式", d.contact or "")):
        ws.write_string(row, 1, label)
        ws.write_string(row, 2, value)
        row += 1
    row += 1
    ws.write_string(row, 0, NOTE)
    ws.write_string(row + 2, 0, "检查人员（签名）：______________    企业代表（签名）：______________")
    return book.finish()


def _signatures(signatures: dict[str, bytes], p: Any) -> Table:
    cells: list[Any] = []
    for key, label in (("sig:insp", "检查人员（签名）："), ("sig:rep", "企业代表（签名）：")):
        image = signatures.get(key)
        cells += [p(label), RLImage(io.BytesIO(image), width=40 * mm, height=15 * mm) if image else p("______________")]
    table = Table([cells], colWidths=[36 * mm, 48 * mm, 36 * mm, 48 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table


def to_pdf(d: InspectionOut, signatures: dict[str, bytes] | None = None) -> bytes:
    signatures = signatures or {}
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"监管任务清单-{d.enterprise_name}")
    title = ParagraphStyle("t", fontName=FONT, fontSize=16, leading=22, alignment=1)
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=13)
    small = ParagraphStyle("s", fontName=FONT, fontSize=8, leading=11)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)

    story = [p(f"监管任务清单（{_kind(d)}类）", title), Spacer(1, 4 * mm),
             p(f"填表单位及填表人（盖章或签名）：{d.filled_by}　　填表日期：{d.inspected_on:%Y年%m月%d日}"), Spacer(1, 3 * mm)]
    head = Table([[p("层级分类"), p(f"{_kind(d)}名称"), p("责任部门"), p("联系人及联系方式")],
                  [p(d.level_grade or "____级对应____级主体"), p(f"{d.enterprise_name}<br/>{d.credit_code}"),
                   p(d.responsible_department or ""), p(d.contact or "")]],
                 colWidths=[40 * mm, 60 * mm, 35 * mm, 45 * mm])
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.94, 0.98))])
    head.setStyle(grid)
    items = Table([[p("序号"), p("重点工作"), p("具体任务"), p("结果"), p("备注")]]
                  + [[p(c) for c in r] for r in _rows(d)],
                  colWidths=[10 * mm, 30 * mm, 90 * mm, 15 * mm, 35 * mm], repeatRows=1)
    items.setStyle(grid)
    story += [head, Spacer(1, 3 * mm), items, Spacer(1, 3 * mm), p(NOTE, small), Spacer(1, 8 * mm),
              _signatures(signatures, p),
              Spacer(1, 2 * mm), p(f"附件{d.template_code} 第{d.template_version}版　记录编号 {d.id}", small)]
    doc.build(story)
    return buf.getvalue()


async def _load(session: SessionDep, principal: RegulatorOrEnterprise, inspection_id: uuid.UUID) -> InspectionOut:
    d = await service.out(session, await service.load(session, principal, inspection_id))
    await record_change(session, actor=principal, action="export", entity_type="inspection", entity_id=inspection_id,
                        org_path=d.org_path)
    return d


@router.get("/{inspection_id}/export.xlsx", operation_id="inspection_export_xlsx", summary="导出监管任务清单（xlsx）",
            response_class=Response, responses={200: {"content": {XLSX: {}}}})
async def inspection_export_xlsx(inspection_id: uuid.UUID, principal: RegulatorOrEnterprise,
                                 session: SessionDep) -> Response:
    d = await _load(session, principal, inspection_id)
    return xlsx_response(to_xlsx(d), f"监管任务清单-{d.enterprise_name}-{d.inspected_on}.xlsx")


@router.get("/{inspection_id}/export.pdf", operation_id="inspection_export_pdf", summary="打印监管任务清单（PDF）",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
async def inspection_export_pdf(inspection_id: uuid.UUID, principal: RegulatorOrEnterprise,
                                session: SessionDep) -> Response:
    d = await _load(session, principal, inspection_id)
    rows = await session.execute(select(InspectionPhoto.item_no, InspectionPhoto.content).where(
        InspectionPhoto.inspection_id == inspection_id, InspectionPhoto.item_no.in_(("sig:insp", "sig:rep")))
        .order_by(InspectionPhoto.uploaded_at))
    signatures = {k: v for k, v in rows.all()}  # the latest of each
    return Response(to_pdf(d, signatures), media_type="application/pdf",
                    headers=disposition(f"监管任务清单-{d.enterprise_name}-{d.inspected_on}.pdf", inline=True))
