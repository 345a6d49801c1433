"""Recognising agency names by Vietnamese naming patterns, roles and cooperating bodies."""
import pytest

from workflows.importing.agencies import parse_heading, split_names
from workflows.importing.duties import cooperating_in, kind_of


@pytest.mark.parametrize("text, names, rest", [
    ("Sở Y tế chỉ đạo phối hợp kiểm tra", ["Sở Y tế"], "chỉ đạo phối hợp kiểm tra"),
    ("Sở Giáo dục và Đào tạo chỉ đạo các trường", ["Sở Giáo dục và Đào tạo"], "chỉ đạo các trường"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh chủ động phòng ngừa", ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"],
     "chủ động phòng ngừa"),
    ("Công an phường:", ["Công an phường"], ""),
    ("Trạm y tế phường: Tổ chức khám", ["Trạm y tế phường"], "Tổ chức khám"),
    ("Các sở, ban, ngành cấp tỉnh: Trong phạm vi", ["Các sở, ban, ngành cấp tỉnh"], "Trong phạm vi"),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố", ["Ủy ban nhân dân các huyện, thị xã, thành phố"], ""),
    ("Báo và Phát thanh, Truyền hình Cần Thơ", ["Báo và Phát thanh, Truyền hình Cần Thơ"], ""),
    ("Phòng Y tế, Trung tâm y tế", ["Phòng Y tế", "Trung tâm y tế"], ""),
])
def test_names_end_at_the_colon_or_the_duty_verb(text, names, rest):
    assert parse_heading(text) == (names, "lead", rest)


def test_a_name_may_hold_semicolons():
    names, _, rest = parse_heading("Ban chỉ đạo phòng, chống AIDS; phòng, chống tội phạm; tệ nạn xã hội: "
                                   "Chỉ đạo các sở")
    assert names == ["Ban chỉ đạo phòng, chống AIDS; phòng, chống tội phạm; tệ nạn xã hội"]
    assert rest == "Chỉ đạo các sở"


def test_requested_bodies_and_several_names():
    assert parse_heading("Đề nghị Tòa án nhân dân tỉnh, Viện Kiểm sát nhân dân tỉnh: Chỉ đạo") == (
        ["Tòa án nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh"], "requested", "Chỉ đạo")
    assert parse_heading("Đề nghị UBMTTQ; các đoàn thể:")[:2] == (["UBMTTQ", "Các đoàn thể"], "requested")
    names, role, _ = parse_heading("Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh, "
                                   "Liên minh Hợp tác xã Tỉnh")
    assert role == "requested" and len(names) == 3


def test_assigned_bodies_lose_the_word_giao():
    assert parse_heading("Giao Phòng Lao động – Thương binh và Xã hội huyện thường xuyên khảo sát")[:2] == (
        ["Phòng Lao động - Thương binh và Xã hội huyện"], "lead")


def test_comma_and_va_split_only_where_a_new_body_begins():
    assert split_names("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức đoàn thể chính trị - xã hội") == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức đoàn thể chính trị - xã hội"]
    assert split_names("Sở Văn hóa, Thể thao và Du lịch") == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert split_names("Thủ trưởng các sở, ban, ngành và Ủy ban nhân dân phường, xã, đặc khu") == [
        "Thủ trưởng các sở, ban, ngành", "Ủy ban nhân dân phường, xã, đặc khu"]


def test_text_that_names_no_body_is_not_an_agency():
    assert parse_heading("Công tác tiếp nhận và hỗ trợ nạn nhân: Tổ chức nắm tình hình") is None
    assert parse_heading("Kinh phí thực hiện") is None


def test_cooperating_bodies_come_from_phoi_hop_voi():
    assert cooperating_in("Chủ trì, phối hợp Sở Tài chính và các cơ quan liên quan tham mưu UBND tỉnh") == [
        "Sở Tài chính", "Các cơ quan liên quan"]
    assert cooperating_in("Phối hợp chặt chẽ, thường xuyên trong công tác") == []


def test_duty_kinds():
    assert kind_of("Định kỳ tháng, quý, năm báo cáo đánh giá tình hình") == "report"
    assert kind_of("Tổng hợp báo cáo BCĐ, báo cáo cấp trên theo quy định.") == "report"
    assert kind_of("Thường xuyên tuyên truyền công tác quản lý") == "continuous"
    assert kind_of("Tham mưu kiện toàn Ban Chỉ đạo.") == "one_off"
