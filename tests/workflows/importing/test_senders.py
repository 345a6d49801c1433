"""Who sends a report: one body, a class of bodies, the body a report goes through."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflows.importing import senders as reading
from workflows.importing.senders import expand, is_class, is_local, same_body, senders, subject_at

ASSIGNED = [("Sở Lao động - Thương binh và Xã hội", "lead"), ("Sở Y tế", "lead"), ("Công an tỉnh", "lead"),
            ("Các sở, ban, ngành cấp tỉnh", "lead"), ("Tòa án nhân dân tỉnh", "requested"),
            ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested"), ("Ủy ban nhân dân các huyện, thành phố", "lead")]


@pytest.mark.parametrize("a, b", [
    ("Trưởng phòng Lao động - Thương binh và Xã hội", "Phòng Lao động - Thương binh và Xã hội huyện"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"), ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("Thường trực Ban Chỉ đạo", "Ban Chỉ đạo 138 tỉnh"),
])
def test_one_body_however_written(a, b):
    assert same_body(a, b) and same_body(b, a)


@pytest.mark.parametrize("a, b", [("Sở Y tế", "Sở Tài chính"), ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các huyện"),
                                  ("Sở Tư pháp", "Sở Thông tin và Truyền thông")])
def test_different_bodies(a, b):
    assert not same_body(a, b)


def test_classes_and_local_governments():
    assert is_class("Giám đốc các sở") and is_class("Ủy ban nhân dân xã, phường") and not is_class("Sở Y tế")
    assert is_local("Chủ tịch UBND các huyện, thành phố") and not is_local("Sở Lao động - Thương binh và Xã hội")


def test_a_class_is_the_assigned_bodies_in_it_never_the_recipient():
    got = expand(["Giám đốc các sở", "Chủ tịch UBND các huyện, thành phố"], ASSIGNED,
                 ["Sở Lao động - Thương binh và Xã hội"])
    assert got == ["Sở Y tế", "Công an tỉnh", "Các sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thành phố"]
    social = expand(["Các sở, ban, ngành, đoàn thể"], ASSIGNED, [])
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" in social and "Tòa án nhân dân tỉnh" in social


def test_a_long_steering_committee_name_is_one_subject():
    assert subject_at("- Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ "
                      "an ninh Tổ quốc các cấp thường xuyên được củng cố") == [
        "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc"]


def test_a_body_reporting_to_itself_means_the_bodies_it_directs():
    text = ("1. Ban Chỉ đạo 138: Chỉ đạo các sở, ban, ngành thành viên thực hiện kế hoạch; định kỳ 6 tháng "
            "báo cáo kết quả về Thường trực Ban Chỉ đạo.")
    assignments = [{"agencies": ["Ban Chỉ đạo 138"], "role": "lead", "lines": [1, 1],
                    "duties": [{"line": 1, "text": text}]},
                   {"agencies": ["Sở Y tế"], "role": "lead", "lines": [2, 2], "duties": [{"line": 2}]}]
    assert senders(text, text.index("định kỳ"), 1, assignments, "Thường trực Ban Chỉ đạo", None) == ["Sở Y tế"]


@given(st.lists(st.sampled_from(["a", "b", " ", ".", ":", ";", "1", "Đ", "A", "\n", "  ", ". ", ": A", "; ", ".5"]),
                max_size=14).map("".join), st.integers(0, 30))
def test_a_clause_and_its_sentence_start_after_the_last_mark_before_the_report(text, pos):
    pos = min(pos, len(text))
    sentence = max((m.end() for m in reading._SENTENCE_END.finditer(text, 0, pos)), default=0)
    clause = max([sentence] + [m.end() for m in reading._CLAUSE_END.finditer(text, 0, pos)])
    assert reading._pieces(text, pos) == (text[clause:], text[sentence:])
