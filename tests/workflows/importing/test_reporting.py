"""Reporting cadences, recipients and due days."""
import pytest

from workflows.importing.cadences import cadences_in
from workflows.importing.reporting import reporting
from workflows.importing.text import Para


def cadences(text):
    return [f.cadence for f in cadences_in(text)]


@pytest.mark.parametrize("text, expected", [
    ("định kỳ 06 tháng, năm báo cáo kết quả", ["semiannual", "annual"]),
    ("Định kỳ 06 tháng và năm báo cáo kết quả", ["semiannual", "annual"]),
    ("định kỳ hàng quý, 6 tháng, năm báo cáo kết quả", ["quarterly", "semiannual", "annual"]),
    ("Định kỳ tháng, quý, năm báo cáo đánh giá", ["monthly", "quarterly", "annual"]),
    ("định kỳ 6 tháng và 12 tháng báo cáo kết quả", ["semiannual", "annual"]),
    ("Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo kết quả", ["annual"]),
    ("định kỳ 9 tháng báo cáo", ["nine_months"]),
    ("định kỳ trước ngày 01/6 và 15/11 hằng năm (hoặc đột xuất) báo cáo kết quả", ["semiannual", "annual"]),
    ("báo cáo kết quả hằng tháng về Sở Y tế", ["monthly"]),
    ("tổ chức sơ kết 6 tháng, tổng kết năm", ["semiannual", "annual"]),
])
def test_cadences(text, expected):
    assert cadences(text) == expected


@pytest.mark.parametrize("text", [
    "Tổ chức sơ kết, tổng kết đánh giá và báo cáo theo quy định.",
    "Định kỳ kiểm tra khám sức khỏe cho học viên.",
    "Thiết lập chế độ báo cáo nhanh hàng ngày.",
    "báo cáo định kỳ, đột xuất kịp thời",
    "Hàng năm, bố trí kinh phí từ nguồn ngân sách địa phương.",
])
def test_no_cadence(text):
    assert cadences(text) == []


def test_recipient_and_due_day():
    paras = [Para("b) Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo kết quả về Ủy ban nhân dân "
                  "thành phố (qua Công an thành phố) để tổng hợp chung.", 754)]
    entries, warnings = reporting(paras, [], None)
    assert entries == [{"cadence": "annual", "recipient": "Ủy ban nhân dân thành phố (qua Công an thành phố)",
                        "from": [], "due": "12-15", "line": 754}]
    assert warnings == ["line 754: the annual report to Ủy ban nhân dân thành phố (qua Công an thành phố) names "
                        "no sender the importer can tell: fill in 'from' before activating"]


def test_recipient_written_in_lower_case():
    paras = [Para("định kỳ hàng quý báo cáo kết quả gửi về phòng Lao động - Thương binh và Xã hội để tổng hợp", 1)]
    assert reporting(paras, [], None)[0][0]["recipient"] == "Phòng Lao động - Thương binh và Xã hội"
