"""The consolidated report as a Word document laid out per Decree 30/2020/NĐ-CP (Appendix I):
A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the issuing body at
the top left (its superior above it, upper case, the body itself in bold) and the national
motto at the top right (13 pt bold upper case, "Độc lập - Tự do - Hạnh phúc" 14 pt bold), the
number under the body, place and date in italics under the motto, the kind of document
("BÁO CÁO", 14 pt bold) and its summary centred, the body 14 pt justified, first lines
indented 1 cm, then "Nơi nhận" (12/11 pt) and the signature block."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from service.reports.content import ReportContent
from service.reports.sections import body_sections

FONT = "Times New Roman"


def render(content: ReportContent) -> bytes:
    doc = Document()
    _page(doc)
    _header(doc, content)
    _title(doc, content)
    body_sections(doc, content, heading, paragraph, _table)
    _closing(doc, content)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc) -> None:
    s = doc.sections[0]
    s.orientation, s.page_width, s.page_height = WD_ORIENT.PORTRAIT, Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)


def _run(p, text: str, size: float, bold=False, italic=False, upper=False):
    r = p.add_run(text.upper() if upper else text)
    r.font.name, r.font.size, r.bold, r.italic = FONT, Pt(size), bold, italic
    r._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return r


def _cell_line(cell, text: str, size: float, first=False, **kw):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _run(p, text, size, **kw)
    return p


def _header(doc, content: ReportContent) -> None:
    plan = content.plan
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    _widths(table, (6.5, 10))
    _cell_line(left, issuer_line(plan), 13, first=True, upper=True)
    _cell_line(left, content.recipient or plan.get("issuer") or "", 13, bold=True, upper=True)
    _cell_line(left, "Số:       /BC-", 13)
    _cell_line(right, "Cộng hòa xã hội chủ nghĩa Việt Nam", 12, first=True, bold=True, upper=True)
    _cell_line(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    d = content.today
    place = plan.get("place") or ""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)  # Decree 30: 05 tháng 01, 20 tháng 6
    _cell_line(right, f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}", 14, italic=True)


def issuer_line(plan: dict) -> str:
    """The issuing body with its place ("Ủy ban nhân dân tỉnh" of Kiên Giang)."""
    issuer, place = plan.get("issuer") or "", plan.get("place") or ""
    return f"{issuer} {place}".strip() if place.casefold() not in issuer.casefold() else issuer


def title_text(content: ReportContent) -> str:
    plan = content.plan
    issued = plan.get("issued_on")
    of = f" ngày {issued.day:02d}/{issued.month:02d}/{issued.year}" if issued else ""
    by = f" của {issuer_line(plan)}" if plan.get("issuer") else ""
    return (f"Kết quả thực hiện Kế hoạch số {plan.get('number') or '…'}{of}{by}"
            f"{' về ' + plan['title'] if plan.get('title') else ''}, {content.period.label}")


def _title(doc, content: ReportContent) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(18)
    p.paragraph_format.space_after = Pt(0)
    _run(p, "BÁO CÁO", 14, bold=True)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, title_text(content), 14, bold=True)


def heading(doc, text: str):
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.keep_with_next = True
    _run(p, text, 14, bold=True)
    return p


def paragraph(doc, text: str, bold_lead: str | None = None, italic=False):
    """A body paragraph: 14 pt, justified, first line indented 1 cm."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Cm(1)
    if bold_lead:
        _run(p, bold_lead, 14, bold=True)
    _run(p, text, 14, italic=italic)
    return p


def _table(doc, header: list[str], rows: list[list[str]], widths=None):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        _cell_line(cell, text, 12, first=True, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            _cell_line(cell, text, 12, first=True)
    if widths:
        _widths(table, widths)
    return table


def _widths(table, cms) -> None:
    """Widths on the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    table.autofit = False
    for column, cm in zip(table.columns, cms):
        column.width = Cm(cm)
    for row in table.rows:
        for cell, cm in zip(row.cells, cms):
            cell.width = Cm(cm)


def _closing(doc, content: ReportContent) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _widths(table, (8, 8.5))
    p = left.paragraphs[0]
    _run(p, "Nơi nhận:", 12, bold=True, italic=True)
    for line in (f"- {content.plan.get('issuer') or 'Ủy ban nhân dân'} (b/c);", "- Lưu: VT."):
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, 11)
    _cell_line(right, "Thủ trưởng cơ quan", 14, first=True, bold=True, upper=True)
    _cell_line(right, "(Ký, ghi rõ họ tên, đóng dấu)", 14, italic=True)
