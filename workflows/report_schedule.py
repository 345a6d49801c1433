"""When each sending agency reports, and when the recipient consolidates.

- Periods of a plan's cadences (Decree 09 cut-offs, ``workflows.periods``) whose cut-off falls in
  the plan's period and not before the plan is issued; a first period that would give the
  agencies less than a month after the issue date is folded into the next one.
- Periods that close on the same day are one report, as offices write them: "Báo cáo quý II và
  6 tháng đầu năm", "Báo cáo quý IV và năm".
- The date the plan states for a cadence wins (``due``: "MM-DD", "DD" for a monthly report, an
  ISO date, or "MM-DD,MM-DD,..." one per quarter); otherwise the policy's working days after the
  cut-off. Either way a day off moves to the next working day (``workflows.deadlines``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from workflows.activation import iso_date
from workflows.calendar import WorkingCalendar
from workflows.deadlines import DeadlinePolicy, report_deadline
from workflows.periods import CUTOFF_DAY, Cadence, Period, periods_between

_ORDER = [Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.SEMIANNUAL, Cadence.NINE_MONTHS, Cadence.ANNUAL]
_NEAR = timedelta(days=75)  # how far from its cut-off a stated date may lie and still be that period's


@dataclass(frozen=True)
class Occasion:
    """One report an agency sends: the periods closing on ``cutoff`` and the day it is due."""

    cutoff: date
    periods: tuple[Period, ...]
    deadline: date

    @property
    def key(self) -> str:
        return self.periods[-1].key  # the longest period names it ("2024-H1" for Q2 + 6 months)

    @property
    def label(self) -> str:
        return merged_label(self.periods)


def merged_label(periods: tuple[Period, ...] | list[Period]) -> str:
    """'Tháng 6, quý II và 6 tháng đầu năm 2024'; a single period keeps its own label."""
    if len(periods) == 1:
        return periods[0].label
    parts = [_part(p) for p in periods]
    text = ", ".join(parts[:-1]) + " và " + _part(periods[-1], with_year=True)
    return text[:1].upper() + text[1:]


def _part(p: Period, with_year: bool = False) -> str:
    """'quý II', or with the year as a Vietnamese reader writes it: 'quý II/2024', 'năm 2024'."""
    y = p.end.year
    if p.cadence is Cadence.MONTHLY:
        return f"tháng {p.end.month}" + (f"/{y}" if with_year else "")
    if p.cadence is Cadence.QUARTERLY:
        return "quý " + p.label.split()[1].split("/")[0] + (f"/{y}" if with_year else "")
    word = {Cadence.SEMIANNUAL: "6 tháng đầu năm", Cadence.NINE_MONTHS: "9 tháng", Cadence.ANNUAL: "năm"}[p.cadence]
    if not with_year:
        return word
    return f"{word} {y}" if p.cadence is not Cadence.NINE_MONTHS else f"9 tháng năm {y}"


def plan_periods(cadence: Cadence, start: date, end: date, issued: date | None) -> list[Period]:
    """The periods of ``cadence`` an agency reports on under a plan issued on ``issued``."""
    periods = periods_between(cadence, start, end)
    if issued is None or issued <= start:
        return periods
    periods = [p for p in periods if p.end >= issued]
    if len(periods) > 1 and p_short(periods[0], issued):
        periods = periods[1:]
    return periods


def p_short(p: Period, issued: date) -> bool:
    """Less than a month between the issue date and the cut-off: folded into the next period."""
    month_later = _add_month(issued)
    return p.start < issued and p.end < month_later


def _add_month(d: date) -> date:
    y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stated_date(due: str | None, period: Period, periods: list[Period]) -> date | None:
    """The date a plan states for ``period`` (see the module docstring), or None."""
    if not due:
        return None
    due = str(due).strip()
    if re.fullmatch(r"\d{1,2}", due):  # a day of the month: after the cut-off, in its month or the next
        day = int(due)
        y, m = period.end.year, period.end.month
        if day <= CUTOFF_DAY:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return _date(y, m, day)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", due):
        d = iso_date(due)
        nearest = min(periods, key=lambda p: abs(p.end - d)) if d else None
        return d if nearest == period and abs(period.end - d) <= _NEAR else None
    if period.cadence is Cadence.MONTHLY:
        return None
    best = None
    for md in due.split(","):
        m = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", md)
        if not m:
            continue
        d = _date(period.end.year, int(m.group(1)), int(m.group(2)))
        if d and d < period.end - _NEAR:
            d = _date(period.end.year + 1, int(m.group(1)), int(m.group(2)))
        if d and abs(d - period.end) <= _NEAR and (best is None or abs(d - period.end) < abs(best - period.end)):
            best = d
    return best


def occasions(dues: dict[Cadence, str | None], start: date, end: date, issued: date | None,
              policy: DeadlinePolicy, calendar: WorkingCalendar) -> list[Occasion]:
    """The reports one agency sends for the cadences it owes (with their stated dates)."""
    by_cutoff: dict[date, list[tuple[Period, date | None]]] = {}
    for cadence in sorted(dues, key=_ORDER.index):
        periods = plan_periods(cadence, start, end, issued)
        for p in periods:
            by_cutoff.setdefault(p.end, []).append((p, stated_date(dues[cadence], p, periods)))
    out = []
    for cutoff in sorted(by_cutoff):
        members = by_cutoff[cutoff]
        stated = [d for _, d in members if d]
        deadline = report_deadline(members[-1][0], policy, calendar, explicit=min(stated) if stated else None)
        if issued is not None and deadline < issued:
            continue  # no task falls due before the plan exists
        out.append(Occasion(cutoff, tuple(p for p, _ in members), deadline))
    return out


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None
