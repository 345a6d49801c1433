"""Lists of bodies as plans write them, generated: joined with commas, "và", semicolons and line
breaks, abbreviated, with place qualifiers. Every body comes out whole, and a class phrase's
"concerned" qualifier never becomes part of a name (issue 13)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.importing.agencies import name_at, parse_heading, split_names

FIELDS = ["Y tế", "Tài chính", "Giáo dục và Đào tạo", "Văn hóa, Thể thao và Du lịch", "Nội vụ",
          "Khoa học và Công nghệ", "Lao động - Thương binh và Xã hội", "Tư pháp", "Công Thương",
          "Nông nghiệp và Môi trường", "GD&ĐT", "LĐTBXH", "KH&CN", "VHTTDL", "Xây dựng"]
PLACES = ["", " tỉnh", " thành phố", " huyện", " quận", " tỉnh Kiên Giang", " thành phố Cần Thơ",
          " Thành phố", " TP"]
ORGS = ["Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Hội Cựu chiến binh", "Liên đoàn Lao động",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Công an",
        "Tòa án nhân dân", "Viện Kiểm sát nhân dân", "Bộ Chỉ huy Quân sự", "Ủy ban nhân dân",
        "Báo", "Đài Phát thanh và Truyền hình", "Bảo hiểm xã hội", "Trung tâm Y tế", "UBND", "MTTQ"]
BARE = {"Công an", "UBND", "Ủy ban nhân dân", "Báo", "MTTQ"}
COLLECTIVES = ["Ủy ban nhân dân các xã, phường", "UBND các xã, thị trấn", "Các sở, ban, ngành",
               "Các tổ chức chính trị - xã hội", "Các tổ chức cung cấp dịch vụ chi trả",
               "Các doanh nghiệp cung cấp dịch vụ viễn thông", "Ủy ban nhân dân phường, xã, đặc khu"]
VAGUE = ["Các cơ quan liên quan", "các cơ quan, đơn vị liên quan", "Các đơn vị có liên quan"]
QUALIFIERS = [" trong phạm vi chức năng, nhiệm vụ của mình", " theo chức năng, nhiệm vụ được giao",
              " trong phạm vi chức năng, nhiệm vụ được giao"]
JOINS = [", ", " và ", "; ", ",\n", "\n"]


@st.composite
def body(draw) -> str:
    kind = draw(st.sampled_from(["so", "phong", "org", "collective"]))
    place = draw(st.sampled_from(PLACES))
    if kind == "so":
        return f"Sở {draw(st.sampled_from(FIELDS))}"
    if kind == "phong":
        return f"Phòng {draw(st.sampled_from(FIELDS))}{draw(st.sampled_from(['', ' huyện', ' quận']))}"
    if kind == "org":
        org = draw(st.sampled_from(ORGS))
        if org in BARE:  # "UBND" alone names nothing: plans write "UBND tỉnh"
            place = draw(st.sampled_from(PLACES[1:]))
        return f"{org}{place}".strip()
    return draw(st.sampled_from(COLLECTIVES))


@st.composite
def body_list(draw) -> tuple[list[str], str]:
    names = draw(st.lists(body(), min_size=1, max_size=5, unique=True))
    # "và" before a name that holds "và" (Giáo dục và Đào tạo) still splits at a new body
    text = names[0]
    for name in names[1:]:
        text += draw(st.sampled_from(JOINS)) + name
    return names, text


@settings(max_examples=300, deadline=None)
@given(body_list())
def test_every_body_of_a_joined_list_comes_out_whole(case):
    names, text = case
    assert split_names(text) == names


@settings(max_examples=300, deadline=None)
@given(body_list(), st.sampled_from(["chủ trì, phối hợp với", "tham mưu", "triển khai", "có trách nhiệm"]))
def test_names_before_the_duty_verb_are_not_cut_short(case, verb):
    names, text = case
    assert name_at(f"{text} {verb} các nội dung của Kế hoạch.") == names
    parsed = parse_heading(f"{text}: {verb[:1].upper()}{verb[1:]} các nội dung của Kế hoạch.")
    assert parsed is not None and parsed[0] == names


@settings(max_examples=200, deadline=None)
@given(body_list(), st.sampled_from(VAGUE), st.sampled_from(QUALIFIERS))
def test_a_class_phrase_loses_its_qualifier(case, vague, qualifier):
    names, text = case
    parsed = parse_heading(f"{text}, {vague}{qualifier}: Tổ chức thực hiện.")
    assert parsed is not None
    got = parsed[0]
    assert got[: len(names)] == names
    assert got[len(names):] == [vague[:1].upper() + vague[1:]]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(body(), st.integers(1, 7), st.sampled_from(["letter", "dash"])),
                min_size=1, max_size=4, unique_by=lambda t: t[0].upper()),
       st.sampled_from(["as written", "capitals", "capitals, no colon"]))
def test_a_heading_line_per_body_owns_the_items_after_it(bodies, case):
    """"Sở Y tế:" on a line of its own, then a) b) c) (or -) items: each item is a duty. A name
    in capitals ("SỞ Y TẾ", "UBND TP") right under the section's heading in capitals is a name
    of its own, not the heading's wrapped second line."""
    from workflows.importing import import_plan

    if case != "as written":
        bodies = [(name.upper(), n, style) for name, n, style in bodies]
    colon = "" if case == "capitals, no colon" else ":"
    lines = ["ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 12/KH-UBND", "Đồng Tháp, ngày 5 tháng 8 năm 2025",
             "KẾ HOẠCH", "Phòng, chống thiên tai năm 2025", "I. MỤC TIÊU", "- Bảo đảm an toàn.",
             "II. TỔ CHỨC THỰC HIỆN"]
    for name, n, style in bodies:
        lines.append(f"{name}{colon}")
        for i in range(n):
            mark = f"{'abcdefg'[i]})" if style == "letter" else "-"
            lines.append(f"{mark} Kiểm tra việc thực hiện nội dung số {i + 1} của Kế hoạch"
                         f"{'.' if i == n - 1 else ';'}")
    draft = import_plan("\n".join(lines).encode("utf-8"), "plan.txt")
    got = [(a["agencies"], len(a["duties"])) for a in draft["assignments"]]
    assert got == [([name], n) for name, n, _ in bodies]


