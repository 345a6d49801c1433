"""Periodic report tasks: one per sender and occasion, periods that close together merged, none
before the plan is issued, the stated date first, and the recipient's consolidation."""
from datetime import date

import pytest

from workflows.activation import task_specs
from workflows.calendar import WorkingCalendar
from workflows.deadlines import DeadlinePolicy
from workflows.plans import PlanRefused
from workflows.report_schedule import stated_date
from workflows.periods import periods_between

CAL = WorkingCalendar()


def plan(reporting, issued_on="2021-12-20", period=("2022-01-01", "2022-12-31"), issuer="UBND tỉnh X"):
    return {"issuer": issuer, "issued_on": issued_on, "number": "9/KH-UBND",
            "period": {"start": period[0], "end": period[1]}, "reporting": reporting,
            "assignments": [{"agencies": ["Sở Y tế"], "role": "lead", "lines": [3, 3], "duties": [
                {"text": "Tổ chức tập huấn", "cooperating": [], "kind": "one_off", "line": 3}]},
                {"agencies": ["Sở Lao động - Thương binh và Xã hội"], "role": "lead", "lines": [5, 5], "duties": [
                    {"text": "Theo dõi, tổng hợp", "cooperating": [], "kind": "continuous", "line": 5}]}]}


def entry(cadence, senders=("Sở Y tế", "Công an tỉnh"), due=None, to="Sở Lao động - Thương binh và Xã hội"):
    return {"cadence": cadence, "recipient": to, "from": list(senders), "due": due, "line": 9}


def resolve(name):
    return name, name


def reports(d, policy=DeadlinePolicy()):
    return [s for s in task_specs("p", d, resolve, CAL, policy) if s.period_key]


def table(specs, agency):
    return [(s.period_label, s.deadline) for s in sorted(specs, key=lambda s: s.deadline) if s.agency_id == agency]


def test_quarter_six_months_and_year_closing_together_are_one_report():
    specs = reports(plan([entry("quarterly"), entry("semiannual"), entry("annual")]))
    assert table(specs, "Sở Y tế") == [
        ("Quý I/2022", date(2022, 3, 16)),  # cut-off Monday 14/3, two working days
        ("Quý II và 6 tháng đầu năm 2022", date(2022, 6, 16)),
        ("Quý III/2022", date(2022, 9, 16)),
        ("Quý IV và năm 2022", date(2022, 12, 16)),
    ]
    assert table(specs, "Công an tỉnh") == table(specs, "Sở Y tế")


def test_the_recipient_consolidates_each_occasion_after_the_senders():
    specs = reports(plan([entry("semiannual"), entry("annual")]), DeadlinePolicy(consolidation_days=3))
    coordinator = [s for s in specs if s.agency_id == "Sở Lao động - Thương binh và Xã hội"]
    assert [(s.period_key, s.deadline) for s in coordinator] == [
        ("2022-H1", date(2022, 6, 21)), ("2022-Y", date(2022, 12, 21))]
    senders = {s.duty_id for s in specs if s.agency_id in ("Sở Y tế", "Công an tỉnh")}
    assert {s.duty_id for s in coordinator} == {d + ":c" for d in senders}  # the progress of the senders' duty
    assert coordinator[0].duty_text.startswith("Tổng hợp, báo cáo kết quả của 2 cơ quan, đơn vị")


def test_no_consolidation_task_when_reports_go_to_the_issuer():
    specs = reports(plan([entry("annual", to="Ủy ban nhân dân tỉnh X")], issuer="Ủy ban nhân dân tỉnh X"))
    assert {s.agency_id for s in specs} == {"Sở Y tế", "Công an tỉnh"}


def test_reports_go_through_the_body_named_after_qua():
    specs = reports(plan([entry("annual", to="Ủy ban nhân dân tỉnh (qua Sở Lao động - Thương binh và Xã hội)")]))
    assert "Sở Lao động - Thương binh và Xã hội" in {s.agency_id for s in specs}


def test_nothing_due_before_the_plan_is_issued_and_a_short_first_month_is_folded():
    d = plan([entry("monthly", ["Phòng Lao động"]), entry("quarterly", ["Phòng Lao động"]),
              entry("annual", ["Phòng Lao động"])], issued_on="2021-11-11", period=("2021-01-01", "2022-12-31"))
    rows = table(reports(d), "Phòng Lao động")
    # issued 11/11/2021: November (cut-off 14/11, three days later) goes into December's report
    assert rows[:3] == [("Tháng 12, quý IV và năm 2021", date(2021, 12, 16)),
                        ("Tháng 1/2022", date(2022, 1, 18)), ("Tháng 2/2022", date(2022, 2, 16))]
    assert all(deadline >= date(2021, 11, 11) for _, deadline in rows)
    assert len(rows) == 1 + 12


def test_an_ongoing_duty_is_one_task_for_the_plan_period():
    specs = task_specs("p", plan([entry("monthly")], period=("2021-01-01", "2025-12-31")), resolve, CAL)
    ongoing = [s for s in specs if s.kind == "continuous"]
    assert [(s.agency_id, s.deadline, s.period_key) for s in ongoing] == [
        ("Sở Lao động - Thương binh và Xã hội", date(2025, 12, 31), None)]


@pytest.mark.parametrize("cadence, due, key, expected", [
    ("annual", "12-15", "2022-Y", date(2022, 12, 15)),
    ("semiannual", "06-01", "2022-H1", date(2022, 6, 1)),
    ("annual", "11-15", "2022-Y", date(2022, 11, 15)),
    ("annual", "01-15", "2022-Y", date(2023, 1, 16)),  # next January; Sunday 15/1/2023 moves on
    ("monthly", "20", "2022-M03", date(2022, 3, 21)),  # Sunday 20/3 -> Monday
    ("monthly", "05", "2022-M03", date(2022, 4, 5)),  # before the cut-off day: the next month's 5th
    ("quarterly", "03-20,06-20,09-20,12-20", "2022-Q3", date(2022, 9, 20)),
])
def test_the_date_the_plan_states_wins(cadence, due, key, expected):
    specs = reports(plan([entry(cadence, ["Sở Y tế"], due=due)]))
    assert next(s.deadline for s in specs if s.period_key == key and s.agency_id == "Sở Y tế") == expected


def test_an_iso_date_applies_to_its_nearest_period_only():
    periods = periods_between("quarterly", date(2022, 1, 1), date(2022, 12, 31))
    assert [stated_date("2022-06-20", p, periods) for p in periods] == [None, date(2022, 6, 20), None, None]


def test_an_entry_with_no_sender_is_refused_naming_it():
    with pytest.raises(PlanRefused, match=r"reporting entry 2 \(line 9\): the annual report names no sender"):
        task_specs("p", plan([entry("semiannual"), entry("annual", [])]), resolve, CAL)


def test_a_body_only_requested_reports_as_requested():
    d = plan([entry("annual", ["Tòa án nhân dân tỉnh"])])
    d["assignments"].append({"agencies": ["Tòa án nhân dân tỉnh"], "role": "requested", "lines": [7, 7],
                             "duties": [{"text": "Xét xử", "cooperating": [], "kind": "one_off", "line": 7}]})
    assert {s.role for s in reports(d) if s.agency_id == "Tòa án nhân dân tỉnh"} == {"requested"}
