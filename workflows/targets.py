"""Tracked targets (chỉ tiêu): who answers for each, how agencies' figures combine, progress.

At activation every target of the reviewed draft becomes a :class:`TrackedTarget`:

- the agencies answering for it: those the reviewer listed (``agencies`` in the draft's
  target), else the leads of the duty or assignment whose lines hold the target's line, else
  every agency that reports under the plan (``reporting[].from``; when the plan names none,
  every lead agency);
- how figures combine: ``sum`` across agencies for counts (people admitted), ``share`` for
  percentages: the plan-wide share from numerators and denominators when every figure gives
  both, else the mean of the agencies' shares.

Progress compares what is achieved so far with the target. A count aimed at (``>=``) is on
track when it has reached the target's share of the plan's time elapsed by the period's
cut-off; a share (a rate, not an accumulation) and a ceiling (``<=``, ``<``) are judged
against the target itself.

Periods of Decree 09 (``workflows.periods``) of 6 and 9 months and of a year are cumulative
from the start of the year, monthly and quarterly ones tile it: the figure of a year is its
latest cumulative period, else the sum of its tiling periods; a multi-year plan adds years.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable, Optional, Sequence

from workflows.periods import Cadence, Period
from workflows.plans import PlanRefused

SUM, SHARE = "sum", "share"
COMPARATORS = (">=", ">", "<=", "<", "=")
_CUMULATIVE = (Cadence.SEMIANNUAL, Cadence.NINE_MONTHS, Cadence.ANNUAL)


@dataclass(frozen=True)
class TrackedTarget:
    target_id: str
    text: str
    value: Decimal
    unit: str
    comparator: str
    percent: bool
    combine: str
    agency_ids: tuple[str, ...]
    line: Optional[int] = None


@dataclass(frozen=True)
class FigureFact:
    """One agency's latest figure for a target in a period (a submission or a correction)."""

    target_id: str
    agency_id: str
    period_key: str
    value: Decimal
    numerator: Optional[Decimal] = None
    denominator: Optional[Decimal] = None


@dataclass(frozen=True)
class Progress:
    target_id: str
    period_key: str
    achieved: Optional[Decimal]
    share: Optional[Decimal]  # achieved / target, 1 = reached
    expected_share: Decimal  # the share of the plan's time elapsed at the period's cut-off
    on_track: Optional[bool]  # None: no figure yet
    reported: int  # agencies with a figure in the period
    answering: int


def tracked_targets(draft: dict, resolve: Callable[[str], tuple[str, str]]) -> list[TrackedTarget]:
    """The draft's targets as tracked targets; ``resolve`` maps a plan's agency name to (id, name)."""
    out = []
    for i, t in enumerate(draft.get("targets") or []):
        where = f"target {i + 1}" + (f" (line {t.get('line')})" if t.get("line") else "")
        value = to_decimal(t.get("value"), where, i + 1)
        percent = bool(t.get("percent"))
        comparator = t.get("comparator") or ">="
        if comparator not in COMPARATORS:
            raise PlanRefused(f"{where}: comparator {comparator!r} is not one of "
                              f"{', '.join(COMPARATORS)}", "bad_comparator", n=i + 1, value=comparator)
        combine = t.get("combine") or (SHARE if percent else SUM)
        if combine not in (SUM, SHARE):
            raise PlanRefused(f"{where}: combine must be 'sum' or 'share', not {combine!r}", "bad_combine",
                              n=i + 1, value=combine)
        names = t.get("agencies") or answering_names(draft, t.get("line"))
        if not names:
            raise PlanRefused(f"{where}: no agency answers for it: list them in its 'agencies'",
                              "target_without_agency", n=i + 1)
        agency_ids = tuple(dict.fromkeys(resolve(n)[0] for n in names))
        out.append(TrackedTarget(f"t{i}", t.get("text") or "", value, "%" if percent else t.get("unit") or "",
                                 comparator, percent, combine, agency_ids, t.get("line")))
    return out


def answering_names(draft: dict, line: Optional[int]) -> list[str]:
    assignments = [a for a in draft.get("assignments") or [] if a.get("role", "lead") == "lead"]
    if line is not None:
        for a in assignments:
            lines = [d.get("line") for d in a.get("duties") or []] + list(a.get("lines") or [])
            lines = [n for n in lines if isinstance(n, int)]
            if line in lines or (lines and min(lines) <= line <= max(lines)):
                return list(a.get("agencies") or [])
    names = [n for r in draft.get("reporting") or [] for n in r.get("from") or []]
    if not names:
        names = [n for a in assignments if a.get("duties") for n in a.get("agencies") or []]
    return list(dict.fromkeys(names))


