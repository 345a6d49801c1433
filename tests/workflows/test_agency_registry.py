"""Matching the agency names plans write to registered agencies.

The spellings below are taken from the seed plans' expected alias lists."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workflows.agency_names import ABBREVIATIONS, literal_key, name_keys, strip_qualifier, tidy_name, word_key
from workflows.agency_registry import (
    Agency,
    MatchContext,
    MatchResult,
    Registry,
    UnknownAgency,
    guess_level,
    match,
    propose_agency,
    slug,
)

PROVINCE = MatchContext("province", "Kiên Giang")
DISTRICT = MatchContext("district", "Cầu Giấy")
COMMUNE = MatchContext("commune", "Lào Cai")


def same_body(a: str, b: str) -> bool:
    return bool(name_keys(a) & name_keys(b))


@pytest.fixture
def province() -> Registry:
    return Registry(
        [
            Agency("ldtbxh", "Sở Lao động - Thương binh và Xã hội", "province", abbreviations=("Sở LĐTBXH",)),
            Agency("yte", "Sở Y tế", "province"),
            Agency("taichinh", "Sở Tài chính", "province"),
            Agency("gddt", "Sở Giáo dục và Đào tạo", "province"),
            Agency("vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "province"),
            Agency("khdt", "Sở Kế hoạch và Đầu tư", "province"),
            Agency("ca-tinh", "Công an tỉnh", "province", place="Kiên Giang"),
            Agency("ca-xa", "Công an xã", "commune"),
            Agency("hoi-nd", "Hội Nông dân tỉnh", "province"),
            Agency("hoi-pn", "Hội Liên hiệp Phụ nữ tỉnh", "province"),
            Agency("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "province"),
            Agency("ubnd-xa", "Ủy ban nhân dân các xã, phường", "commune"),
        ]
    )


# -- equivalences -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐ-TBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động - TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động-Thương binh và Xã hội", "Sở Lao động – Thương binh và Xã hội"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở GDĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở VH-TT-DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VHTTDL", "Sở Văn hoá, Thể thao và Du lịch"),
        ("Sở VH,TT&DL", "Sở Văn hóa - Thể thao và Du lịch"),
        ("Cán bộ Văn hóa-Xã hội", "Cán bộ Văn hóa - Xã hội"),
        ("UBND các xã, phường", "Uỷ ban nhân dân các xã, phường"),
        ("UBMTTQ phường", "Ủy ban Mặt trận Tổ quốc Việt Nam phường"),
        ("MTTQ phường", "Ủy ban Mặt trận Tổ quốc phường"),
        ("UBMTTQVN TP", "Ủy ban MTTQ Việt Nam thành phố"),
        ("BCĐ phòng chống tội phạm", "Ban Chỉ đạo phòng chống tội phạm"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở KHCN", "Sở Khoa học và Công nghệ"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở NN&MT", "Sở Nông nghiệp - Môi trường"),
        ("Sở GTVT", "Sở Giao thông vận tải"),
        ("Thường trực HĐND tỉnh", "Thường trực Hội đồng nhân dân tỉnh"),
        ("BHXH tỉnh", "Bảo hiểm xã hội tỉnh"),
        ("Tỉnh đoàn TNCS HCM", "Tỉnh đoàn Thanh niên Cộng sản Hồ Chí Minh"),
        ("Hội LHPN tỉnh", "Hội Liên hiệp Phụ nữ tỉnh"),
        ("Hội CCB", "Hội Cựu chiến binh"),
        ("TAND TP", "Toà án nhân dân thành phố"),
        ("Viện KSND TP", "Viện kiểm sát nhân dân thành phố"),
        ("VKSND thành phố", "Viện kiểm sát nhân dân thành phố"),
        ("Các TC CT-XH", "Các tổ chức chính trị - xã hội"),
        ("Liên minh HTX tỉnh", "Liên minh Hợp tác xã Tỉnh"),
        ("Sở Công Thương", "Sở Công thương"),
        ("**Sở Y tế**", "Sở Y tế."),
        ("Các sở, ban, ngành", "Sở, ban, ngành"),
        ("Đề nghị Hội Nông dân", "Hội Nông dân"),
        ("Giao Sở Y tế", "Sở Y tế"),
        ("BCH Bộ đội Biên phòng TP", "Bộ Chỉ huy Bộ đội Biên phòng thành phố"),
        ("BCH Bộ đội Biên phòng TP", "Ban Chỉ huy Bộ đội Biên phòng thành phố"),
        ("Thủ trưởng các sở, ban, ngành", "Các sở, ban, ngành"),
        ("Chủ tịch Ủy ban nhân dân các xã, thị trấn", "UBND các xã, thị trấn"),
        ("Trưởng phòng Lao động - Thương binh và Xã hội", "Phòng Lao động - Thương binh và Xã hội"),
        ("Ủy ban nhân dân phường, xã, đặc khu", "UBND các xã, phường, đặc khu"),
        ("CDC tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh"),
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ],
)
def test_spellings_of_one_body_share_a_key(a: str, b: str) -> None:
    assert same_body(a, b)
    assert same_body(b, a)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sở Y tế", "Sở Tài chính"),
        ("Công an tỉnh", "Công an xã"),
        ("Hội Nông dân", "Hội Phụ nữ"),
        ("Sở Kế hoạch và Đầu tư", "Sở Khoa học và Công nghệ"),
        ("Tòa án nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh"),
        ("Ban Chỉ đạo", "Ban Chỉ huy"),
        ("Sở Tài chính", "Sở Tư pháp"),
        ("Phòng Văn hóa và Thông tin", "Phòng Văn hóa - Xã hội"),
        ("Trường Chính trị tỉnh", "Chính trị tỉnh"),
        ("Các tổ chức chính trị - xã hội xã", "Các tổ chức chính trị xã"),
        ("Hợp tác xã", "Hợp tác"),
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân xã"),
        ("Hội đồng nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
    ],
)
def test_different_bodies_never_share_a_key(a: str, b: str) -> None:
    assert not same_body(a, b)


@pytest.mark.parametrize(
    "written, tidy",
    [
        ("**Sở Y tế**", "Sở Y tế"),
        ("Văn hóa-Xã hội", "Văn hóa - Xã hội"),
        ("Sở Lao động – Thương binh và Xã hội;", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐ-TB&XH", "Sở LĐ-TB&XH"),
        ("Đề nghị các tổ chức  chính trị - xã hội.", "Các tổ chức chính trị - xã hội"),
        ("Giao Ủy ban nhân dân các xã", "Ủy ban nhân dân các xã"),
        ("# Công an `tỉnh`", "Công an tỉnh"),
        ("giao cho phòng Y tế", "Phòng Y tế"),
        ("Giao thông vận tải", "Giao thông vận tải"),
        ("\u00d0oàn Thanh niên", "Đoàn Thanh niên"),
        ("Sở Giao thông vận tải", "Sở Giao thông vận tải"),
    ],
)
def test_tidy_name(written: str, tidy: str) -> None:
    assert tidy_name(written) == tidy


def test_tone_placement_is_spelling() -> None:
    assert word_key("hoá") == word_key("hóa")
    assert word_key("uỷ") == word_key("ủy")
    assert word_key("Toà") == word_key("tòa")
    assert word_key("hóa") != word_key("hòa")


# -- matching ---------------------------------------------------------------------------------


def test_exact_alias_and_normalised(province: Registry) -> None:
    assert province.match("Sở Y tế") == MatchResult("Sở Y tế", "yte", "exact", ("yte",))
    assert province.match("sở y tế.").confidence == "exact"
    assert province.match("Sở LĐTBXH").confidence == "alias"
    result = province.match("Sở LĐ-TB&XH")
    assert (result.agency_id, result.confidence) == ("ldtbxh", "normalised")
    assert province.match("Sở VH,TT&DL").agency_id == "vhttdl"
    assert province.match("UBMTTQ Việt Nam tỉnh").agency_id == "mttq"
    assert province.match("UBND xã, phường").agency_id == "ubnd-xa"


@pytest.mark.parametrize(
    "name, other",
    [("Sở Y tế", "taichinh"), ("Công an tỉnh", "ca-xa"), ("Hội Nông dân tỉnh", "hoi-pn")],
)
def test_different_agencies_are_never_merged(province: Registry, name: str, other: str) -> None:
    for context in (None, PROVINCE, COMMUNE):
        assert province.match(name, context).agency_id != other


def test_unregistered_name_is_proposed_not_merged(province: Registry) -> None:
    result = province.match("Sở Tư pháp", PROVINCE)
    assert result.agency_id is None and result.confidence == "none"
    assert result.proposal == Agency("new:so-tu-phap", "Sở Tư pháp", "province", place="Kiên Giang")
    assert province.match("Hội Phụ nữ", PROVINCE).agency_id is None
    assert province.match("Công an huyện", PROVINCE).agency_id is None


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Sở Y tế tỉnh Kiên Giang", "yte"),
        ("Sở Y tế tỉnh", "yte"),
        ("Sở Y tế Kiên Giang", "yte"),
        ("Công an", "ca-tinh"),
        ("Công an tỉnh Kiên Giang", "ca-tinh"),
        ("Hội Nông dân", "hoi-nd"),
        ("Hội Nông dân tỉnh Kiên Giang", "hoi-nd"),
        ("Ủy ban MTTQ", "mttq"),
        ("Các sở LĐTBXH cấp tỉnh", "ldtbxh"),
    ],
)
def test_level_and_place_qualifiers_the_plan_explains(province: Registry, name: str, expected: str) -> None:
    result = province.match(name, PROVINCE)
    assert (result.agency_id, result.confidence) == (expected, "normalised")


def test_qualifiers_are_not_ignored_without_context(province: Registry) -> None:
    result = province.match("Công an")
    assert result.agency_id is None
    assert set(result.candidates) == {"ca-tinh", "ca-xa"}
    assert province.match("Sở Y tế tỉnh Kiên Giang").agency_id is None


def test_a_qualifier_of_another_level_is_kept(province: Registry) -> None:
    assert province.match("Công an xã", PROVINCE).agency_id == "ca-xa"
    assert province.match("Công an", COMMUNE).agency_id == "ca-xa"
    assert province.match("Công an tỉnh", MatchContext("commune", "Kiên Giang")).agency_id == "ca-tinh"
    # ... but a ward of Lào Cai's "Công an tỉnh" is Lào Cai's, never Kiên Giang's
    assert province.match("Công an tỉnh", COMMUNE).agency_id is None
    assert province.match("Công an huyện", COMMUNE).agency_id is None


def test_lists_of_levels_and_compounds_are_not_qualifiers() -> None:
    commune = MatchContext("commune")
    for name in ("Ủy ban nhân dân xã, phường", "UBND các huyện, thị xã", "Hợp tác xã", "Công an thị xã"):
        for key in name_keys(name):
            assert strip_qualifier(key, commune.level) is None, name


def test_district_plan() -> None:
    registry = Registry(
        [
            Agency("ca-quan", "Công an quận", "district", place="Cầu Giấy"),
            Agency("vks-quan", "Viện kiểm sát nhân dân quận", "district"),
            Agency("mttq-quan", "Ủy ban Mặt trận Tổ quốc Việt Nam quận", "district"),
            Agency("ldtbxh", "Phòng Lao động - Thương binh và Xã hội", "district"),
        ]
    )
    assert registry.match("Viện Kiểm sát nhân dân", DISTRICT).agency_id == "vks-quan"
    assert registry.match("Ủy ban Mặt trận Tổ quốc VN", DISTRICT).agency_id == "mttq-quan"
    assert registry.match("Ủy ban MTTQ quận", DISTRICT).agency_id == "mttq-quan"
    assert registry.match("Công an quận Cầu Giấy", DISTRICT).agency_id == "ca-quan"
    assert registry.match("Phòng Lao động – Thương binh và Xã hội huyện", DISTRICT).agency_id == "ldtbxh"


def test_ambiguous_names_match_nothing_and_list_both() -> None:
    registry = Registry(
        [
            Agency("ban-ch", "Ban Chỉ huy Bộ đội Biên phòng", "province"),
            Agency("bo-ch", "Bộ Chỉ huy Bộ đội Biên phòng", "province"),
        ]
    )
    result = registry.match("BCH Bộ đội Biên phòng")
    assert (result.agency_id, result.confidence, result.candidates) == (None, "none", ("ban-ch", "bo-ch"))
    assert result.proposal is not None


def test_same_name_in_two_places_is_decided_by_the_plans_place() -> None:
    registry = Registry(
        [
            Agency("yte-kg", "Sở Y tế", "province", place="Kiên Giang"),
            Agency("yte-ct", "Sở Y tế", "province", place="Cần Thơ"),
        ]
    )
    assert registry.match("Sở Y tế").candidates == ("yte-ct", "yte-kg")
    assert registry.match("Sở Y tế").agency_id is None
    assert registry.match("Sở Y tế", MatchContext("province", "Cần Thơ")).agency_id == "yte-ct"
    assert registry.match("Sở Y tế thành phố Cần Thơ", MatchContext("province", "Cần Thơ")).agency_id == "yte-ct"


def test_rename_and_merger_through_aliases(province: Registry) -> None:
    registry = Registry([Agency("noivu", "Sở Nội vụ", "province")])
    assert registry.match("Sở LĐTBXH").agency_id is None
    updated = registry.add_alias("noivu", "Sở Lao động - Thương binh và Xã hội")
    assert updated.aliases == ("Sở Lao động - Thương binh và Xã hội",)
    assert registry.find_by_id("noivu") == updated
    assert registry.match("Sở Lao động - Thương binh và Xã hội").confidence == "alias"
    assert registry.match("Sở LĐ-TB&XH").agency_id == "noivu"
    renamed = registry.rename("noivu", "Sở Nội vụ và Lao động")
    assert renamed.name == "Sở Nội vụ và Lao động"
    assert registry.match("Sở Nội vụ").confidence == "alias"
    assert registry.match("Sở Nội vụ và Lao động").confidence == "exact"


def test_registry_errors() -> None:
    registry = Registry([Agency("yte", "Sở Y tế", "province")])
    with pytest.raises(ValueError, match="already registered"):
        registry.add(Agency("yte", "Sở Y tế", "province"))
    with pytest.raises(UnknownAgency):
        registry.add_alias("nope", "Sở Y tế")
    with pytest.raises(ValueError):
        Agency("x", "  ** ", "province")
    with pytest.raises(ValueError):
        Agency("x", "Sở Y tế", "ministry")  # type: ignore[arg-type]
    assert registry.find_by_id("nope") is None
    assert "yte" in registry and len(registry) == 1


def test_match_all_and_module_function(province: Registry) -> None:
    results = province.match_all(["Sở Y tế", "Sở GD&ĐT", "Sở Tư pháp"], PROVINCE)
    assert [r.agency_id for r in results] == ["yte", "gddt", None]
    assert match("Sở Y tế", province) == results[0]


@pytest.mark.parametrize(
    "name, context, level",
    [
        ("Công an huyện", None, "district"),
        ("UBND các xã, phường", None, "commune"),
        ("Sở Tư pháp", None, "province"),
        ("Bộ Y tế", None, "central"),
        ("Bộ Chỉ huy Quân sự", PROVINCE, "province"),
        ("Công an thành phố", PROVINCE, "province"),
        ("Công an thành phố", DISTRICT, "district"),
        ("Hợp tác xã Đoàn Kết", DISTRICT, "district"),
        ("Đài Phát thanh", None, "other"),
    ],
)
def test_guess_level(name: str, context: MatchContext | None, level: str) -> None:
    assert guess_level(name, context) == level
    assert propose_agency(name, context).level == level


def test_slug() -> None:
    assert slug("Sở Lao động - Thương binh và Xã hội") == "so-lao-dong-thuong-binh-va-xa-hoi"
    assert slug("Đoàn TNCS Hồ Chí Minh") == "doan-tncs-ho-chi-minh"


# -- properties -------------------------------------------------------------------------------

vietnamese = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịúùủũụ"
    "ABCĐGHKLMNPQTVXÝỲ -–&,.*#_",
    min_size=1,
    max_size=40,
)
levels = st.sampled_from(["province", "district", "commune", "central", "other"])


@settings(max_examples=300)
@given(vietnamese)
def test_normalisation_is_idempotent(name: str) -> None:
    tidy = tidy_name(name)
    assert tidy_name(tidy) == tidy
    assert name_keys(tidy) == name_keys(name)
    assert literal_key(tidy) == literal_key(name)
    for key in name_keys(name):
        assert tuple(word_key(w) for w in key) == key


@settings(max_examples=300)
@given(vietnamese, levels)
def test_a_registered_name_matches_itself(name: str, level: str) -> None:
    assume(tidy_name(name))
    registry = Registry([Agency("a", name, level)])  # type: ignore[arg-type]
    for context in (None, MatchContext(level)):  # type: ignore[arg-type]
        result = registry.match(name, context)
        assert (result.agency_id, result.confidence) == ("a", "exact")


@settings(max_examples=300)
@given(vietnamese, st.lists(st.tuples(vietnamese, levels), max_size=5), levels)
def test_unrelated_agencies_never_change_an_exact_match(name: str, others: list, level: str) -> None:
    assume(tidy_name(name))
    others = [(n, lv) for n, lv in others if tidy_name(n) and literal_key(n) != literal_key(name)]
    registry = Registry([Agency("a", name, level)])  # type: ignore[arg-type]
    before = registry.match(name)
    for i, (other, other_level) in enumerate(others):
        registry.add(Agency(f"o{i}", other, other_level))
    assert registry.match(name) == before == MatchResult(name, "a", "exact", ("a",))


plain_word = st.text(alphabet="abcdđeghiklmnopqrstuvxyáàảãạêếềểễệôốồổỗộơớờởỡợưứừửữự", min_size=1, max_size=7).filter(
    lambda w: w not in ABBREVIATIONS and name_keys(w) == {(word_key(w),)}
)


@settings(max_examples=300)
@given(plain_word, plain_word, st.sampled_from([None, PROVINCE, DISTRICT, COMMUNE]))
def test_a_different_word_is_a_different_agency(word: str, other: str, context: MatchContext | None) -> None:
    assume(word_key(word) != word_key(other))
    registry = Registry([Agency("a", f"Hội {other} tỉnh", "province")])
    assert registry.match(f"Hội {word} tỉnh", context).agency_id is None
    assert registry.match(f"Hội {word}", context).agency_id is None


@pytest.mark.parametrize("name", [
    "Các đồng chí bí thư chi bộ", "các cơ quan, đơn vị liên quan", "Các cơ quan liên quan",
    "Các cơ quan liên quan trong phạm vi chức năng, nhiệm vụ của mình", "Các sở, ngành có liên quan",
    "Các phòng, ban, ngành huyện có liên quan", "Các cơ quan, đơn vị được giao chủ trì",
    "Các tổ chức, cá nhân có liên quan", "Các lực lượng trên địa bàn",
    # people: a title with no body after it, staff, members
    "Các Phó chủ tịch", "Cán bộ phụ trách lĩnh vực", "Các chuyên viên khác",
    "Các thành viên khác trong tiểu ban"])
def test_phrases_that_name_no_body(name: str) -> None:
    from workflows.agency_phrases import names_no_body

    assert names_no_body(name)


@pytest.mark.parametrize("name", [
    "Các sở, ban, ngành", "Các sở, ban, ngành cấp tỉnh", "Các tổ chức chính trị - xã hội",
    "Các tổ chức cung cấp dịch vụ chi trả", "Các đoàn thể", "Các phòng, ban, ngành huyện",
    "Các tổ dân phố", "Ủy ban nhân dân các xã, thị trấn", "Ngành Y tế", "Cán bộ Văn hóa - Xã hội",
    "Các tổ chức thành viên", "Ban Thường trực Ủy ban MTTQ Việt Nam xã"])
def test_bodies_and_collective_bodies_are_bodies(name: str) -> None:
    from workflows.agency_phrases import names_no_body

    assert not names_no_body(name)


@pytest.mark.parametrize("title, body", [
    ("Giám đốc Sở Y tế", "Sở Y tế"), ("Chủ tịch UBND các xã", "UBND các xã"),
    ("Trưởng phòng Lao động - Thương binh và Xã hội", "Phòng Lao động - Thương binh và Xã hội"),
    ("Thủ trưởng các sở, ban, ngành", "Các sở, ban, ngành"), ("Trường Đại học Cần Thơ", "Trường Đại học Cần Thơ")])
def test_a_head_s_title_gives_the_duty_to_the_body(title: str, body: str) -> None:
    from workflows.agency_phrases import body_name

    assert body_name(title) == body
    assert propose_agency(title, PROVINCE).name == body
