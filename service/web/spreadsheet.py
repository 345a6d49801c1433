"""Tables written for spreadsheet programs, where text must stay text.

A duty text ``=HYPERLINK("http://evil.example/x","Mở báo cáo")`` written as-is becomes a live
formula: in .xlsx every string cell is typed as a string, and in CSV (which has no types) a cell
that a spreadsheet would read as a formula gets a leading apostrophe, as OWASP advises.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.styles import Font

from notifications.transliterate import remove_diacritics

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, date):  # CSV has no types: a date as Vietnamese documents write it
        return value.strftime("%d/%m/%Y")
    return value


def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + out.getvalue()  # a BOM so that Excel opens UTF-8 (Vietnamese) correctly


def xlsx_bytes(title: str, header: list[str], rows: list[list], widths: tuple[int, ...]) -> bytes:
    return xlsx_book([(title, header, rows, widths)])


def xlsx_book(sheets: list[tuple[str, list[str], list[list], tuple[int, ...]]]) -> bytes:
    """A workbook of sheets, each (title, header, rows, column widths)."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows, widths in sheets:
        _fill(book.create_sheet(title[:31]), header, rows, widths)  # Excel's limit on a title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet, header: list[str], rows: list[list], widths: tuple[int, ...]) -> None:
    for r, row in enumerate([header, *rows], 1):
        for c, value in enumerate(row, 1):
            if isinstance(value, datetime):
                raise TypeError("give a spreadsheet the local date, not an instant")
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would type "=..." as a formula
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"  # a real date: it sorts and filters as one
            if r == 1:
                cell.font = Font(bold=True)
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions  # a filter button on every column


def download_name(what: str, parts: list[str | None], day: date, ext: str) -> str:
    """A file name that says what and when: ``nhiem-vu_66-KH-UBND_2026-11-28.xlsx`` (ASCII, so
    every mail client and file system keeps it)."""
    words = [what, *(p for p in parts if p), day.isoformat()]
    return "_".join(_slug(w) for w in words) + "." + ext


def _slug(text: str) -> str:
    ascii_text = remove_diacritics(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:60] or "x"