ACTIVITIES = ["Ban hành", "Tổ chức", "Báo cáo", "Hội nghị", "Hội thảo", "Tổ chức các hội nghị",
              "Tổ chức Hội nghị", "Tổ chức Lễ", "Tổ chức Đại hội", "Đội ngũ"]
OBJECTS = ["kế hoạch tiếp công dân", "hiệp thương lần thứ nhất", "kết quả thực hiện", "tiếp xúc cử tri",
           "sơ kết 6 tháng", "ra quân", "cán bộ làm công tác bầu cử", ""]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ACTIVITIES), st.sampled_from(OBJECTS), st.sampled_from([":", "", "."]))
def test_an_activity_heading_is_not_a_body(activity, obj, mark):
    """Headings of what to do ("Ban hành kế hoạch", "Tổ chức các hội nghị hiệp thương", "Hội
    nghị hiệp thương") begin with a body's head word ("Ban", "Tổ", "Hội"), but name no body."""
    assert parse_heading(f"{activity} {obj}".strip() + mark) is None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["Ban Chỉ đạo 138", "Tổ chức Công đoàn", "Báo Cần Thơ", "Hội Nông dân", "Tổ kiểm phiếu",
                        "Hội Liên hiệp Phụ nữ", "Đội Kiểm tra liên ngành 178", "Ban Tuyên giáo và Dân vận"]),
       st.sampled_from(["trong quá trình kiểm tra", "khi phát hiện vi phạm", "nếu có vấn đề phát sinh", ""]),
       st.sampled_from(["báo cáo kịp thời", "tổ chức thực hiện", "yêu cầu các đơn vị khắc phục"]))
