"""Activation: a reviewed plan draft becomes tasks, one per agency and occurrence.

- a one-off duty: one task per agency, due on its stated date or at the end of the plan;
- a report duty, and a continuous duty ("thường xuyên", checked at each reporting period):
  one task per agency and reporting period of each cadence the plan states, due per
  ``workflows.deadlines``.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from workflows.calendar import WorkingCalendar
from workflows.deadlines import DeadlinePolicy, duty_deadline, report_deadline
from workflows.periods import Cadence, Period, periods_between
from workflows.plans import PlanRefused

TASK_NAMESPACE = uuid.UUID("5b0f8f5e-6a55-4c38-9a7e-1d0c7a1b2d11")


@dataclass(frozen=True)
class TaskSpec:
    task_id: str
    plan_id: str
    duty_id: str
    duty_text: str
    agency_id: str
    agency_name: str
    role: str
    kind: str
    deadline: date
    period_key: str | None = None
    period_label: str | None = None
    cooperating: tuple[str, ...] = ()
    line: int | None = None


def plan_period(draft: dict) -> tuple[date, date]:
    period = draft.get("period") or {}
    try:
        start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    except (KeyError, TypeError, ValueError):
        raise PlanRefused("the plan's period (start and end dates) is not set: correct it before "
                          "activating", "no_period") from None
    if end < start:
        raise PlanRefused(f"the plan's period ends ({end}) before it starts ({start})", "bad_period")
    return start, end


def reporting_periods(draft: dict, start: date, end: date) -> list[tuple[Period, date | None]]:
    """Each period once, however often the plan repeats its cadence (a stated date wins)."""
    out: dict[str, tuple[Period, date | None]] = {}
    for r in draft.get("reporting") or []:
        try:
            cadence = Cadence(r.get("cadence"))
        except ValueError:
            raise PlanRefused(f"unknown reporting cadence {r.get('cadence')!r}", "bad_cadence") from None
        due = _iso(r.get("due"))
        for p in periods_between(cadence, start, end):
            if p.key not in out or (due and not out[p.key][1]):
                out[p.key] = (p, due)
    return list(out.values())


def task_specs(plan_id: str, draft: dict, resolve: Callable[[str], tuple[str, str]],
               calendar: WorkingCalendar, policy: DeadlinePolicy = DeadlinePolicy()) -> list[TaskSpec]:
    """Every task the draft asks for. ``resolve`` maps a plan's agency name to (id, name); the
    cooperating agencies of a duty are resolved too, so their focal points can see the task."""
    start, end = plan_period(draft)
    periods = reporting_periods(draft, start, end)
    specs: list[TaskSpec] = []
    for ai, assignment in enumerate(draft.get("assignments") or []):
        for di, duty in enumerate(assignment.get("duties") or []):
            duty_id = f"{plan_id}:a{ai}:d{di}"
            cooperating = tuple(dict.fromkeys(resolve(n)[0] for n in duty.get("cooperating") or ()))
            for name in assignment.get("agencies") or []:
                agency_id, agency_name = resolve(name)
                specs.extend(_duty_tasks(plan_id, duty_id, duty, assignment.get("role", "lead"),
                                         agency_id, agency_name, cooperating, end, periods,
                                         calendar, policy))
    if not specs:
        raise PlanRefused("the draft names no agency with a duty: nothing to activate", "no_duties")
    return specs


def _duty_tasks(plan_id, duty_id, duty, role, agency_id, agency_name, cooperating, plan_end,
                periods, calendar, policy) -> Iterable[TaskSpec]:
    kind = duty.get("kind") or "one_off"
    common = dict(plan_id=plan_id, duty_id=duty_id, duty_text=duty.get("text", ""),
                  agency_id=agency_id, agency_name=agency_name, role=role, kind=kind,
                  cooperating=cooperating, line=duty.get("line"))
    if kind == "one_off" or (kind in ("report", "continuous") and not periods and _iso(duty.get("due"))):
        deadline = duty_deadline(calendar, plan_end, _iso(duty.get("due")))
        yield TaskSpec(task_id=_task_id(duty_id, agency_id, None), deadline=deadline, **common)
        return
    if not periods:
        raise PlanRefused(
            f"duty at line {duty.get('line')} is a {kind} duty but the plan states no reporting "
            "cadence: choose one (correct 'reporting') before activating", "no_cadence")
    for period, due in periods:
        deadline = report_deadline(period, policy, calendar, explicit=_explicit_for(due, period))
        yield TaskSpec(task_id=_task_id(duty_id, agency_id, period.key), deadline=deadline,
                       period_key=period.key, period_label=period.label, **common)


def _explicit_for(due: date | None, period: Period) -> date | None:
    """An explicit date written for a cadence applies when it falls after that period's cut-off
    and before the next one would ("trước ngày 15/6" for a 6-month report)."""
    if due is None or due.month != period.end.month:
        return None
    try:  # a multi-year plan states the day once: it holds for that period every year
        this_year = due.replace(year=period.end.year)
    except ValueError:
        return None
    return this_year if this_year >= period.end else None


def _task_id(duty_id: str, agency_id: str, period_key: str | None) -> str:
    return str(uuid.uuid5(TASK_NAMESPACE, f"{duty_id}|{agency_id}|{period_key or ''}"))


def _iso(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


_LEVEL_WORDS = (
    ("commune", ("xã", "phường", "thị trấn", "đặc khu")),
    ("district", ("huyện", "quận", "thị xã", "thành phố thuộc tỉnh")),
    ("province", ("tỉnh", "thành phố")),
)


def plan_level(draft: dict) -> str | None:
    """The administrative level of the issuer ("UBND tỉnh ..." is province), or None."""
    issuer = (draft.get("issuer") or "").casefold()
    for level, words in _LEVEL_WORDS:
        if any(f" {w} " in f" {issuer} " or issuer.startswith(f"{w} ") for w in words):
            return level
    return None
