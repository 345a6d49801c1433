"""Tables written for spreadsheet programs, where text must stay text.

A duty text ``=HYPERLINK("http://evil.example/x","Mở báo cáo")`` written as-is becomes a live
formula: in .xlsx every string cell is typed as a string, and in CSV (which has no types) a cell
that a spreadsheet would read as a formula gets a leading apostrophe, as OWASP advises.
"""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + out.getvalue()  # a BOM so that Excel opens UTF-8 (Vietnamese) correctly


def xlsx_bytes(title: str, header: list[str], rows: list[list], widths: tuple[int, ...]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for r, row in enumerate([header, *rows], 1):
        for c, value in enumerate(row, 1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would type "=..." as a formula
            if r == 1:
                cell.font = Font(bold=True)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
