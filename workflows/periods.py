"""Reporting periods and their cut-off dates (Decree 09/2019/NĐ-CP, art. 12).

Vietnamese state agencies close their figures on the 14th, not on the last day of the month,
so that the report can reach the superior body before the month ends:

- monthly: 15th of the previous month to the 14th of the month;
- quarterly: 15th of the month before the quarter to the 14th of its last month;
- 6-month: 15 December of the previous year to 14 June;
- 9-month: 15 December of the previous year to 14 September;
- yearly: 15 December of the previous year to 14 December.

Monthly, quarterly and yearly periods tile time without gap or overlap. The 6- and 9-month
reports are cumulative: they start with the year and end before it does; the rest of the year
is covered by the yearly report (Decree 09 has no "second half" report).

A period belongs to the year in which it ends (its cut-off), so "Tháng 1/2024" runs from
15 Dec 2023 to 14 Jan 2024.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

CUTOFF_DAY = 14
_START_DAY = CUTOFF_DAY + 1

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Cadence(str, Enum):
    """How often a periodic report is due (định kỳ tháng / quý / 6 tháng / 9 tháng / năm)."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    NINE_MONTHS = "nine_months"
    ANNUAL = "annual"


@dataclass(frozen=True)
class Period:
    """One reporting period: figures from ``start`` to ``end`` (the cut-off), both inclusive.

    ``key`` is stable across releases and safe to store ("2024-Q2"); ``label`` is what a
    Vietnamese reader sees ("Quý II/2024").
    """

    cadence: Cadence
    start: date
    end: date
    label: str
    key: str

    @property
    def cutoff(self) -> date:
        return self.end


def _month_period(year: int, last_month: int, months: int) -> tuple[date, date]:
    """Start and cut-off of a period of ``months`` months whose cut-off falls in last_month."""
    first = last_month - months  # the month before the period's first month
    start_year = year + (first - 1) // 12
    start_month = (first - 1) % 12 + 1
    return date(start_year, start_month, _START_DAY), date(year, last_month, CUTOFF_DAY)


def _make(cadence: Cadence, year: int, index: int) -> Period:
    if cadence is Cadence.MONTHLY:
        start, end = _month_period(year, index, 1)
        return Period(cadence, start, end, f"Tháng {index}/{year}", f"{year}-M{index:02d}")
    if cadence is Cadence.QUARTERLY:
        start, end = _month_period(year, index * 3, 3)
        return Period(cadence, start, end, f"Quý {_ROMAN[index]}/{year}", f"{year}-Q{index}")
    start = date(year - 1, 12, _START_DAY)
    if cadence is Cadence.SEMIANNUAL:
        return Period(cadence, start, date(year, 6, CUTOFF_DAY),
                      f"6 tháng đầu năm {year}", f"{year}-H1")
    if cadence is Cadence.NINE_MONTHS:
        return Period(cadence, start, date(year, 9, CUTOFF_DAY), f"9 tháng {year}", f"{year}-9M")
    return Period(cadence, start, date(year, 12, CUTOFF_DAY), f"Năm {year}", f"{year}-Y")


_PER_YEAR = {
    Cadence.MONTHLY: 12,
    Cadence.QUARTERLY: 4,
    Cadence.SEMIANNUAL: 1,
    Cadence.NINE_MONTHS: 1,
    Cadence.ANNUAL: 1,
}


def periods_in_year(cadence: Cadence | str, year: int) -> list[Period]:
    """The periods of ``cadence`` whose cut-off falls in ``year``, in order."""
    cadence = Cadence(cadence)
    return [_make(cadence, year, i) for i in range(1, _PER_YEAR[cadence] + 1)]


def periods_between(cadence: Cadence | str, start_date: date, end_date: date) -> list[Period]:
    """The periods whose cut-off falls within a plan's period [start_date, end_date].

    A plan for 2024 (1/1 to 31/12) therefore reports on "Tháng 1/2024" (cut-off 14/1) through
    "Tháng 12/2024" (cut-off 14/12); the figures of 15-31 December go into January 2025's
    report, which belongs to the next plan.
    """
    if end_date < start_date:
        raise ValueError(f"plan period ends ({end_date}) before it starts ({start_date})")
    return [
        p
        for year in range(start_date.year, end_date.year + 1)
        for p in periods_in_year(cadence, year)
        if start_date <= p.end <= end_date
    ]


def period_containing(cadence: Cadence | str, d: date) -> Period | None:
    """The period of ``cadence`` whose figures include day ``d``.

    None for a 6- or 9-month cadence when ``d`` falls after its cut-off (mid-June or
    mid-September to mid-December): those days are reported in the yearly report.
    """
    year = d.year + 1 if (d.month, d.day) >= (12, _START_DAY) else d.year
    for p in periods_in_year(cadence, year):
        if p.start <= d <= p.end:
            return p
    return None


_KEY = re.compile(r"^(\d{4})-(?:M(\d{2})|Q([1-4])|(H1)|(9M)|(Y))$")


def period_from_key(key: str) -> Period:
    """Rebuild a period from its stored key ("2024-M03", "2024-Q2", "2024-H1", ...)."""
    m = _KEY.match(key)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        raise ValueError(f"not a period key: {key!r}")
    year = int(m.group(1))
    if m.group(2):
        return _make(Cadence.MONTHLY, year, int(m.group(2)))
    if m.group(3):
        return _make(Cadence.QUARTERLY, year, int(m.group(3)))
    if m.group(4):
        return _make(Cadence.SEMIANNUAL, year, 1)
    if m.group(5):
        return _make(Cadence.NINE_MONTHS, year, 1)
    return _make(Cadence.ANNUAL, year, 1)
