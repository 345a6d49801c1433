"""Small plan documents built in the tests: a .docx with a task table, a PDF with and without
a text layer (written by hand: no extra dependency)."""
from __future__ import annotations

import io

PLAN_LINES = [
    "Số: 12/KH-UBND",
    "Hà Giang, ngày 5 tháng 1 năm 2024",
    "KẾ HOẠCH",
    "Phòng, chống thiên tai năm 2024",
    "Căn cứ Quyết định số 45/QĐ-UBND ngày 02/01/2024 của Ủy ban nhân dân tỉnh;",
    "I. MỤC TIÊU",
    "- Phấn đấu 100% hộ dân được tuyên truyền.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Sở Nông nghiệp và Môi trường:",
    "- Chủ trì, phối hợp với Sở Tài chính rà soát kho vật tư.",
    "- Định kỳ hằng quý báo cáo kết quả về Ủy ban nhân dân tỉnh.",
    "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh: Vận động nhân dân tham gia.",
]


def docx_bytes(lines=PLAN_LINES, table=True) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table:
        t = document.add_table(rows=3, cols=4)
        for cell, text in zip(t.rows[0].cells, ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]):
            cell.text = text
        rows = [["1", "Kiểm tra đê điều trước mùa mưa", "Sở Xây dựng", "Quý II/2024"],
                ["2", "Diễn tập cứu hộ", "Công an tỉnh", "Thường xuyên"]]
        for row, values in zip(t.rows[1:], rows):
            for cell, text in zip(row.cells, values):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def blank_pdf_bytes() -> bytes:
    """A PDF page with no text layer, as a scanner makes (here: no image either)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (any Unicode, through a ToUnicode map)."""
    chars = sorted({c for line in lines for c in line})
    assert len(chars) < 250
    code = {c: i + 1 for i, c in enumerate(chars)}
    cmap_entries = "\n".join(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Custom def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{cmap_entries}\nendbfchar\nendcmap CMapName currentdict "
            "/CMap defineresource pop end end").encode()
    body = ["BT /F1 11 Tf 40 800 Td 14 TL"]
    for line in lines:
        body.append("<" + "".join(f"{code[c]:02X}" for c in line) + "> Tj T*")
    body.append("ET")
    content = "\n".join(body).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 255 "
        b"/Widths [" + b" 500" * 255 + b"] /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