def test_a_body_with_the_same_head_words_stays_a_body_without_the_clause_after_it(name, clause, verb):
    parsed = parse_heading(f"{name} {clause} {verb}.".replace("  ", " "))
    assert parsed is not None and parsed[0] == [name]


HEADINGS = {  # how plans write a body's heading above its a) b) c) or - items
    "numbered": "{n}. {name}", "numbered, colon": "{n}. {name}:", "bold": "**{name}**",
    "dash": "- {name}:", "sub-numbered": "2.{n}. {name}", "paren": "{n}) {name}:", "giao": "{n}. Giao {name}:",
    "trách nhiệm của": "{n}. Trách nhiệm của {name}", "nhiệm vụ của": "{n}. Nhiệm vụ cụ thể của {name}:",
    "chủ trì, intro": "{n}. {name} chủ trì, phối hợp với các đơn vị liên quan:",
}


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(body(), st.integers(1, 5)), min_size=1, max_size=4, unique_by=lambda t: t[0].upper()),
       st.sampled_from(sorted(HEADINGS)), st.sampled_from(["letter", "dash", "plus"]))
def test_each_way_of_heading_a_body_owns_the_items_under_it(bodies, style, items):
    """Seven duties under "Sở Y tế" as a) ... g) are seven duties, however the heading is written
    (numbered, bold whose marks were lost, "Trách nhiệm của ...", a line that only introduces
    the items); none of them goes to the next body."""
    from workflows.importing import import_plan

    if style == "dash" and items == "letter":
        items = "plus"  # "- Sở Y tế:" then a) b): which outline level a) is, the text does not say
    lines = ["ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 12/KH-UBND", "Đồng Tháp, ngày 5 tháng 8 năm 2025",
             "KẾ HOẠCH", "Phòng, chống thiên tai năm 2025", "I. MỤC TIÊU", "- Bảo đảm an toàn.",
             "II. TỔ CHỨC THỰC HIỆN"]
    for i, (name, n) in enumerate(bodies, 1):
        lines.append(HEADINGS[style].format(n=i, name=name))
        for k in range(n):
            mark = {"letter": f"{'abcde'[k]})", "dash": "-", "plus": "+"}[items]
            lines.append(f"{mark} Kiểm tra việc thực hiện nội dung số {k + 1} của Kế hoạch{'.' if k == n - 1 else ';'}")
    draft = import_plan("\n".join(lines).encode("utf-8"), "plan.txt")
    got = [(a["agencies"], len(a["duties"])) for a in draft["assignments"]]
    assert got == [([name], n) for name, n in bodies]


@settings(max_examples=60, deadline=None)
@given(st.lists(body(), min_size=1, max_size=4, unique_by=str.upper),
       st.sampled_from(["Các cơ quan sau:", "Các đơn vị liên quan gồm:", "Các sở, ngành như sau:",
                        "Các cơ quan, đơn vị liên quan:"]))
def test_a_heading_that_announces_the_bodies_below_is_not_their_holder(bodies, heading):
    """"1. Các cơ quan sau:" then "- Sở Y tế: ...", "- Công an tỉnh: ...": each body below holds
    its own duty; the announcing heading holds none."""
    from workflows.importing import import_plan

    lines = ["ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 12/KH-UBND", "Đồng Tháp, ngày 5 tháng 8 năm 2025",
             "KẾ HOẠCH", "Phòng, chống thiên tai năm 2025", "I. MỤC TIÊU", "- Bảo đảm an toàn.",
             "II. TỔ CHỨC THỰC HIỆN", f"1. {heading}"]
    lines += [f"- {name}: Kiểm tra việc thực hiện nội dung số {i} của Kế hoạch." for i, name in enumerate(bodies, 1)]
    draft = import_plan("\n".join(lines).encode("utf-8"), "plan.txt")
    assert [(a["agencies"], len(a["duties"])) for a in draft["assignments"]] == [([name], 1) for name in bodies]
