from datetime import date, datetime, timedelta, timezone

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.calendar import WorkingCalendar
from workflows.localtime import VN_TZ, end_of_day_utc, local_date, local_time_utc

CAL = WorkingCalendar()
days = st.dates(min_value=date(2010, 1, 1), max_value=date(2040, 12, 31))
steps = st.integers(min_value=-400, max_value=400)


def working_day(d: date) -> date:
    return CAL.next_working_day(d)


# --- concrete holidays --------------------------------------------------------------------

@pytest.mark.parametrize("d", [date(2024, 2, 8) + timedelta(days=i) for i in range(7)])
def test_tet_2024_is_off_from_8_to_14_february(d):
    assert not CAL.is_working_day(d)


def test_tet_2024_edges():
    assert CAL.is_working_day(date(2024, 2, 7))
    assert CAL.is_working_day(date(2024, 2, 15))
    assert CAL.next_working_day(date(2024, 2, 8)) == date(2024, 2, 15)
    assert CAL.add_working_days(date(2024, 2, 7), 1) == date(2024, 2, 15)
    assert CAL.working_days_between(date(2024, 2, 7), date(2024, 2, 15)) == 1


def test_tet_2025_is_off_monday_27_to_friday_31_january():
    for d in (date(2025, 1, 27) + timedelta(days=i) for i in range(5)):
        assert not CAL.is_working_day(d), d
    assert CAL.is_working_day(date(2025, 1, 24))
    assert CAL.next_working_day(date(2025, 1, 25)) == date(2025, 2, 3)
    assert CAL.add_working_days(date(2025, 2, 3), -1) == date(2025, 1, 24)


def test_30_april_1_may_2024_with_substituted_monday_and_worked_saturday():
    assert CAL.is_working_day(date(2024, 4, 26))
    for d in (date(2024, 4, 29), date(2024, 4, 30), date(2024, 5, 1)):
        assert not CAL.is_working_day(d), d
    assert CAL.is_working_day(date(2024, 5, 2))
    assert CAL.is_working_day(date(2024, 5, 4))  # Saturday worked for Monday 29/4
    assert not CAL.is_working_day(date(2024, 5, 5))


def test_30_april_1_may_2025_with_substituted_friday_and_worked_saturday():
    assert CAL.is_working_day(date(2025, 4, 26))  # Saturday worked for Friday 2/5
    for d in (date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)):
        assert not CAL.is_working_day(d), d
    assert CAL.next_working_day(date(2025, 4, 30)) == date(2025, 5, 5)


@pytest.mark.parametrize(
    "off, next_open",
    [
        (date(2024, 9, 2), date(2024, 9, 4)),  # Monday 2/9 and Tuesday 3/9
        (date(2025, 9, 1), date(2025, 9, 3)),  # Monday 1/9 and Tuesday 2/9
        (date(2023, 9, 1), date(2023, 9, 5)),  # Friday 1/9, 2/9 on Saturday observed Monday
    ],
)
def test_national_day_and_its_adjacent_day(off, next_open):
    assert not CAL.is_working_day(off)
    assert CAL.next_working_day(off) == next_open


def test_observed_new_year_and_hung_kings():
    assert not CAL.is_working_day(date(2023, 1, 2))  # 1/1/2023 was a Sunday
    assert not CAL.is_working_day(date(2024, 4, 18))  # 10/3 lunar
    assert not CAL.is_working_day(date(2025, 4, 7))


def test_swap_across_the_new_year_is_seen_from_either_year():
    assert WorkingCalendar().is_working_day(date(2014, 12, 27))  # worked for 2/1/2015
    assert not WorkingCalendar().is_working_day(date(2015, 1, 2))


def test_weekend_is_off():
    assert not CAL.is_working_day(date(2024, 6, 15))
    assert CAL.next_working_day(date(2024, 6, 15)) == date(2024, 6, 17)


