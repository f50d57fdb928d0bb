"""The dashboard on paper: every table as an xlsx sheet (with the definitions), and a one-page A4
summary (PDF) for a meeting — goals, headline figures and one line per next-level unit."""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gateway.dashboard.schemas import Cell, OverviewOut, RowOut, TableOut
from servicekit.clock import SHANGHAI
from servicekit.xlsx import XlsxStream

FONT = "STSong-Light"  # a CID font every PDF reader has: no font file ships
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def fmt(value: Cell, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    return f"{int(value):,}"


def local(ts: dt.datetime | None) -> str:
    return ts.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if ts else "尚未计算"


def _sheet_rows(t: TableOut) -> list[RowOut]:
    return [*t.rows, t.total]


def to_xlsx(ov: OverviewOut, only: str | None = None) -> bytes:
    x = XlsxStream()
    pct = x.book.add_format({"num_format": "0.0%"})
    pct_total = x.book.add_format({"num_format": "0.0%", "bold": True, "top": 1})
    note = x.book.add_format({"font_color": "#6B7785", "text_wrap": True})
    stamp = f"统计截至 {ov.as_of or '—'}；数据计算于 {local(ov.refreshed_at)}"
    if only is None:
        ws, row = x.sheet("目标进度", ["阶段", "年度", "方案目标", "衡量指标", "分子", "分母", "比率", "状态", "口径", "另列"],
                          [12, 8, 46, 26, 10, 10, 10, 10, 46, 20], title=f"{ov.org.short_name} 主要目标进度（{stamp}）")
        for g in ov.goals:
            x.write_row(ws, row, [g.stage, g.year, g.text, g.label, g.numerator, g.denominator, None, g.status_label,
                                  g.definition, "；".join(f"{k} {v}" for k, v in g.extra.items())])
            if g.value is not None:
                ws.write_number(row, 6, g.value, pct)
            row += 1
    for t in ov.tables:
        if only is not None and t.key != only:
            continue
        headers = ["单位", *[c.label for c in t.columns]]
        ws, row = x.sheet(t.title[:31].replace("/", "、"), headers, [22, *[12] * len(t.columns)],
                          title=f"{ov.org.short_name} {t.title}（{stamp}）")
        if not t.available:
            ws.write_string(row, 0, f"数据暂不可用：{t.error or ''}", note)
            row += 1
        for r in _sheet_rows(t) if t.available else []:
            total = r.kind == "total"
            ws.write_string(row, 0, r.name, x.total if total else None)
            for i, c in enumerate(t.columns, start=1):
                v = r.values.get(c.key)
                if v is None:
                    continue
                if c.kind == "rate":
                    ws.write_number(row, i, v, pct_total if total else pct)
                else:
                    ws.write_number(row, i, v, x.total if total else None)
            row += 1
        row += 1
        ws.write_string(row, 0, "口径", x.head)
        for c in t.columns:
            row += 1
            ws.write_string(row, 0, c.label)
            ws.merge_range(row, 1, row, min(len(t.columns), 8), c.definition, note)
        if t.note:
            ws.write_string(row + 2, 0, t.note, note)
    return x.finish()


# One line per next-level unit in the PDF: (table, column, heading)
SUMMARY_COLUMNS = (
    ("coverage", "units_total", "在档主体"),
    ("coverage", "archives_pending", "待建档"),
    ("coverage", "coverage_rate", "应录\n尽录率"),
    ("grades", "grade_A", "A"),
    ("grades", "grade_B", "B"),
    ("grades", "grade_C", "C"),
    ("grades", "grade_D", "D"),
    ("categories", "high_risk_units", "高风险"),
    ("inspections", "task_done_rate", "任务\n完成率"),
    ("inspections", "tasks_overdue", "逾期\n未检"),
    ("rectifications", "rectifications_open", "整改\n未结"),
    ("rectifications", "rectifications_overdue", "逾期\n未改"),
    ("routines", "routine_daily_rate", "日管控\n填报率"),
    ("audits", "followups_unanswered", "督办\n待反馈"),
)


def to_pdf(ov: OverviewOut, printed_by: str) -> bytes:
    page = landscape(A4)
    margin = 12 * mm
    title = ParagraphStyle("t", fontName=FONT, fontSize=16, leading=22, alignment=TA_CENTER)
    sub = ParagraphStyle("s", fontName=FONT, fontSize=8.5, leading=12, alignment=TA_CENTER,
                         textColor=colors.HexColor("#55606E"))
    head = ParagraphStyle("h", fontName=FONT, fontSize=10.5, leading=15, spaceBefore=4, spaceAfter=2,
                          textColor=colors.HexColor("#1F4E9E"))
    cellp = ParagraphStyle("c", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")
    note = ParagraphStyle("n", fontName=FONT, fontSize=7, leading=9, textColor=colors.HexColor("#6B7785"))

    def grid(data: list[list[object]], widths: list[float], bold_last: bool = False) -> Table:
        t = Table(data, colWidths=widths, repeatRows=1)
        style = [
            ("FONT", (0, 0), (-1, -1), FONT, 8),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F4E9E")),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#B8C2D0")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F3F6FB")]),
        ]
        if bold_last:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#E3EAF5")))
        t.setStyle(TableStyle(style))
        return t

    width = page[0] - 2 * margin
    flow: list[object] = [
        Paragraph(escape(f"{ov.org.short_name}工业产品质量安全主体责任落实情况"), title),
        Paragraph(escape(f"统计截至 {ov.as_of or '—'}　数据计算于 {local(ov.refreshed_at)}　"
                         f"打印 {local(dt.datetime.now(dt.UTC))}　{printed_by}"), sub),
        Spacer(1, 3 * mm),
        Paragraph("一、主要目标进度（藏市监〔2023〕73号：一年打基础、两年全覆盖、三年见成效）", head),
    ]
    goal_rows: list[list[object]] = [["阶段", "方案目标", "衡量指标", "完成情况", "比率", "状态"]]
    for g in ov.goals:
        done = f"{g.numerator:,} / {g.denominator:,}" if g.numerator is not None and g.denominator else "—"
        extra = "；".join(f"{k} {v:,}" for k, v in g.extra.items())
        goal_rows.append([f"{g.year} {g.stage}", Paragraph(escape(g.text), cellp),
                          Paragraph(escape(g.label + (f"（{extra}）" if extra else "")), cellp),
                          done, fmt(g.value, "rate"), g.status_label])
    flow.append(grid(goal_rows, [width * w for w in (0.11, 0.40, 0.22, 0.11, 0.08, 0.08)]))

    flow.append(Paragraph("二、主要数字", head))
    card_cells = [[c.label for c in ov.cards],
                  [fmt(c.value, c.kind) + (f"\n{c.sub_label} {fmt(c.sub_value, c.sub_kind)}" if c.sub_label else "")
                   for c in ov.cards]]
    cards = Table(card_cells, colWidths=[width / len(ov.cards)] * len(ov.cards))
    cards.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), FONT, 8), ("FONT", (0, 1), (-1, 1), FONT, 10),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.HexColor("#55606E")),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("BOX", (0, 0), (-1, -1), 0.4, colors.HexColor("#B8C2D0")),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#DDE3EC")),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#F5F8FD")),
    ]))
    flow.append(cards)

    tables = {t.key: t for t in ov.tables}
    level = {"prefecture": "地（市）", "county": "县（区）", "station": "所（分局）"}.get(ov.children_level or "", "下级单位")
    flow.append(Paragraph(f"三、分{level}情况", head))
    header = ["单位", *[h for _, _, h in SUMMARY_COLUMNS]]
    rows: list[list[object]] = [header]
    first = tables["coverage"].rows + [tables["coverage"].total]
    for i, r in enumerate(first):
        line: list[object] = [r.name]
        for table_key, col_key, _ in SUMMARY_COLUMNS:
            t = tables[table_key]
            kind = next(c.kind for c in t.columns if c.key == col_key)
            src = [*t.rows, t.total][i] if t.available else None
            line.append(fmt(src.values.get(col_key), kind) if src else "—")
        rows.append(line)
    name_w = width * 0.13
    flow.append(grid(rows, [name_w] + [(width - name_w) / len(SUMMARY_COLUMNS)] * len(SUMMARY_COLUMNS),
                     bold_last=True))
    missing = [s.label for s in ov.sources if not s.ok]
    footer = "比率的分母为 0 时记“—”。各数字的口径见平台首页看板（每个指标旁的说明）及导出的 xlsx。"
    if missing:
        footer += f"以下来源暂不可用，相关数字记“—”：{'、'.join(missing)}。"
    flow.append(Spacer(1, 2 * mm))
    flow.append(Paragraph(escape(footer), note))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=f"{ov.org.short_name} 看板摘要", author=printed_by)
    # One page whatever the number of rows: the whole summary shrinks to the frame if it must.
    doc.build([KeepInFrame(doc.width, doc.height, flow, mode="shrink")])  # type: ignore[list-item]
    return buf.getvalue()