def to_decimal(value, where: str, n: int = 0) -> Decimal:
    try:
        if isinstance(value, bool) or value is None:
            raise InvalidOperation
        number = Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
        return number
    except (InvalidOperation, ValueError):
        raise PlanRefused(f"{where}: value {value!r} is not a number", "bad_target_value", n=n,
                          value=str(value)) from None


def combine(target: TrackedTarget, figures: Sequence[FigureFact]) -> Optional[Decimal]:
    if not figures:
        return None
    if target.combine == SUM:
        return sum((f.value for f in figures), Decimal(0))
    if all(f.numerator is not None and f.denominator for f in figures):
        return sum(f.numerator for f in figures) * 100 / sum(f.denominator for f in figures)
    return sum((f.value for f in figures), Decimal(0)) / len(figures)


def achieved_so_far(target: TrackedTarget, period: Period, periods: Iterable[Period],
                    figures: Sequence[FigureFact]) -> Optional[Decimal]:
    """What the plan has achieved for ``target`` by ``period``'s cut-off (see the module doc)."""
    by_key: dict[str, list[FigureFact]] = {}
    for f in figures:
        if f.target_id == target.target_id:
            by_key.setdefault(f.period_key, []).append(f)
    if target.combine == SHARE:
        return combine(target, by_key.get(period.key, []))
    known = [p for p in periods if p.end <= period.end and p.key in by_key]
    if period.key not in by_key:
        return None
    total = Decimal(0)
    for year in sorted({p.end.year for p in known}):
        in_year = sorted((p for p in known if p.end.year == year), key=lambda p: p.end)
        cumulative = [p for p in in_year if p.cadence in _CUMULATIVE]
        if cumulative:
            total += combine(target, by_key[cumulative[-1].key])
        else:
            total += sum((combine(target, by_key[p.key]) for p in in_year), Decimal(0))
    return total


def elapsed_share(plan_start: date, plan_end: date, at: date) -> Decimal:
    days = (plan_end - plan_start).days + 1
    done = (min(max(at, plan_start - _DAY), plan_end) - plan_start).days + 1
    return Decimal(max(done, 0)) / Decimal(days)


def progress(target: TrackedTarget, period: Period, periods: Iterable[Period],
             figures: Sequence[FigureFact], plan_start: date, plan_end: date,
             as_of: date) -> Progress:
    """Progress of ``target`` at ``period`` as of day ``as_of`` (the period's cut-off at most)."""
    achieved = achieved_so_far(target, period, periods, figures)
    expected = elapsed_share(plan_start, plan_end, min(as_of, period.end))
    reported = len({f.agency_id for f in figures
                    if f.target_id == target.target_id and f.period_key == period.key})
    share = None if achieved is None or not target.value else achieved / target.value
    return Progress(target.target_id, period.key, achieved, share, expected,
                    _on_track(target, achieved, expected), reported, len(target.agency_ids))


def _on_track(target: TrackedTarget, achieved: Optional[Decimal], expected: Decimal) -> Optional[bool]:
    if achieved is None:
        return None
    if target.comparator in ("<=", "<"):
        return achieved <= target.value if target.comparator == "<=" else achieved < target.value
    if target.combine == SHARE:
        return achieved >= target.value
    return achieved >= target.value * expected


_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def figure_label(targets: Sequence[TrackedTarget], target: TrackedTarget) -> str:
    """The name a submitted figure carries for ``target``: its text, made unique when one
    clause states several targets ("100% ... và 95% ...")."""
    if sum(1 for t in targets if t.text == target.text) == 1:
        return target.text
    return f"{target.text} [{target.comparator} {format_number(target.value)}{_unit(target)}]"


def match_figure(targets: Sequence[TrackedTarget], name: str) -> Optional[TrackedTarget]:
    """The target a figure named ``name`` answers: by label, then id, then plain text."""
    for key in (lambda t: figure_label(targets, t), lambda t: t.target_id, lambda t: t.text):
        for t in targets:
            if key(t) == name:
                return t
    return None


def format_number(value: Optional[Decimal]) -> str:
    """Vietnamese writing: 1600 -> "1.600", 43.6 -> "43,6"."""
    if value is None:
        return ""
    q = value.quantize(Decimal("0.1")) if value != value.to_integral_value() else value.to_integral_value()
    whole, _, frac = f"{abs(q):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if q < 0 else "") + grouped + ("," + frac if frac and frac.strip("0") else "")


def _unit(target: TrackedTarget) -> str:
    return "%" if target.percent else f" {target.unit}" if target.unit else ""


def targets_to_json(targets: Sequence[TrackedTarget]) -> list[dict]:
    return [{**t.__dict__, "value": str(t.value), "agency_ids": list(t.agency_ids)} for t in targets]


def targets_from_json(rows: Sequence[dict]) -> list[TrackedTarget]:
    return [TrackedTarget(**{**r, "value": Decimal(r["value"]), "agency_ids": tuple(r["agency_ids"])})
            for r in rows]
