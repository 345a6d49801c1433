"""Generated wordings of reporting clauses: the importer must read the language, not a file.

Each case writes one plan around a reporting clause in one of the ways Vietnamese plans say it
(line breaks anywhere, dates in brackets or not, "hằng"/"hàng", months in digits or words, a
sentence opening with "Hằng năm báo cáo", a header laid out as a table) and checks the cadence,
the due date and who must send it.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.importing import import_plan

EACH = st.sampled_from(["hằng", "hàng"])
SIX = st.sampled_from(["6", "06", "sáu"])
NOV = st.sampled_from(["11", "mười một"])
HEADERS = [
    ["Số: 12/KH-UBND", "Hà Giang, ngày 5 tháng 1 năm 2024"],
    ["| ỦY BAN NHÂN DÂN TỈNH HÀ GIANG Số: 12/KH-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
     "Hà Giang, ngày 5 tháng 1 năm 2024 |"],
    ["|", "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "Số: 12/KH-UBND", "|", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
     "Hà Giang, ngày 5 tháng 1 năm 2024", "|", ""],
    ["| Số: 12/KH-UBND | Hà Giang, ngày 5 tháng 1 năm 2024 |"],
]
BODIES = ["1. Sở Y tế: Tổ chức tập huấn cho cán bộ y tế cơ sở.",
          "2. Sở Tài chính: Bố trí kinh phí thực hiện Kế hoạch.",
          "3. Ủy ban nhân dân các huyện, thành phố: Xây dựng kế hoạch cụ thể tại địa phương."]
ALL = {"Sở Y tế", "Sở Tài chính", "Ủy ban nhân dân các huyện, thành phố"}
RECIPIENT = "Sở Lao động - Thương binh và Xã hội"


def plan(header, clause_lines, inside=None):
    """A plan whose closing paragraph (or, with ``inside``, the duty list of body ``inside``)
    holds the clause."""
    bodies = list(BODIES)
    if inside is not None:
        bodies[inside + 1:inside + 1] = ["- " + clause_lines[0]] + clause_lines[1:]
        closing = []
    else:
        closing = [""] + clause_lines
    lines = header + ["", "KẾ HOẠCH", "Phòng, chống tệ nạn xã hội năm 2024", "",
                      "I. MỤC TIÊU", "- Phấn đấu 100% hộ dân được tuyên truyền.", "",
                      "II. TỔ CHỨC THỰC HIỆN"] + bodies + closing
    return import_plan("\n".join(lines).encode(), "12-KH-UBND.md")


@st.composite
def broken(draw, text):
    """The clause with line breaks between words (never before a dash, never leaving a line of
    capitals alone: a converter does neither without changing the meaning)."""
    words = text.split(" ")
    lines, current = [], [words[0]]
    for w in words[1:]:
        if w != "-" and current[-1] != "-" and draw(st.booleans()) and any(c.islower() for c in " ".join(current)):
            lines.append(" ".join(current))
            current = [w]
        else:
            current.append(w)
    lines.append(" ".join(current))
    if not any(c.islower() for c in lines[-1]) and len(lines) > 1:
        lines[-2:] = [lines[-2] + " " + lines[-1]]
    return lines


def reports(draft):
    return {(r["cadence"], r["due"]): set(r["from"]) for r in draft["reporting"]}


@settings(max_examples=60, deadline=None)
@given(st.data(), st.sampled_from(HEADERS), EACH, SIX, st.booleans())
def test_a_class_reports_six_monthly_and_yearly(data, header, each, six, bracket):
    dates = "trước ngày 15/6 và 15/12"
    when = f"({dates})" if bracket else dates
    text = (f"Các sở, ban, ngành tỉnh, Ủy ban nhân dân các huyện, thành phố định kỳ {six} tháng, "
            f"{each} năm {when} báo cáo kết quả thực hiện về {RECIPIENT} để tổng hợp.")
    draft = plan(header, data.draw(broken(text)))
    assert draft["number"] == "12/KH-UBND" and draft["issued_on"] == "2024-01-05"
    assert reports(draft) == {("semiannual", "06-15"): ALL, ("annual", "12-15"): ALL}


@settings(max_examples=60, deadline=None)
@given(st.data(), EACH, st.sampled_from(["Hằng", "Hàng"]), st.booleans())
def test_a_sentence_opening_with_the_cadence_inside_one_body_s_duties(data, each, opening, comma):
    text = f"{opening} năm{',' if comma else ''} báo cáo kết quả thực hiện về {RECIPIENT}."
    draft = plan(HEADERS[0], data.draw(broken(text)), inside=1)
    assert reports(draft) == {("annual", None): {"Sở Tài chính"}}


@settings(max_examples=60, deadline=None)
@given(st.data(), EACH, st.integers(min_value=15, max_value=28))
def test_a_monthly_report_with_its_day(data, each, day):
    text = (f"Ủy ban nhân dân các huyện, thành phố báo cáo kết quả thực hiện về Sở Y tế "
            f"trước ngày {day} {each} tháng.")
    draft = plan(HEADERS[0], data.draw(broken(text)))
    assert reports(draft) == {("monthly", f"{day:02d}"): {"Ủy ban nhân dân các huyện, thành phố"}}


@settings(max_examples=60, deadline=None)
@given(st.data(), EACH, NOV, st.sampled_from(["(trước ngày 15 tháng {m})", "trước ngày 15 tháng {m}"]))
def test_a_yearly_date_after_the_clause_on_the_next_line(data, each, month, shape):
    first = f"Các sở, ban, ngành tỉnh báo cáo kết quả về {RECIPIENT} {each} năm"
    lines = data.draw(broken(first)) + [shape.format(m=month) + "."]
    draft = plan(HEADERS[0], lines)
    assert reports(draft) == {("annual", "11-15"): {"Sở Y tế", "Sở Tài chính"}}


@settings(max_examples=40, deadline=None)
@given(st.data(), st.sampled_from(["trước ngày 01/6 và 15/11", "trước ngày 01 tháng 6 và 15 tháng mười một"]), EACH)
def test_two_dates_a_year_are_the_six_month_and_the_yearly_report(data, dates, each):
    text = f"Sở Y tế định kỳ {dates} {each} năm báo cáo kết quả về {RECIPIENT}."
    draft = plan(HEADERS[0], data.draw(broken(text)))
    assert reports(draft) == {("semiannual", "06-01"): {"Sở Y tế"}, ("annual", "11-15"): {"Sở Y tế"}}


def test_a_clause_with_no_sender_is_a_warning_naming_its_line():
    draft = plan(HEADERS[0], ["Định kỳ hằng quý báo cáo kết quả về Ủy ban nhân dân tỉnh."])
    (entry,) = draft["reporting"]
    assert entry["from"] == [] and entry["cadence"] == "quarterly"
    assert any(w.startswith(f"line {entry['line']}: the quarterly report") and "'from'" in w
               for w in draft["warnings"])


def test_a_deadline_counted_from_receipt_is_a_date_from_the_issue_date():
    draft = plan(HEADERS[0], ["4. Sở Nội vụ: Gửi kế hoạch về Ủy ban nhân dân tỉnh trong thời hạn 10 ngày "
                              "kể từ ngày nhận Kế hoạch này."])
    duty = next(a for a in draft["assignments"] if a["agencies"] == ["Sở Nội vụ"])["duties"][0]
    assert duty["due"] == "2024-01-15" and duty["kind"] == "one_off"


@settings(max_examples=60, deadline=None)
@given(st.data(), st.sampled_from(["Định kỳ hằng quý,", "Hằng quý,", "Hàng quý,", "Định kỳ hàng quý"]),
       st.sampled_from(["Ủy ban nhân dân các huyện, thành phố", "Sở Y tế"]),
       st.sampled_from(["về", "cho", "gửi", "gửi về"]))
def test_an_opening_cadence_then_the_sender_then_the_recipient(data, opening, sender, to):
    text = f"{opening} {sender} báo cáo kết quả thực hiện {to} {RECIPIENT}."
    draft = plan(HEADERS[0], data.draw(broken(text)))
    assert [(r["cadence"], r["recipient"], r["from"]) for r in draft["reporting"]] == [
        ("quarterly", RECIPIENT, [sender])]


@settings(max_examples=40, deadline=None)
@given(st.data(), EACH, st.sampled_from(["(trước ngày {d})", "trước ngày {d}", "(chậm nhất ngày {d})"]),
       st.integers(min_value=15, max_value=28))
def test_a_monthly_day_after_the_cadence(data, each, shape, day):
    text = f"Sở Tài chính định kỳ {each} tháng {shape.format(d=day)} báo cáo kết quả về {RECIPIENT}."
    draft = plan(HEADERS[0], data.draw(broken(text)))
    assert reports(draft) == {("monthly", f"{day:02d}"): {"Sở Tài chính"}}
