"""Patterns tried only where their first word stands find what re.finditer finds."""
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from workflows.importing import agencies, cadences, duties, reporting
from workflows.importing.word_scan import alternation, finditer_at

# Pieces of plan text, in every case, with the letters lowering changes the places of ("İ")
# or that re takes for others ignoring case ("ı", "ſ", the Kelvin sign).
PIECES = ["định kỳ", "ĐỊNH KỲ", "Định  kỳ", "đỊnh kỲ", "phối hợp với", "PHỐI HỢP", "phốı hợp", "báo cáo",
          "BÁO CÁO", "trong 10 ngày kể từ ngày nhận", "TRONG VÒNG 5 NGÀY LÀM VIỆC, KỂ TỪ NGÀY KÝ",
          "hằng năm", "6 tháng", "năm", "quý", "hằng tháng", "trước ngày 15/12", "Sở Y tế", " ", ", ", ".",
          ";", "1.5", "İ", "ı", "ſ", "\u212a", "kết quả", "về", "hợp", "định", "12"]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
CASES = [(cadences._PERIODIC, "định", 0), (cadences._AFTER_REPORT, "báo", 0),
         (duties._COOP_RE, "hợp", 5), (duties._FROM_ISSUE, "trong", 0)]


def spans(matches):
    return [(m.span(), m.groups()) for m in matches]


@given(texts, st.integers(0, 3))
@example("İİ định kỳ hằng năm báo cáo hằng năm; phối hợp với Sở Y tế trong 10 ngày kể từ ngày nhận", 0)
def test_the_same_matches_as_finditer(text, pos):
    for rx, word, offset in CASES:
        assert spans(finditer_at(rx, text, text.lower(), word, offset, pos)) == spans(rx.finditer(text, pos))


def test_words_holding_i_or_s_are_refused():
    with pytest.raises(ValueError):
        list(finditer_at(duties._COOP_RE, "phối hợp", "phối hợp", "phối"))


@given(texts)
def test_a_clause_ends_where_it_did_with_the_look_back_first(text):
    before = re.compile(r"(?<=[^\d])[.;]")
    assert reporting._CLAUSE_END.split(text) == before.split(text)


HEADS = sorted(agencies._HEADS, key=len, reverse=True)
FLAT_HEAD = re.compile("^(?:" + "|".join(map(re.escape, HEADS)) + r")(?=[\s,:;.)]|$)", re.IGNORECASE)
cased = st.tuples(st.sampled_from(HEADS + ["ſở", "\u212aho bạc", "İ", "chủ trì"]),
                  st.sampled_from([str.lower, str.upper, str.title, str]),
                  st.sampled_from(["", " ", " y tế", ", ", ".", "x", ":"])).map(lambda t: t[1](t[0]) + t[2])


@given(cased)
def test_heads_grouped_by_first_letter_match_as_the_flat_alternation(text):
    assert spans([agencies.HEAD_RE.match(text)] if agencies.HEAD_RE.match(text) else []) == \
        spans([FLAT_HEAD.match(text)] if FLAT_HEAD.match(text) else [])


def test_words_that_re_takes_for_one_another_are_refused():
    with pytest.raises(ValueError):
        alternation(["sở", "ſa"])


VERBS = agencies.VERBS + agencies._SENTENCE_VERBS
FLAT_VERB = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, VERBS)) + r")(?![\w])")


@given(st.lists(st.sampled_from(VERBS + ["Sở", "các tổ chức", " ", ", ", "x", "TỔ CHỨC", "tổng"]), max_size=8)
       .map(" ".join))
def test_verbs_grouped_by_first_letter_match_as_the_flat_alternation(text):
    assert spans(agencies._VERB_RE.finditer(text)) == spans(FLAT_VERB.finditer(text))


@given(texts, st.integers(0, 3))
def test_kept_periodic_statements_are_the_matches_of_the_pattern(text, pos):
    def read(matches):
        return [(m.span(), m.group("units"), m.group("dates"), m.group("day")) for m in matches]

    for copy in (text, text + " " * cadences._KEPT_LENGTH):  # kept, and too long to keep
        kept = finditer_at(cadences._PERIODIC, copy, copy.lower(), "định", pos=pos, match=cadences._periodic_at)
        assert read(kept) == read(cadences._PERIODIC.finditer(copy, pos))


FLAT_STOP = re.compile(r"\s*(?:[(.:]|[,;]\s*(?![^\W\d_]*\s*(?:phường|xã|thị trấn|thị xã|thành phố|"
                       r"ban|ngành|đoàn thể|đơn vị|huyện|quận|đặc khu)\b))|\s+(?:để|nhằm|trước|theo|"
                       r"trong|tại|khi|đồng thời)\s")
FLAT_CAP_HEAD = re.compile("^(?:" + "|".join(map(re.escape, HEADS)) + r")(?=[\s,:;.)]|$)")


@given(st.lists(st.sampled_from(["Sở", " ", "  ", ",", ";", ".", "(", ":", "để", "trong", "xã", "x", "Y", "ban",
                                 "\n", "1", "Phòng", "Các", "\u3000", "Đài"]), max_size=10).map("".join))
def test_stops_and_capital_heads_are_where_the_flat_patterns_find_them(text):
    assert spans(agencies._STOP_RE.finditer(text)) == spans(FLAT_STOP.finditer(text))
    assert spans(agencies._CAP_HEAD_RE.finditer(text)) == spans(FLAT_CAP_HEAD.finditer(text))
