"""A reviewed draft becomes one task per agency and occurrence."""
from datetime import date

import pytest

from workflows.activation import plan_level, task_specs
from workflows.calendar import WorkingCalendar
from workflows.deadlines import DeadlinePolicy
from workflows.plans import PlanRefused

CAL = WorkingCalendar()


def draft(**over):
    d = {
        "issuer": "UBND tỉnh Kiên Giang", "place": "Kiên Giang",
        "period": {"start": "2022-01-01", "end": "2022-12-31"},
        "reporting": [{"cadence": "semiannual", "recipient": "Sở LĐTBXH", "from": ["Sở Y tế", "Công an tỉnh"],
                       "due": None, "line": 9}],
        "assignments": [
            {"agencies": ["Sở Y tế", "Công an tỉnh"], "role": "lead", "duties": [
                {"text": "Tổ chức tập huấn", "cooperating": [], "kind": "one_off", "line": 3},
                {"text": "Báo cáo kết quả", "cooperating": [], "kind": "report", "line": 4},
            ], "lines": [3, 4]},
            {"agencies": ["Tòa án nhân dân tỉnh"], "role": "requested", "duties": [
                {"text": "Phối hợp xét xử", "cooperating": [], "kind": "continuous", "line": 7},
            ], "lines": [7, 7]},
        ],
    }
    d.update(over)
    return d


def resolve(name):
    return f"id:{name}", name


def test_one_task_per_agency_and_occurrence():
    specs = task_specs("p1", draft(), resolve, CAL)
    one_off = [s for s in specs if s.kind == "one_off"]
    reports = [s for s in specs if s.kind == "report"]
    continuous = [s for s in specs if s.kind == "continuous"]
    assert len(one_off) == 2  # two agencies
    # 31/12/2022 is a Saturday and 2/1/2023 the day off for New Year: art. 148 moves it on
    assert {s.deadline for s in one_off} == {date(2023, 1, 3)}
    assert sorted((s.agency_id, s.period_key) for s in reports if s.period_key) == [
        ("id:Công an tỉnh", "2022-H1"), ("id:Sở LĐTBXH", "2022-H1"), ("id:Sở Y tế", "2022-H1")]
    # the duty "Báo cáo kết quả" (line 4) is not the periodic report of line 9: one task each
    assert sorted(s.agency_id for s in reports if not s.period_key) == ["id:Công an tỉnh", "id:Sở Y tế"]
    assert [(s.role, s.deadline) for s in continuous] == [("requested", date(2023, 1, 3))]


def test_report_deadline_is_after_the_cutoff_on_a_working_day():
    specs = task_specs("p1", draft(), resolve, CAL, DeadlinePolicy(days_after_cutoff=2))
    h1 = next(s for s in specs if s.period_key == "2022-H1")
    # cut-off Tuesday 14/6/2022, two working days later
    assert h1.deadline == date(2022, 6, 16)


def test_explicit_date_wins_and_moves_off_a_day_off():
    d = draft(reporting=[{"cadence": "semiannual", "recipient": None, "from": ["Sở Y tế"], "due": "2022-06-18",
                          "line": 9}])
    h1 = next(s for s in task_specs("p1", d, resolve, CAL) if s.period_key == "2022-H1")
    assert h1.deadline == date(2022, 6, 20)  # Saturday 18/6 -> Monday 20/6


def test_task_ids_are_stable():
    a = [s.task_id for s in task_specs("p1", draft(), resolve, CAL)]
    b = [s.task_id for s in task_specs("p1", draft(), resolve, CAL)]
    assert a == b and len(set(a)) == len(a)


def test_reports_without_a_cadence_are_refused_with_the_line():
    with pytest.raises(PlanRefused, match="line 4.*cadence"):
        task_specs("p1", draft(reporting=[]), resolve, CAL)


def test_missing_period_is_refused():
    with pytest.raises(PlanRefused, match="period"):
        task_specs("p1", draft(period=None), resolve, CAL)


@pytest.mark.parametrize("issuer,level", [
    ("UBND tỉnh Kiên Giang", "province"), ("UBND huyện Tân Phú", "district"),
    ("UBND phường Lào Cai", "commune"), ("Ủy ban nhân dân xã Tân Lập", "commune"), (None, None),
])
def test_plan_level_from_issuer(issuer, level):
    assert plan_level({"issuer": issuer}) == level


def test_a_cadence_stated_twice_gives_each_period_once():
    twice = [{"cadence": "annual", "recipient": None, "from": ["Sở Y tế"], "due": None, "line": 1},
             {"cadence": "annual", "recipient": "Sở Nội vụ", "from": ["Sở Y tế"], "due": None, "line": 9}]
    specs = task_specs("p1", draft(reporting=twice), resolve, CAL)
    ids = [s.task_id for s in specs]
    assert len(ids) == len(set(ids))


def test_cooperating_agencies_are_resolved_to_ids():
    d = draft()
    d["assignments"][0]["duties"][0]["cooperating"] = ["Sở Tài chính", "Sở Tài chính"]
    spec = next(s for s in task_specs("p1", d, resolve, CAL) if s.kind == "one_off")
    assert spec.cooperating == ("id:Sở Tài chính",)


def test_task_ids_are_the_uuid5_of_duty_agency_and_period():
    import uuid

    from workflows.activation import TASK_NAMESPACE, task_id_for

    for duty, agency, period in [("p:a0:d0", "ag-1", None), ("kế-hoạch:a12:d3", "ag-đ", "2025-Q4"),
                                 ("", "", ""), ("p|x", "a|b", "2024-S1")]:
        expected = uuid.uuid5(TASK_NAMESPACE, f"{duty}|{agency}|{period or ''}")
        assert task_id_for(duty, agency, period) == str(expected)
