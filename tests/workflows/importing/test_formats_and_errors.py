"""Word and PDF input, and the inputs the importer refuses with a clear message."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workflows.importing import PlanImportError, import_plan

from .fixtures import PLAN_LINES, blank_pdf_bytes, docx_bytes, text_pdf_bytes

REPO = Path(__file__).resolve().parents[3]
PLAN_TEXT = "\n\n".join(PLAN_LINES).encode()


def test_plain_text_plan():
    draft = import_plan(PLAN_TEXT, "12-KH-UBND.md")
    assert draft["number"] == "12/KH-UBND" and draft["place"] == "Hà Giang"
    assert draft["issued_on"] == "2024-01-05"
    assert draft["legal_basis"] == [{"text": "Căn cứ Quyết định số 45/QĐ-UBND ngày 02/01/2024 của Ủy ban nhân dân tỉnh",
                                     "number": "45/QĐ-UBND", "date": "2024-01-02"}]
    assert draft["reporting"] == [{"cadence": "quarterly", "recipient": "Ủy ban nhân dân tỉnh",
                                   "from": ["Sở Nông nghiệp và Môi trường"], "due": None, "line": 21}]
    lead, requested = draft["assignments"]
    assert lead["agencies"] == ["Sở Nông nghiệp và Môi trường"] and len(lead["duties"]) == 2
    assert lead["duties"][0]["cooperating"] == ["Sở Tài chính"]
    assert lead["duties"][1]["kind"] == "report"
    assert requested["role"] == "requested"


def test_docx_paragraphs_and_task_table():
    draft = import_plan(docx_bytes(), "plan.docx")
    assert draft["number"] == "12/KH-UBND" and draft["title"] == "Phòng, chống thiên tai năm 2024"
    by_name = {a["agencies"][0]: a for a in draft["assignments"]}
    assert set(by_name) == {"Sở Nông nghiệp và Môi trường", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                            "Sở Xây dựng", "Công an tỉnh"}
    drill = by_name["Công an tỉnh"]["duties"][0]
    assert drill["text"] == "Diễn tập cứu hộ" and drill["kind"] == "continuous" and drill["due"] == "Thường xuyên"
    assert by_name["Sở Xây dựng"]["duties"][0]["due"] == "Quý II/2024"


def test_docx_automatic_numbering_is_kept():
    import io

    import docx

    document = docx.Document()
    for line in PLAN_LINES[:5]:
        document.add_paragraph(line)
    document.add_paragraph("TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Sở Y tế: Hướng dẫn phòng dịch.", style="List Number")
    document.add_paragraph("Sở Tài chính: Bố trí kinh phí.", style="List Number")
    out = io.BytesIO()
    document.save(out)
    draft = import_plan(out.getvalue(), "numbered.docx")
    assert [a["agencies"] for a in draft["assignments"]] == [["Sở Y tế"], ["Sở Tài chính"]]


def test_pdf_with_a_text_layer():
    draft = import_plan(text_pdf_bytes(PLAN_LINES), "plan.pdf")
    assert draft["number"] == "12/KH-UBND" and draft["issued_on"] == "2024-01-05"
    assert [a["agencies"] for a in draft["assignments"]] == [
        ["Sở Nông nghiệp và Môi trường"], ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]]


@pytest.mark.parametrize("data, name, words", [
    (b"", "empty.txt", "empty"),
    (b"  \n\n ", "blank.md", "empty"),
    (b"PK\x03\x04 this is not a zip", "broken.docx", "not a readable Word .docx"),
    (b"\x00\x01\x02\xff\xfe garbage", "garbage.txt", "UTF-8"),
    ("Biên bản họp chi bộ tháng 3.\n\nNội dung: bàn về công tác thi đua.".encode(), "minutes.txt",
     "does not look like a plan"),
    ("KẾ HOẠCH\n\nTổ chức hội thi\n\nI. MỤC ĐÍCH\n\n1. Nâng cao nhận thức.".encode(), "nosection.txt",
     "no assignment section"),
])
def test_refused_inputs_say_what_is_wrong(data, name, words):
    with pytest.raises(PlanImportError) as err:
        import_plan(data, name)
    assert words in str(err.value) and name in str(err.value)


def test_scanned_pdf_needs_ocr():
    with pytest.raises(PlanImportError, match="no text layer.*OCR"):
        import_plan(blank_pdf_bytes(), "scan.pdf")


def test_corrupt_pdf():
    with pytest.raises(PlanImportError, match="PDF"):
        import_plan(b"%PDF-1.4\nnonsense", "bad.pdf")


def test_assignment_section_naming_no_body():
    text = "KẾ HOẠCH\n\nTổ chức hội thi\n\nI. TỔ CHỨC THỰC HIỆN\n\n1. Triển khai đúng tiến độ.".encode()
    with pytest.raises(PlanImportError, match="names no agency") as err:
        import_plan(text, "x.txt")
    assert err.value.line == 5


def test_command_line(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_bytes(PLAN_TEXT)
    ok = subprocess.run([sys.executable, "-m", "workflows.importing", str(plan)], cwd=REPO,
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and json.loads(ok.stdout)["number"] == "12/KH-UBND"
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    failed = subprocess.run([sys.executable, "-m", "workflows.importing", str(bad)], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "empty" in failed.stderr and not failed.stdout
