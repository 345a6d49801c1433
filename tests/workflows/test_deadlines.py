from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflows.calendar import WorkingCalendar
from workflows.deadlines import (
    DeadlinePolicy,
    duty_deadline,
    extended_deadline,
    report_deadline,
)
from workflows.periods import Cadence, period_from_key, periods_in_year

CAL = WorkingCalendar()
TWO_DAYS = DeadlinePolicy()


@pytest.mark.parametrize(
    "key, due",
    [
        ("2024-Q2", date(2024, 6, 18)),  # cut-off Fri 14/6 -> Mon 17, Tue 18
        ("2024-M01", date(2024, 1, 16)),  # cut-off Sun 14/1 -> Mon 15, Tue 16
        ("2024-M02", date(2024, 2, 16)),  # cut-off in Tết -> Thu 15, Fri 16
        ("2025-M01", date(2025, 1, 16)),
        ("2025-M02", date(2025, 2, 18)),
        ("2024-9M", date(2024, 9, 17)),  # cut-off Sat 14/9 -> Mon 16, Tue 17
        ("2024-Y", date(2024, 12, 17)),  # cut-off Sat 14/12
    ],
)
def test_cut_off_plus_two_working_days(key, due):
    assert report_deadline(period_from_key(key), TWO_DAYS, CAL) == due


def test_a_deadline_on_saturday_moves_to_monday():
    q2 = period_from_key("2024-Q2")
    assert report_deadline(q2, TWO_DAYS, CAL, explicit=date(2024, 6, 15)) == date(2024, 6, 17)
    same_day = DeadlinePolicy(days_after_cutoff=0)
    assert report_deadline(period_from_key("2024-9M"), same_day, CAL) == date(2024, 9, 16)


def test_an_explicit_date_wins_and_still_moves_off_a_holiday():
    q3 = period_from_key("2024-Q3")
    assert report_deadline(q3, TWO_DAYS, CAL, explicit=date(2024, 9, 10)) == date(2024, 9, 10)
    assert report_deadline(q3, TWO_DAYS, CAL, explicit=date(2024, 9, 2)) == date(2024, 9, 4)


def test_policy_is_a_per_plan_setting():
    q2 = period_from_key("2024-Q2")
    assert report_deadline(q2, DeadlinePolicy(5), CAL) == date(2024, 6, 21)
    with pytest.raises(ValueError):
        DeadlinePolicy(days_after_cutoff=-1)


def test_one_off_duty_is_due_at_plan_end_or_its_own_date():
    assert duty_deadline(CAL, plan_end=date(2024, 12, 31)) == date(2024, 12, 31)
    # 31/12/2023 was a Sunday and 1/1/2024 New Year's Day.
    assert duty_deadline(CAL, plan_end=date(2023, 12, 31)) == date(2024, 1, 2)
    assert duty_deadline(CAL, date(2024, 12, 31), explicit=date(2024, 4, 30)) == date(2024, 5, 2)


def test_extension_moves_to_a_working_day():
    assert extended_deadline(CAL, date(2025, 1, 28)) == date(2025, 2, 3)


# --- properties ---------------------------------------------------------------------------

years = st.integers(min_value=2010, max_value=2040)
policies = st.builds(DeadlinePolicy, st.integers(min_value=0, max_value=15))
days = st.dates(min_value=date(2010, 1, 1), max_value=date(2040, 12, 31))


@given(st.sampled_from(list(Cadence)), years, policies)
def test_report_deadline_is_a_working_day_n_working_days_after_cut_off(cadence, year, policy):
    for p in periods_in_year(cadence, year):
        due = report_deadline(p, policy, CAL)
        assert due >= p.end and CAL.is_working_day(due)
        if policy.days_after_cutoff:
            assert CAL.working_days_between(p.end, due) == policy.days_after_cutoff


@given(st.sampled_from(list(Cadence)), years, policies, days)
def test_explicit_deadline_moves_only_to_the_next_working_day(cadence, year, policy, explicit):
    due = report_deadline(periods_in_year(cadence, year)[0], policy, CAL, explicit=explicit)
    assert due >= explicit and CAL.is_working_day(due)
    gap = (due - explicit).days
    assert not any(CAL.is_working_day(explicit + timedelta(days=i)) for i in range(gap))