def test_extra_days_off_and_working_days_win():
    cal = WorkingCalendar(
        extra_days_off=[date(2024, 6, 17)], extra_working_days=[date(2024, 2, 9)]
    )
    assert not cal.is_working_day(date(2024, 6, 17))
    assert cal.is_working_day(date(2024, 2, 9))
    assert cal.next_working_day(date(2024, 6, 15)) == date(2024, 6, 18)


def test_a_day_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError, match="2024-06-17"):
        WorkingCalendar(extra_days_off=[date(2024, 6, 17)], extra_working_days=[date(2024, 6, 17)])


def test_add_working_days_counts_from_the_day_after_a_day_off():
    assert CAL.add_working_days(date(2024, 9, 14), 2) == date(2024, 9, 17)  # Sat -> Tue
    assert CAL.add_working_days(date(2024, 9, 14), 0) == date(2024, 9, 14)
    assert CAL.add_working_days(date(2024, 9, 15), -1) == date(2024, 9, 13)


# --- time zone ----------------------------------------------------------------------------

def test_end_of_day_is_23_59_local():
    assert end_of_day_utc(date(2024, 6, 14)) == datetime(
        2024, 6, 14, 16, 59, 59, 999999, tzinfo=timezone.utc
    )
    assert end_of_day_utc(date(2024, 6, 14)).tzinfo == timezone.utc


def test_local_date_turns_at_17_utc():
    assert local_date(datetime(2024, 6, 14, 16, 59, tzinfo=timezone.utc)) == date(2024, 6, 14)
    assert local_date(datetime(2024, 6, 14, 17, 0, tzinfo=timezone.utc)) == date(2024, 6, 15)


def test_local_date_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        local_date(datetime(2024, 6, 14, 12))


def test_local_time_utc():
    assert local_time_utc(date(2024, 1, 1), datetime.min.time().replace(hour=8)) == datetime(
        2024, 1, 1, 1, tzinfo=timezone.utc
    )


@given(days)
def test_local_date_of_end_of_day_is_that_day(d):
    assert local_date(end_of_day_utc(d)) == d
    assert local_date(end_of_day_utc(d) + timedelta(microseconds=1)) == d + timedelta(days=1)
    assert end_of_day_utc(d).astimezone(VN_TZ).hour == 23


# --- properties ---------------------------------------------------------------------------

@given(days)
def test_next_working_day_is_the_first_working_day_on_or_after(d):
    n = CAL.next_working_day(d)
    assert n >= d and CAL.is_working_day(n)
    assert all(not CAL.is_working_day(d + timedelta(days=i)) for i in range((n - d).days))


@given(days)
def test_weekends_are_off_unless_worked_in_exchange(d):
    if d.weekday() >= 5 and CAL.is_working_day(d):
        vn = holidays.country_holidays("VN", years=range(d.year - 1, d.year + 2))
        assert d in vn.weekend_workdays


@given(days, steps)
def test_add_working_days_then_back(d, n):
    d = working_day(d)
    there = CAL.add_working_days(d, n)
    assert CAL.add_working_days(there, -n) == d
    assert CAL.is_working_day(there)
    assert (there > d) == (n > 0) and (there < d) == (n < 0)


@given(days, st.integers(min_value=0, max_value=400))
def test_working_days_between_counts_what_add_working_days_adds(d, n):
    assert CAL.working_days_between(d, CAL.add_working_days(d, n)) == n


@given(days, days, days)
@settings(max_examples=50)
def test_working_days_between_is_additive_and_antisymmetric(a, b, c):
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)
    assert CAL.working_days_between(a, b) + CAL.working_days_between(b, c) == (
        CAL.working_days_between(a, c)
    )


@pytest.mark.parametrize("year", range(2015, 2036))
def test_a_year_has_between_240_and_252_working_days(year):
    count = CAL.working_days_between(date(year - 1, 12, 31), date(year, 12, 31))
    assert 240 <= count <= 252
