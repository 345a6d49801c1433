from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflows.periods import (
    Cadence,
    Period,
    period_containing,
    period_from_key,
    periods_between,
    periods_in_year,
)

years = st.integers(min_value=2000, max_value=2060)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
cadences = st.sampled_from(list(Cadence))
TILING = [Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.ANNUAL]
ONE_DAY = timedelta(days=1)


@pytest.mark.parametrize(
    "cadence, year, index, start, end, label, key",
    [
        (Cadence.MONTHLY, 2024, 0, date(2023, 12, 15), date(2024, 1, 14), "Tháng 1/2024", "2024-M01"),
        (Cadence.MONTHLY, 2024, 2, date(2024, 2, 15), date(2024, 3, 14), "Tháng 3/2024", "2024-M03"),
        (Cadence.MONTHLY, 2024, 11, date(2024, 11, 15), date(2024, 12, 14), "Tháng 12/2024", "2024-M12"),
        (Cadence.QUARTERLY, 2024, 0, date(2023, 12, 15), date(2024, 3, 14), "Quý I/2024", "2024-Q1"),
        (Cadence.QUARTERLY, 2024, 1, date(2024, 3, 15), date(2024, 6, 14), "Quý II/2024", "2024-Q2"),
        (Cadence.QUARTERLY, 2024, 3, date(2024, 9, 15), date(2024, 12, 14), "Quý IV/2024", "2024-Q4"),
        (Cadence.SEMIANNUAL, 2024, 0, date(2023, 12, 15), date(2024, 6, 14), "6 tháng đầu năm 2024", "2024-H1"),
        (Cadence.NINE_MONTHS, 2024, 0, date(2023, 12, 15), date(2024, 9, 14), "9 tháng 2024", "2024-9M"),
        (Cadence.ANNUAL, 2024, 0, date(2023, 12, 15), date(2024, 12, 14), "Năm 2024", "2024-Y"),
    ],
)
def test_decree_09_cut_offs(cadence, year, index, start, end, label, key):
    assert periods_in_year(cadence, year)[index] == Period(cadence, start, end, label, key)


def test_cadence_values_are_the_stored_strings():
    assert [c.value for c in Cadence] == [
        "monthly", "quarterly", "semiannual", "nine_months", "annual"
    ]
    assert periods_in_year("quarterly", 2024) == periods_in_year(Cadence.QUARTERLY, 2024)


def test_a_calendar_year_plan_reports_on_the_periods_cut_off_inside_it():
    monthly = periods_between(Cadence.MONTHLY, date(2024, 1, 1), date(2024, 12, 31))
    assert [p.key for p in monthly] == [f"2024-M{m:02d}" for m in range(1, 13)]
    assert [p.key for p in periods_between("semiannual", date(2024, 1, 1), date(2024, 12, 31))] == [
        "2024-H1"
    ]


def test_a_five_year_plan_has_twenty_quarters():
    quarters = periods_between(Cadence.QUARTERLY, date(2021, 1, 1), date(2025, 12, 31))
    assert len(quarters) == 20
    assert quarters[0].key == "2021-Q1" and quarters[-1].key == "2025-Q4"


def test_a_plan_issued_mid_year_starts_with_the_next_cut_off():
    quarters = periods_between(Cadence.QUARTERLY, date(2024, 3, 15), date(2024, 12, 31))
    assert [p.key for p in quarters] == ["2024-Q2", "2024-Q3", "2024-Q4"]
    assert periods_between(Cadence.ANNUAL, date(2024, 12, 15), date(2024, 12, 31)) == []


def test_plan_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        periods_between(Cadence.MONTHLY, date(2024, 2, 1), date(2024, 1, 1))


@pytest.mark.parametrize("key", ["2024-M13", "2024-M00", "2024-Q5", "2024-H2", "24-Y", "x"])
def test_bad_keys_are_refused(key):
    with pytest.raises(ValueError):
        period_from_key(key)


def test_second_half_of_the_year_belongs_to_the_yearly_report_only():
    assert period_containing(Cadence.SEMIANNUAL, date(2024, 8, 1)) is None
    assert period_containing(Cadence.ANNUAL, date(2024, 8, 1)).key == "2024-Y"
    assert period_containing(Cadence.ANNUAL, date(2024, 12, 15)).key == "2025-Y"
    assert period_containing(Cadence.MONTHLY, date(2024, 3, 14)).key == "2024-M03"
    assert period_containing(Cadence.MONTHLY, date(2024, 3, 15)).key == "2024-M04"


# --- properties ---------------------------------------------------------------------------

@given(st.sampled_from(TILING), years)
def test_periods_tile_time_without_gap_or_overlap(cadence, year):
    ps = periods_in_year(cadence, year) + periods_in_year(cadence, year + 1)
    for before, after in zip(ps, ps[1:]):
        assert after.start == before.end + ONE_DAY
    first = periods_in_year(cadence, year)
    assert first[0].start == date(year - 1, 12, 15)
    assert first[-1].end == date(year, 12, 14)


@given(st.sampled_from([Cadence.SEMIANNUAL, Cadence.NINE_MONTHS]), years)
def test_cumulative_reports_start_with_the_reporting_year(cadence, year):
    (p,) = periods_in_year(cadence, year)
    (whole,) = periods_in_year(Cadence.ANNUAL, year)
    assert p.start == whole.start and p.start < p.end < whole.end


@given(cadences, years)
def test_every_period_runs_from_a_15th_to_a_14th_and_keys_round_trip(cadence, year):
    for p in periods_in_year(cadence, year):
        assert p.start.day == 15 and p.end.day == 14 and p.end.year == year
        assert p.cutoff == p.end
        assert p.key.startswith(str(year)) and str(year) in p.label
        assert period_from_key(p.key) == p


@given(st.sampled_from(TILING), days)
def test_each_day_belongs_to_exactly_one_period(cadence, d):
    p = period_containing(cadence, d)
    assert p.start <= d <= p.end
    around = periods_in_year(cadence, d.year) + periods_in_year(cadence, d.year + 1)
    assert sum(q.start <= d <= q.end for q in around) == 1


@given(cadences, days, st.integers(min_value=0, max_value=2000))
def test_periods_between_are_exactly_those_cut_off_in_the_plan(cadence, start, length):
    end = start + timedelta(days=length)
    got = periods_between(cadence, start, end)
    assert all(start <= p.end <= end for p in got)
    assert [p.end for p in got] == sorted(p.end for p in got)
    assert len({p.key for p in got}) == len(got)
    every = [p for y in range(start.year, end.year + 1) for p in periods_in_year(cadence, y)]
    assert got == [p for p in every if start <= p.end <= end]
