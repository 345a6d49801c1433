"""The draft's warnings come from the draft as it stands: a correction clears its own."""
from datetime import date

from workflows.calendar import WorkingCalendar
from workflows.draft_checks import activation_deadlines, draft_warnings


def draft(**over):
    d = {"number": "66/KH-UBND", "issuer": "UBND tỉnh", "title": "Kế hoạch", "issued_on": "2026-01-05",
         "period": {"start": "2026-01-01", "end": "2026-12-31"},
         "reporting": [{"cadence": "semiannual", "recipient": "Sở Y tế", "from": ["Công an tỉnh"],
                        "due": None, "line": 9}],
         "assignments": [{"agencies": ["Công an tỉnh"], "role": "lead", "lines": [5, 5],
                          "duties": [{"text": "Báo cáo", "kind": "report", "line": 5, "cooperating": []},
                                     {"text": "Tập huấn", "kind": "one_off", "line": 6, "cooperating": []}]}]}
    d.update(over)
    return d


def codes(d, today=None):
    return [w.code for w in draft_warnings(d, today, activation_deadlines(WorkingCalendar()))]


def test_a_complete_draft_has_none():
    assert codes(draft(), date(2026, 1, 5)) == []


def test_each_gap_is_named_and_the_blocking_ones_say_so():
    d = draft(number=None, period={"start": None, "end": None}, reporting=[])
    found = draft_warnings(d)
    assert [w.code for w in found] == ["no_number", "no_period", "no_cadence"]
    assert [w.blocks for w in found] == [False, True, True]
    assert codes(draft(reporting=[{"cadence": "annual", "recipient": None, "from": [], "line": 9}])) == ["no_sender"]


def test_a_correction_clears_its_warning():
    d = draft(period={"start": None, "end": None})
    assert "no_period" in codes(d)
    d["period"] = {"start": "2026-01-01", "end": "2026-12-31"}
    assert "no_period" not in codes(d)


def test_deadlines_already_past_are_counted_before_activation():
    late = codes(draft(), date(2026, 8, 1))  # the first half-year's report is past
    assert late == ["past_deadlines"]
    [w] = draft_warnings(draft(), date(2026, 8, 1), activation_deadlines(WorkingCalendar()))
    assert w.values["n"] >= 1 and w.values["first"] < date(2026, 8, 1)


def test_a_heading_that_names_no_body_is_said_and_its_phrases_stay_text_on_the_duty():
    """"Các cơ quan, đơn vị liên quan:" as a heading is nobody's task: the draft says its duties
    will go to no one; beside a body ("Sở Y tế và các đơn vị liên quan") the phrase stays in
    the text of the body's task, never an agency (issue 13)."""
    from workflows.activation import task_specs

    only = {"agencies": ["Các cơ quan, đơn vị liên quan"], "role": "lead", "lines": [7],
            "duties": [{"text": "Phối hợp tuyên truyền", "kind": "one_off", "line": 8, "cooperating": []}]}
    mixed = {"agencies": ["Sở Y tế", "Các đơn vị liên quan"], "role": "lead", "lines": [10],
             "duties": [{"text": "Giám sát dịch bệnh.", "kind": "one_off", "line": 11, "cooperating": []}]}
    d = draft(assignments=[*draft()["assignments"], only, mixed])
    (warning,) = [w for w in draft_warnings(d) if w.code == "no_holder"]
    assert warning.values == {"agencies": "Các cơ quan, đơn vị liên quan", "n": 1, "line": 7}
    specs = task_specs("p", d, lambda n: (n, n), WorkingCalendar())
    assert {s.agency_id for s in specs} == {"Công an tỉnh", "Sở Y tế"}
    (health,) = [s for s in specs if s.duty_id == "p:a2:d0"]
    assert health.agency_id == "Sở Y tế" and not [s for s in specs if s.duty_id == "p:a1:d0"]
    assert health.duty_text == "Giám sát dịch bệnh. (cùng các đơn vị liên quan)"
