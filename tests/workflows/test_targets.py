"""Tracked targets: who answers, how figures combine, progress by the share of time elapsed."""
from datetime import date
from decimal import Decimal

import pytest

from workflows.periods import Cadence, period_from_key, periods_between
from workflows.plans import PlanRefused
from workflows.report_sections import ReportParts, split_report
from workflows.targets import (FigureFact, TrackedTarget, achieved_so_far, elapsed_share, figure_label,
                               format_number, match_figure, progress, tracked_targets)

DRAFT = {
    "targets": [
        {"text": "tiếp nhận 550 người", "value": 550, "unit": "người", "comparator": ">=", "percent": False, "line": 10},
        {"text": "100% và 95%", "value": 100, "unit": "%", "comparator": ">=", "percent": True, "line": 80},
        {"text": "100% và 95%", "value": 95, "unit": "%", "comparator": ">=", "percent": True, "line": 3},
    ],
    "assignments": [
        {"agencies": ["Sở Y tế"], "role": "lead", "lines": [78, 82], "duties": [{"line": 80}]},
        {"agencies": ["Tòa án"], "role": "requested", "lines": [1, 100], "duties": [{"line": 90}]},
        {"agencies": ["Công an tỉnh"], "role": "lead", "lines": [84, 84], "duties": [{"line": 84}]},
    ],
    "reporting": [{"cadence": "semiannual", "from": ["Công an tỉnh", "Sở Y tế"]}],
}


def resolve(name):
    return name.lower().replace(" ", "-"), name


def t(value, combine="sum", comparator=">=", agencies=("a", "b")):
    return TrackedTarget("t0", "x", Decimal(value), "người", comparator, combine == "share", combine, agencies)


def test_the_duty_stating_a_target_answers_for_it_else_every_reporting_agency():
    targets = tracked_targets(DRAFT, resolve)
    assert [x.agency_ids for x in targets] == [("công-an-tỉnh", "sở-y-tế"), ("sở-y-tế",),
                                               ("công-an-tỉnh", "sở-y-tế")]
    assert [x.combine for x in targets] == ["sum", "share", "share"]
    assert targets[0].value == Decimal(550) and targets[1].unit == "%"


def test_the_reviewer_may_name_the_agencies_and_a_bad_target_is_refused_by_its_line():
    draft = {**DRAFT, "targets": [{**DRAFT["targets"][0], "agencies": ["Sở Tài chính"]}]}
    assert tracked_targets(draft, resolve)[0].agency_ids == ("sở-tài-chính",)
    bad = {**DRAFT, "targets": [{**DRAFT["targets"][0], "value": "nhiều"}]}
    with pytest.raises(PlanRefused, match=r"target 1 \(line 10\): value 'nhiều' is not a number"):
        tracked_targets(bad, resolve)
    bad = {**DRAFT, "targets": [{**DRAFT["targets"][0], "combine": "max"}]}
    with pytest.raises(PlanRefused, match="combine must be"):
        tracked_targets(bad, resolve)


def test_labels_are_unique_when_one_clause_states_two_targets():
    targets = tracked_targets(DRAFT, resolve)
    labels = [figure_label(targets, x) for x in targets]
    assert labels == ["tiếp nhận 550 người", "100% và 95% [>= 100%]", "100% và 95% [>= 95%]"]
    assert match_figure(targets, labels[2]) is targets[2]
    assert match_figure(targets, "t1") is targets[1] and match_figure(targets, "?") is None


def test_counts_add_up_across_agencies_and_shares_are_plan_wide():
    h1 = period_from_key("2022-H1")
    figs = [FigureFact("t0", "a", "2022-H1", Decimal(300)), FigureFact("t0", "b", "2022-H1", Decimal(120))]
    assert achieved_so_far(t(550), h1, [h1], figs) == 420
    share = t(100, "share")
    by_rate = [FigureFact("t0", "a", "2022-H1", Decimal(90)), FigureFact("t0", "b", "2022-H1", Decimal(50))]
    assert achieved_so_far(share, h1, [h1], by_rate) == 70
    by_count = [FigureFact("t0", "a", "2022-H1", Decimal(90), Decimal(90), Decimal(100)),
                FigureFact("t0", "b", "2022-H1", Decimal(50), Decimal(5), Decimal(10))]
    assert achieved_so_far(share, h1, [h1], by_count) == Decimal(95) * 100 / 110


