"""Vietnam's working-day calendar (the local day itself is in ``workflows.localtime``).

Working days are Monday to Friday, less the public holidays the ``holidays`` package knows
for Vietnam. For VN it provides, besides the fixed and lunar holidays (Tết, Hùng Kings):

- "observed" days: a holiday on a weekend gives the next working day off
  (e.g. 2023-01-02 for New Year's Day on a Sunday);
- "substituted" days off, swapped with a Saturday worked in exchange
  (e.g. Monday 2024-04-29 off, Saturday 2024-05-04 worked). The package lists the days off
  among the holidays and the worked Saturdays in ``weekend_workdays``; this calendar honours
  both.

The Government decides some swaps late, after the installed package was released, and a
province may give its own days off; so extra days off and extra working days can be passed in,
and they win over what the package says.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import holidays

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


class WorkingCalendar:
    """Working days in Vietnam: Monday-Friday, less public holidays, plus worked Saturdays.

    ``extra_days_off`` and ``extra_working_days`` override the package (a day cannot be both).
    Holidays are loaded one year at a time and cached, with the neighbouring years, because a
    swap can cross the new year (Saturday 2014-12-27 was worked for Friday 2015-01-02).
    """

    def __init__(
        self,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._extra_off = frozenset(extra_days_off)
        self._extra_work = frozenset(extra_working_days)
        both = self._extra_off & self._extra_work
        if both:
            days = ", ".join(sorted(d.isoformat() for d in both))
            raise ValueError(f"days given both as day off and as working day: {days}")
        self._loaded_years: set[int] = set()
        self._holidays: set[date] = set()
        self._worked_weekend: set[date] = set()
        self._answers: dict[date, bool] = {}

    def _load_around(self, year: int) -> None:
        for y in (year - 1, year, year + 1):
            if y not in self._loaded_years:
                vn = holidays.country_holidays("VN", years=y)
                self._holidays.update(vn.keys())
                self._worked_weekend.update(getattr(vn, "weekend_workdays", ()))
                self._loaded_years.add(y)

    def is_working_day(self, d: date) -> bool:
        """True when offices work on ``d``. Answers are memoised: the reminder scheduler asks
        about the same few weeks for every task at every tick."""
        known = self._answers.get(d)
        if known is None:
            known = self._answers[d] = self._decide(d)
        return known

    def _decide(self, d: date) -> bool:
        if d in self._extra_work:
            return True
        if d in self._extra_off:
            return False
        self._load_around(d.year)
        if d in self._worked_weekend:
            return True
        return d.weekday() < _SATURDAY and d not in self._holidays

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def previous_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the last working day before it."""
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (before it when n < 0); ``d`` itself when n == 0.

        Days are counted strictly after (or before) ``d``, so ``d`` need not be a working day:
        two working days after a Saturday cut-off is the Tuesday. For a working day ``d``,
        ``add_working_days(add_working_days(d, n), -n) == d``.
        """
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            d += step
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b] when a <= b; minus the working days in (b, a] otherwise.

        The counterpart of :meth:`add_working_days`:
        ``working_days_between(d, add_working_days(d, n)) == n`` for n >= 0.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + _ONE_DAY
        while d <= b:
            count += self.is_working_day(d)
            d += _ONE_DAY
        return count
