"""The seed plans, read by a person: each agency's report tasks for one year and their deadlines.

The tables below come from the plans' text (who the reporting clause obliges, to whom, how
often) and the Decree 09 convention (cut-off on the 14th, two working days to send, three more
for the recipient to consolidate), worked out on a calendar by hand. Activation must agree.
"""
from datetime import date
from importlib import resources

import pytest

from workflows.activation import task_specs
from workflows.calendar import WorkingCalendar
from workflows.importing import import_plan
from workflows.importing.senders import body_key

D = date
H1_2022, Y_2022 = D(2022, 6, 16), D(2022, 12, 16)
SO_LDTBXH = "Sở Lao động - Thương binh và Xã hội"

PLAN_001 = {  # line 121: "Giám đốc các sở, Thủ trưởng các ban, ngành cấp tỉnh, Chủ tịch UBND các huyện,
    # thành phố ...; định kỳ 06 tháng, năm báo cáo ... về Sở Lao động - Thương binh và Xã hội"
    **{name: [("6 tháng đầu năm 2022", H1_2022), ("Năm 2022", Y_2022)] for name in (
        "Công an tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Sở Y tế", "Sở Giáo dục và Đào tạo",
        "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Các sở, ban, ngành cấp tỉnh",
        "Ủy ban nhân dân các huyện, thành phố")},
    SO_LDTBXH: [("6 tháng đầu năm 2022", D(2022, 6, 21)), ("Năm 2022", D(2022, 12, 21))],  # consolidates
}

QUARTERS_2022 = [("Quý I/2022", D(2022, 3, 16)), ("Quý II và 6 tháng đầu năm 2022", H1_2022),
                 ("Quý III/2022", D(2022, 9, 16)), ("Quý IV và năm 2022", Y_2022)]
PLAN_002 = {  # line 98: "Thủ trưởng các phòng, ban, ngành huyện, Chủ tịch Ủy ban nhân dân các xã, thị
    # trấn ...; định kỳ hàng quý, 6 tháng, năm báo cáo ... gửi về phòng Lao động - TB&XH";
    # line 56: "Ban Chỉ đạo ... các cấp ... Định kỳ 06 tháng và năm báo cáo ... về Ủy ban nhân dân
    # huyện (qua Phòng Lao động - Thương binh và Xã hội tổng hợp)"
    "Thủ trưởng các phòng, ban, ngành huyện": QUARTERS_2022,
    "Chủ tịch Ủy ban nhân dân các xã, thị trấn": QUARTERS_2022,
    "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc":
        [("6 tháng đầu năm 2022", H1_2022), ("Năm 2022", Y_2022)],
    "Phòng Lao động - Thương binh và Xã hội huyện": sorted([
        ("Quý I/2022", D(2022, 3, 21)), ("Quý II và 6 tháng đầu năm 2022", D(2022, 6, 21)),
        ("Quý III/2022", D(2022, 9, 21)), ("Quý IV và năm 2022", D(2022, 12, 21)),
        ("6 tháng đầu năm 2022", D(2022, 6, 21)), ("Năm 2022", D(2022, 12, 21))], key=lambda r: (r[1], r[0])),
}

PLAN_003 = {  # line 121, a duty of the labour office itself: "Định kỳ tháng, quý, năm báo cáo ...";
    # issued 11/11/2021: November 2021 (three days) is folded into December's report
    "Phòng Lao động - Thương binh và Xã hội": [
        ("Tháng 12, quý IV và năm 2021", D(2021, 12, 16)),
        ("Tháng 1/2022", D(2022, 1, 18)), ("Tháng 2/2022", D(2022, 2, 16)),
        ("Tháng 3 và quý I/2022", D(2022, 3, 16)), ("Tháng 4/2022", D(2022, 4, 18)),
        ("Tháng 5/2022", D(2022, 5, 17)), ("Tháng 6 và quý II/2022", D(2022, 6, 16)),
        ("Tháng 7/2022", D(2022, 7, 18)), ("Tháng 8/2022", D(2022, 8, 16)),
        ("Tháng 9 và quý III/2022", D(2022, 9, 16)), ("Tháng 10/2022", D(2022, 10, 18)),
        ("Tháng 11/2022", D(2022, 11, 16)), ("Tháng 12, quý IV và năm 2022", D(2022, 12, 16))],
}

PLAN_004 = {  # line 46, the steering committee: "Chỉ đạo các sở, ban, ngành thành viên và Ban chỉ đạo
    # của các huyện, thị xã, thành phố ...; định kỳ 6 tháng và 12 tháng báo cáo ... về Thường trực
    # Ban chỉ đạo": the committee consolidates what its members send
    **{name: [("6 tháng đầu năm 2021", D(2021, 6, 16)), ("Năm 2021", D(2021, 12, 16))] for name in (
        SO_LDTBXH, "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Công an tỉnh", "Bộ chỉ huy Bộ đội Biên phòng tỉnh",
        "Sở Y tế", "Sở Văn hóa - Thể thao và Du lịch", "Sở Giáo dục và Đào tạo", "Sở Thông tin và Truyền thông",
        "Ủy ban nhân dân các huyện, thị xã, thành phố")},
    "Ban chỉ đạo phòng, chống AIDS; phòng, chống tội phạm; tệ nạn xã hội và phong trào toàn dân bảo vệ An ninh tổ quốc":
        [("6 tháng đầu năm 2021", D(2021, 6, 21)), ("Năm 2021", D(2021, 12, 21))],
}


def seed(prefix: str) -> dict:
    folder = resources.files("service.demo").joinpath("plans")
    name = next(n.name for n in folder.iterdir() if n.name.startswith(prefix))
    return import_plan(folder.joinpath(name).read_bytes(), name)


@pytest.mark.parametrize("prefix, year, expected", [
    ("001", 2022, PLAN_001), ("002", 2022, PLAN_002), ("003", 2022, PLAN_003), ("004", 2021, PLAN_004)])
def test_report_tasks_of_a_seed_plan(prefix, year, expected):
    specs = task_specs("p", seed(prefix), lambda n: (body_key(n), n), WorkingCalendar())
    found: dict[str, list] = {}
    for s in sorted(specs, key=lambda s: (s.deadline, s.period_label or "")):
        if s.period_key and s.deadline.year <= year:
            found.setdefault(s.agency_id, []).append((s.period_label, s.deadline))
    assert found == {body_key(name): rows for name, rows in expected.items()}


def test_a_plan_with_no_reporting_clause_has_no_report_tasks():
    draft = seed("000")
    assert draft["reporting"] == []
