"""Normalising converted text: markup, rejoining wrapped and page-broken lines, numbers."""
from hypothesis import example, given
from hypothesis import strategies as st

from workflows.importing.structure import outline, split_marker
from workflows.importing.targets import parse_number, targets_in
from workflows.importing.text import clean, paragraphs, single_spaced


def texts(lines):
    return [p.text for p in paragraphs(lines)]


def test_markup_is_removed_and_dashes_normalised():
    assert clean("#### **I. MỤC ĐÍCH - YÊU CẦU:**") == "I. MỤC ĐÍCH - YÊU CẦU:"
    assert clean("- \\* Chỉ tiêu cai nghiện") == "- Chỉ tiêu cai nghiện"
    assert clean("Phòng Lao động – Thương binh") == "Phòng Lao động - Thương binh"


def test_hard_wrapped_lines_are_rejoined():
    lines = ["**10. Báo", "và Phát thanh, Truyền hình Cần Thơ**", "", "Phối hợp với các sở, ban,",
             "ngành liên quan đẩy mạnh công tác."]
    assert texts(lines) == ["10. Báo và Phát thanh, Truyền hình Cần Thơ",
                            "Phối hợp với các sở, ban, ngành liên quan đẩy mạnh công tác."]


def test_a_marker_alone_on_its_line_joins_the_name_after_it():
    assert texts(["**1.", "Công an thành phố**", "", "a) Tham mưu."]) == [
        "1. Công an thành phố", "a) Tham mưu."]


def test_sentence_cut_by_a_page_break_is_joined_across_blank_lines():
    lines = ["- Chịu trách nhiệm tham mưu cho Ban Chỉ đạo phòng, chống tội", "", "",
             "phạm, tệ nạn xã hội.", "", "- Triển khai lồng ghép."]
    assert texts(lines) == ["- Chịu trách nhiệm tham mưu cho Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội.",
                            "- Triển khai lồng ghép."]


def test_items_on_consecutive_lines_stay_apart():
    lines = ["V. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế: Hướng dẫn.", "2. Sở Tài chính: Bố trí kinh phí."]
    assert len(texts(lines)) == 3


def test_capital_heading_then_text_stay_apart():
    assert texts(["KẾ HOẠCH", "Công tác phòng, chống tệ nạn xã hội năm 2022"]) == [
        "KẾ HOẠCH", "Công tác phòng, chống tệ nạn xã hội năm 2022"]
    assert texts(["TRIỂN", "KHAI THI HÀNH LUẬT VIỆC LÀM"]) == ["TRIỂN KHAI THI HÀNH LUẬT VIỆC LÀM"]


def test_markers_of_every_style():
    assert split_marker("IV. PHÂN CÔNG")[:2] == ("roman", "IV")
    assert split_marker("1.1. Tiếp tục")[:2] == ("multi", "1.1")
    assert split_marker("11. Ủy ban")[:2] == ("dec", "11")
    assert split_marker("đ) Tổ chức")[:2] == ("letter", "đ")
    assert split_marker("- 100% hộ")[:2] == ("dash", "-")
    assert split_marker("+ Tổ chức")[:2] == ("plus", "+")
    assert split_marker("1.600 người được")[0] == "para"


def test_outline_follows_numbering_not_markup():
    paras = paragraphs(["## I. A", "", "#### 1. B", "", "- c.", "", "## 2. D", "", "II. E"])
    root = outline(paras)
    assert [c.text for c in root.children] == ["A", "E"]
    assert [c.text for c in root.children[0].children] == ["B", "D"]
    assert root.children[0].children[0].children[0].text == "c."


def test_vietnamese_numbers():
    assert parse_number("1.600") == 1600
    assert parse_number("43,6") == 43.6
    assert parse_number("15.000") == 15000
    assert parse_number("05") == 5


def test_targets_with_comparators_and_ranges():
    found = targets_in("Phấn đấu trên 90% xã; từ 65% - 70% số người nghiện; cho 1.600 người", 3)
    assert [(t["value"], t["comparator"], t["percent"]) for t in found] == [
        (90, ">", True), (65, ">=", True), (1600, ">=", False)]
    assert found[1]["max"] == 70 and found[2]["unit"] == "người" and found[0]["line"] == 3


def test_document_numbers_and_dates_are_not_targets():
    assert targets_in("theo Nghị định số 116/2021/NĐ-CP ngày 21 tháng 12 năm 2021", 1) == []


WHITE = [chr(c) for c in range(0x110000) if chr(c).isspace()]


@given(st.lists(st.sampled_from(WHITE + ["a", "Sở", " ", "  ", ",", "\u200b", "\x00", "ự"]), max_size=12).map("".join))
@example(" ".join(WHITE))
def test_single_spaced_is_split_and_joined(text):
    assert single_spaced(text) == " ".join(text.split())


def test_only_u_horn_dot_and_its_capital_fold_to_it():  # header.period looks for them before folding
    assert [c for c in map(chr, range(0x110000)) if "ự" in c.casefold()] == ["Ự", "ự"]