def test_cumulative_periods_are_not_added_within_a_year_but_years_are():
    periods = periods_between(Cadence.SEMIANNUAL, date(2021, 1, 1), date(2022, 12, 31)) + \
        periods_between(Cadence.ANNUAL, date(2021, 1, 1), date(2022, 12, 31))
    figs = [FigureFact("t0", "a", "2021-H1", Decimal(40)), FigureFact("t0", "a", "2021-Y", Decimal(100)),
            FigureFact("t0", "a", "2022-H1", Decimal(30))]
    assert achieved_so_far(t(500), period_from_key("2021-Y"), periods, figs) == 100
    assert achieved_so_far(t(500), period_from_key("2022-H1"), periods, figs) == 130
    quarters = periods_between(Cadence.QUARTERLY, date(2022, 1, 1), date(2022, 12, 31))
    qf = [FigureFact("t0", "a", "2022-Q1", Decimal(10)), FigureFact("t0", "a", "2022-Q2", Decimal(15))]
    assert achieved_so_far(t(100), period_from_key("2022-Q2"), quarters, qf) == 25
    assert achieved_so_far(t(100), period_from_key("2022-Q3"), quarters, qf) is None


def test_off_track_by_the_share_of_the_plan_elapsed_at_the_cutoff():
    h1 = period_from_key("2022-H1")
    start, end = date(2022, 1, 1), date(2022, 12, 31)
    assert elapsed_share(start, end, date(2022, 6, 14)) == Decimal(165) / 365
    on = progress(t(200), h1, [h1], [FigureFact("t0", "a", "2022-H1", Decimal(91))], start, end, date(2026, 1, 1))
    off = progress(t(200), h1, [h1], [FigureFact("t0", "a", "2022-H1", Decimal(90))], start, end, date(2026, 1, 1))
    assert (on.on_track, off.on_track, off.reported, off.answering) == (True, False, 1, 2)
    early = progress(t(200), h1, [h1], [FigureFact("t0", "a", "2022-H1", Decimal(10))], start, end, date(2022, 1, 10))
    assert early.expected_share == Decimal(10) / 365 and early.on_track is True
    rate = progress(t(95, "share"), h1, [h1], [FigureFact("t0", "a", "2022-H1", Decimal(94))], start, end, date(2022, 2, 1))
    assert rate.on_track is False  # a rate is judged against the target itself
    ceiling = progress(t(5, comparator="<="), h1, [h1], [FigureFact("t0", "a", "2022-H1", Decimal(6))], start, end, end)
    assert ceiling.on_track is False
    none = progress(t(5), h1, [h1], [], start, end, end)
    assert none.on_track is None and none.achieved is None


def test_vietnamese_numbers():
    assert [format_number(Decimal(x)) for x in ("1600", "43.6", "76.36", "0", "1234567.25")] == \
        ["1.600", "43,6", "76,4", "0", "1.234.567,2"]


def test_an_agency_report_splits_into_results_difficulties_and_next_steps():
    parts = split_report("Đã làm A.\nB.\nII. Khó khăn, vướng mắc\n- thiếu kinh phí\n"
                         "3. Phương hướng nhiệm vụ 6 tháng cuối năm:\n- tiếp tục\nKiến nghị:\n- cấp thêm")
    assert parts.results == "Đã làm A.\nB."
    assert parts.difficulties == "- thiếu kinh phí"
    assert parts.next_steps == "- tiếp tục\n- cấp thêm"
    assert split_report("Chỉ có kết quả") == ReportParts("Chỉ có kết quả", "", "")


def test_a_multi_year_plan_calling_for_reviews_gets_them_for_the_recipient():
    from workflows.calendar import WorkingCalendar
    from workflows.reviews import review_specs

    draft = {"number": "252/KH-UBND", "period": {"start": "2021-01-01", "end": "2025-12-31"},
             "reporting": [{"cadence": "annual", "recipient": "Phòng Lao động"}]}
    lines = ["Tổng kết mô hình giai đoạn 2016 - 2021 ... 2016", "Năm 2023 tổ chức sơ kết thực hiện Kế hoạch",
             "Tổ chức tổng kết, đánh giá"]
    specs = review_specs("p", draft, lines, resolve, WorkingCalendar())
    assert [(s.duty_text, s.deadline, s.line, s.agency_id) for s in specs] == [
        ("Sơ kết giữa kỳ thực hiện Kế hoạch số 252/KH-UBND", date(2024, 1, 2), 2, "phòng-lao-động"),
        ("Tổng kết thực hiện Kế hoạch số 252/KH-UBND", date(2025, 12, 31), 3, "phòng-lao-động")]
    undated = review_specs("p", draft, ["sơ kết giữa kỳ"], resolve, WorkingCalendar())
    assert [s.deadline for s in undated] == [date(2023, 7, 3)]  # 2 July 2023 is a Sunday
    one_year = {**draft, "period": {"start": "2022-01-01", "end": "2022-12-31"}}
    assert review_specs("p", one_year, lines, resolve, WorkingCalendar()) == []
    assert review_specs("p", draft, ["Báo cáo định kỳ"], resolve, WorkingCalendar()) == []
