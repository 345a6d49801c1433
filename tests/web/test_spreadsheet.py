"""Exports keep text as text: no live formula in .xlsx, no formula prefix raw in CSV."""
import csv
import io
import zipfile

from openpyxl import load_workbook
from vn_collate import collate_key

from service.web import exports
from service.web.spreadsheet import csv_cell, csv_text, xlsx_bytes

LINK = '=HYPERLINK("http://evil.example/x","Mở báo cáo")'
HOSTILE = [LINK, "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def test_xlsx_cells_are_strings_never_formulas():
    data = xlsx_bytes("Nhiệm vụ", ["Nhiệm vụ", "Số"], [[text, 3] for text in HOSTILE], (60, 8))
    sheet = load_workbook(io.BytesIO(data)).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == HOSTILE
    assert all(row[0].data_type == "s" and row[1].data_type == "n" for row in sheet.iter_rows(min_row=2))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml


def test_csv_neutralises_formula_prefixes_and_keeps_the_rest():
    rows = list(csv.reader(io.StringIO(csv_text(["Nhiệm vụ"], [[t] for t in HOSTILE]).lstrip("\ufeff"))))
    assert [r[0] for r in rows[1:]] == ["'" + t for t in HOSTILE]
    assert csv_cell("Tổ chức tập huấn") == "Tổ chức tập huấn" and csv_cell(-5) == -5


def test_the_dashboard_exports_use_them(as_user, world, monkeypatch):
    monkeypatch.setattr(exports, "_table", lambda *read: (["Nhiệm vụ"], [[LINK]]))
    coord = as_user("coord")
    sheet = load_workbook(io.BytesIO(coord.get("/tong-hop/nhiem-vu.xlsx").data)).active
    assert sheet["A2"].value == LINK and sheet["A2"].data_type == "s"
    text = coord.get("/tong-hop/nhiem-vu.csv").get_data(as_text=True)
    assert "\n" + LINK not in text and "'=HYPERLINK" in text


def test_dates_are_date_cells_with_a_filter_and_the_file_says_what_and_when(as_user, world, clock):
    from datetime import date

    data = xlsx_bytes("Nhiệm vụ", ["Nhiệm vụ", "Hạn"], [["Tập huấn", date(2022, 6, 16)]], (20, 12))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["B2"].is_date and sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet.auto_filter.ref == "A1:B2"
    assert csv_text(["Hạn"], [[date(2022, 6, 16)]]).endswith("16/06/2022\r\n")
    coord = as_user("coord")
    response = coord.get("/tong-hop/nhiem-vu.xlsx?plan=p1")
    name = response.headers["Content-Disposition"]
    assert "nhiem-vu_66-KH-UBND_" in name and name.endswith('.xlsx"'), name
    real = load_workbook(io.BytesIO(response.data)).active
    deadlines = [row[5] for row in real.iter_rows(min_row=2)]
    assert deadlines and all(c.is_date for c in deadlines)
    assert real.auto_filter.ref


def test_the_workbook_has_the_report_grid_as_its_own_sheet(as_user, world, clock):
    from datetime import datetime, timezone

    clock.set(datetime(2022, 7, 20, 3, tzinfo=timezone.utc))  # the H1 reports are due
    coord = as_user("coord")
    book = load_workbook(io.BytesIO(coord.get("/tong-hop/nhiem-vu.xlsx").data))
    assert book.sheetnames == ["Nhiệm vụ", "Báo cáo định kỳ"]
    grid = book["Báo cáo định kỳ"]
    header = [c.value for c in grid[1]]
    assert header[0] == "Cơ quan" and len(header) > 1 and grid.auto_filter.ref
    names = [row[0].value for row in grid.iter_rows(min_row=2)]
    assert "Sở Y tế" in names and names == sorted(names, key=collate_key)
    cells = {c.value for row in grid.iter_rows(min_row=2) for c in row[1:]}
    assert cells & {"Đúng hạn", "Muộn", "Chưa gửi, quá hạn", "Chưa đến hạn"}
    assert "bảng báo cáo định kỳ (.xlsx)" in coord.text("/tong-hop/bao-cao")
