"""Collective bodies are recognised by their words, not by a list of phrases: any body head,
any list of commune (or district) unit words joined as plans join them, "các" or "cấp", a
head's title, a place qualifier; one body of one unit, or a body whose name holds "xã" as a
word of its field ("Bảo hiểm xã hội"), is not a collective (issue 13)."""
from hypothesis import given
from hypothesis import strategies as st

from workflows.collectives import (COMMUNE_UNITS, Collective, check_quorum, collective_of,
                                   duty_complete, members_of)
from workflows.importing.header import place_in_text
from workflows.importing.text import paragraphs
from workflows.places import communes_of, current_province, province_code

HEADS = ["Ủy ban nhân dân", "UBND", "Uỷ ban nhân dân", "Công an", "Trạm Y tế", "Hội Nông dân",
         "Ủy ban Mặt trận Tổ quốc Việt Nam", "Đoàn Thanh niên", ""]
TITLES = ["", "Chủ tịch ", "Chủ tịch ", "Thủ trưởng ", "Lãnh đạo "]
JOINS = [", ", " và ", "/", "; ", ", các "]
QUALIFIERS = ["", " trên địa bàn tỉnh", " thuộc thành phố", " trên địa bàn"]
PROVINCES = ["Quảng Ninh", "Cần Thơ", "Đồng Tháp", "Hồ Chí Minh", "Đắk Lắk", "Lào Cai"]


@st.composite
def collective(draw):
    units = draw(st.lists(st.sampled_from(COMMUNE_UNITS), min_size=1, max_size=4, unique=True))
    many = draw(st.sampled_from(["các ", ""] if len(units) > 1 else ["các "]))
    head = draw(st.sampled_from(HEADS))
    joined = units[0] + "".join(draw(st.sampled_from(JOINS)) + u for u in units[1:])
    title = draw(st.sampled_from(TITLES)) if head else ""
    name = f"{title}{head} {many}{joined}{draw(st.sampled_from(QUALIFIERS))}".strip()
    return name, head, tuple(units)


@given(collective())
def test_every_generated_collective_is_recognised_with_its_head_and_units(case):
    name, head, units = case
    found = collective_of(name)
    assert isinstance(found, Collective), name
    assert found.level == "commune"
    assert set(found.units) == set(units)
    expected = "UBND" if not head or head.casefold().replace("uỷ", "ủy") in ("ủy ban nhân dân", "ubnd") else head
    assert found.head == expected


@given(collective(), st.sampled_from(PROVINCES))
def test_members_are_the_province_s_communes_of_the_units_named(case, province):
    name, _, units = case
    code = province_code(current_province(province))
    members = members_of(collective_of(name), code) or ()
    wanted = [w for w in communes_of(code) if w.name.casefold().split(" ")[0] in {u.split()[0] for u in units}
              and any(w.name.casefold().startswith(u + " ") for u in units)]
    assert len(members) == len(wanted)
    assert {m.place_code for m in members} == {f"commune:{int(w.code)}" for w in wanted}
    assert all(m.name.endswith(m.place.split(" ", 1)[1]) for m in members)


def test_the_level_as_a_whole_is_every_commune():
    code = province_code(current_province("Quảng Ninh"))
    assert len(members_of(collective_of("UBND cấp xã"), code)) == len(communes_of(code)) == 54
    assert len(members_of(collective_of("các phường"), code)) == 30


@given(st.sampled_from(["UBND phường", "Công an xã", "Trạm Y tế phường", "Bảo hiểm xã hội tỉnh",
                        "Liên minh Hợp tác xã", "Sở Lao động - Thương binh và Xã hội", "Các sở, ban, ngành",
                        "Các phòng, ban, ngành, đoàn thể các phường", "Ủy ban nhân dân các thành phố",
                        "Ngân hàng Chính sách xã hội", "Các tổ chức chính trị - xã hội"]))
def test_one_body_is_not_a_collective(name):
    assert collective_of(name) is None


def test_district_collectives_have_no_known_members():
    found = collective_of("Ủy ban nhân dân các huyện, thị xã, thành phố")
    assert found.level == "district"
    assert members_of(found, "province:22") is None
    assert members_of(collective_of("UBND các xã, phường"), None) is None  # place unknown


@given(st.integers(0, 60), st.integers(1, 60), st.one_of(st.none(), st.integers(1, 60)))
def test_complete_at_all_members_or_at_the_quorum(done, total, quorum):
    done = min(done, total)
    assert duty_complete(done, total, quorum) == (done >= min(quorum or total, total))
    assert duty_complete(total, total, quorum)


def test_a_quorum_is_a_number_of_members():
    assert check_quorum(None, 5) is None and check_quorum(5, 5) == 5
    for bad in (0, 6, True, "3", 2.5):
        try:
            check_quorum(bad, 5)
        except ValueError as exc:
            assert "from 1 to 5" in str(exc)
        else:
            raise AssertionError(bad)


@given(st.sampled_from(["Lào Cai", "Quảng Ninh", "Bà Rịa - Vũng Tàu", "Đắk Nông"]),
       st.sampled_from(["trên địa bàn", "phạm vi toàn", "toàn"]))
def test_a_plan_without_its_header_takes_the_area_its_text_states(place, phrase):
    text = (f"KẾ HOẠCH\nPhòng chống ma túy năm 2021\nỦy ban nhân dân tỉnh xây dựng kế hoạch.\n"
            f"1. Tuyên truyền {phrase} tỉnh {place}.\n2. Kiểm tra tại thành phố Hạ Long.\n"
            f"3. Hỗ trợ người dân {phrase} tỉnh {place}, nhất là vùng biên giới.")
    paras = paragraphs(text.splitlines())
    assert place_in_text(paras, "Ủy ban nhân dân tỉnh") == (place, 4)
    assert place_in_text(paras, "Ban Thường trực") == (None, None)  # the issuer says no level
