"""Official documents as docx (python-docx) and PDF (reportlab, with the STSong-Light CID font that
PDF readers supply): follow-up documents (督办文书) and briefings (工作简报). Both formats are
rendered from the same (style, text) blocks of the stored record, so a document downloaded twice
is the same document."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from audit.models import FollowUp

KIND_LABELS = {"reminder_letter": "敦促提醒函", "rectification_notice": "整改通知书", "interview": "约谈记录",
               "circular": "通报"}
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _cn_date(d: object) -> str:
    import datetime as dt

    assert isinstance(d, dt.date)
    return f"{d.year}年{d.month}月{d.day}日"


def blocks(f: FollowUp) -> list[tuple[str, str]]:
    """The document as (style, text) blocks: title, number, addressee, body, signature."""
    out: list[tuple[str, str]] = [("title", KIND_LABELS[f.kind]), ("number", f.number), ("subject", f.title),
                                  ("addressee", f"{f.target_name}：")]
    if f.kind == "interview" and f.interview:
        iv = f.interview
        out += [("body", f"约谈时间：{iv.get('held_at', '')}"), ("body", f"约谈地点：{iv.get('place', '')}"),
                ("body", f"约谈人：{iv.get('interviewers', '')}"), ("body", f"被约谈人：{iv.get('interviewees', '')}")]
        out.append(("heading", "一、约谈事由"))
    else:
        out.append(("heading", "一、发现的问题" if f.kind != "circular" else "一、通报事项"))
    out += [("body", p) for p in f.findings.splitlines() if p.strip()]
    if f.kind == "interview" and f.interview and f.interview.get("record"):
        out.append(("heading", "二、约谈情况"))
        out += [("body", p) for p in str(f.interview["record"]).splitlines() if p.strip()]
        out.append(("heading", "三、整改要求"))
    else:
        out.append(("heading", "二、整改要求" if f.kind != "circular" else "二、工作要求"))
    out += [("body", p) for p in f.requirements.splitlines() if p.strip()]
    if f.due_on:
        out.append(("body", f"请于{_cn_date(f.due_on)}前将整改落实情况书面反馈{f.issuer_name}。"))
    out += [("sign", f.issuer_name), ("sign", _cn_date(f.issued_on))]
    return out


def docx_from_blocks(content: list[tuple[str, str]], title: str) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "FangSong"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    normal.font.size = Pt(16)
    for style, text in content:
        p = doc.add_paragraph()
        run = p.add_run(text)
        if style == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold, run.font.size = True, Pt(22)
        elif style == "number":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif style == "subject":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
        elif style == "heading":
            run.bold = True
        elif style == "body":
            p.paragraph_format.first_line_indent = Pt(32)
        elif style == "sign":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.core_properties.title = title
    doc.save(buf)
    return buf.getvalue()


def pdf_from_blocks(content: list[tuple[str, str]], title: str, author: str) -> bytes:
    styles = {
        "title": ParagraphStyle("title", fontName=FONT, fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=6),
        "number": ParagraphStyle("number", fontName=FONT, fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=10),
        "subject": ParagraphStyle("subject", fontName=FONT, fontSize=14, leading=22, alignment=TA_CENTER, spaceAfter=10),
        "addressee": ParagraphStyle("addressee", fontName=FONT, fontSize=12, leading=20),
        "heading": ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=20, spaceBefore=6),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK"),
        "sign": ParagraphStyle("sign", fontName=FONT, fontSize=12, leading=20, alignment=TA_RIGHT),
    }
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                            bottomMargin=25 * mm, title=title, author=author)
    flow: list[object] = []
    for style, text in content:
        if style == "sign" and (not flow or getattr(flow[-1], "style", None) is not styles["sign"]):
            flow.append(Spacer(1, 10 * mm))
        flow.append(Paragraph(escape(text), styles[style]))
    doc.build(flow)  # type: ignore[arg-type]
    return buf.getvalue()


def to_docx(f: FollowUp) -> bytes:
    return docx_from_blocks(blocks(f), f"{KIND_LABELS[f.kind]} {f.number}")


def to_pdf(f: FollowUp) -> bytes:
    return pdf_from_blocks(blocks(f), f"{KIND_LABELS[f.kind]} {f.number}", f.issuer_name)
