"""Activation: a reviewed plan draft becomes tasks, one per agency and occurrence.

- a one-off duty: one task per agency, due on its stated date or at the end of the plan;
- an ongoing duty ("thường xuyên") or a duty to report: one task per agency for the plan's
  period, its progress told in the agency's periodic reports;
- each periodic report: one task per sending agency (`from`) and occasion, and one per occasion
  for the recipient who consolidates them (``workflows.report_tasks``).
"""
from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Callable

from workflows.agency_phrases import names_no_body
from workflows.calendar import WorkingCalendar
from workflows.deadlines import DeadlinePolicy, duty_deadline
from workflows.plans import PlanRefused

_REPORT_OPENING = re.compile(r"^\W*(?:định kỳ|báo cáo|(?:hằng|hàng|mỗi) (?:tháng|quý|năm)[ ,]*báo cáo)",
                             re.IGNORECASE)
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
    collective: str | None = None  # the collective name this member's task was expanded from


Members = Callable[[str], "list[tuple[str, str]] | None"]


def no_members(name: str) -> None:
    return None


def holders(name: str, resolve: Callable[[str], tuple[str, str]], members: Members):
    """Who a name in the plan gives a task to: each member of a collective whose members are
    known (workflows.collectives), else the one body it resolves to; with the collective's name
    for members."""
    expanded = members(name)
    if expanded:
        return [(agency_id, agency_name, name) for agency_id, agency_name in expanded]
    return [(*resolve(name), None)]


def plan_period(draft: dict) -> tuple[date, date]:
    period = draft.get("period") or {}
    try:
        start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    except (KeyError, TypeError, ValueError):
        raise PlanRefused("the plan's period (start and end dates) is not set: correct it before "
                          "activating", "no_period") from None
    if end < start:
        raise PlanRefused(f"the plan's period ends ({end}) before it starts ({start})", "bad_period",
                          start=start, end=end)
    return start, end


def task_specs(plan_id: str, draft: dict, resolve: Callable[[str], tuple[str, str]],
               calendar: WorkingCalendar, policy: DeadlinePolicy = DeadlinePolicy(),
               members: Members = no_members) -> list[TaskSpec]:
    """Every task the draft asks for. ``resolve`` maps a plan's agency name to (id, name); the
    cooperating agencies of a duty are resolved too, so their focal points can see the task.
    ``members`` maps a collective's name to its members' (id, name), or None when they are not
    known: then the collective is one body."""
    start, end = plan_period(draft)
    reporting = draft.get("reporting") or []
    specs: list[TaskSpec] = []
    given: set[tuple[str, str]] = set()
    deadlines: dict[date | None, date] = {}  # a plan's duties share a few dates: each moved once
    for ai, assignment in enumerate(draft.get("assignments") or []):
        phrases = [n for n in assignment.get("agencies") or [] if names_no_body(n)]
        for di, duty in enumerate(assignment.get("duties") or []):
            if duty.get("kind") == "report" and not reporting:
                raise PlanRefused(
                    f"duty at line {duty.get('line')} is a report duty but the plan states no reporting "
                    "cadence: choose one (correct 'reporting') before activating", "no_cadence",
                    line=duty.get("line") or "—")
            duty_id = f"{plan_id}:a{ai}:d{di}"
            cooperating = tuple(dict.fromkeys(resolve(n)[0] for n in duty.get("cooperating") or ()
                                              if not names_no_body(n)))
            for name in assignment.get("agencies") or []:
                if names_no_body(name):
                    continue  # "các cơ quan liên quan": text on the duty, never an agency
                if _is_periodic_report(duty, name, reporting):
                    continue  # the duty is the periodic report: its tasks are the report's
                for agency_id, agency_name, collective in holders(name, resolve, members):
                    if (duty_id, agency_id) in given:
                        continue  # named twice ("UBND các xã, phường" and one of them): one task
                    given.add((duty_id, agency_id))
                    specs.append(_duty_task(plan_id, duty_id, with_phrases(duty, phrases),
                                            assignment.get("role", "lead"), agency_id, agency_name,
                                            cooperating, end, calendar, collective, deadlines))
    from workflows.report_tasks import report_specs  # it builds on TaskSpec, defined here

    specs += report_specs(plan_id, draft, resolve, calendar, policy, members)
    if not specs:
        raise PlanRefused("the draft names no agency with a duty: nothing to activate", "no_duties")
    return specs


def with_phrases(duty: dict, phrases: list[str]) -> dict:
    """The duty as its holders read it: the heading's phrases that name no body ("Sở Y tế và
    các đơn vị liên quan") kept in its text, since they are nobody's task."""
    if not phrases:
        return duty
    joined = ", ".join(p[:1].lower() + p[1:] for p in phrases)
    return {**duty, "text": f"{(duty.get('text') or '').rstrip()} (cùng {joined})"}


def _is_periodic_report(duty: dict, name: str, reporting: list[dict]) -> bool:
    """"Định kỳ tháng, quý, năm báo cáo ..." as a duty of its own, read into `reporting`."""
    if duty.get("kind") != "report" or not _REPORT_OPENING.match(duty.get("text") or ""):
        return False
    return any(r.get("line") == duty.get("line") and name in (r.get("from") or []) for r in reporting)


def _duty_task(plan_id, duty_id, duty, role, agency_id, agency_name, cooperating, plan_end,
               calendar, collective=None, deadlines: dict | None = None) -> TaskSpec:
    """A one-off duty is due on its date or at the end of the plan; an ongoing one ("thường
    xuyên") and a duty to report are one task for the plan's period, whose progress the
    agency tells in its periodic reports. ``deadlines``: those worked out already, by date
    stated (None: none), for this plan and calendar."""
    kind = duty.get("kind") or "one_off"
    explicit = iso_date(duty.get("due"))
    deadline = deadlines.get(explicit) if deadlines is not None else None
    if deadline is None:
        deadline = duty_deadline(calendar, plan_end, explicit)
        if deadlines is not None:
            deadlines[explicit] = deadline
    return TaskSpec(task_id=task_id_for(duty_id, agency_id, None), plan_id=plan_id, duty_id=duty_id,
                    duty_text=duty.get("text", ""), agency_id=agency_id, agency_name=agency_name,
                    role=role, kind=kind, cooperating=cooperating, line=duty.get("line"),
                    deadline=deadline,
                    collective=collective)


def task_id_for(duty_id: str, agency_id: str, period_key: str | None) -> str:
    """``str(uuid.uuid5(TASK_NAMESPACE, ...))``, written out: an activation makes 10,000."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{duty_id}|{agency_id}|{period_key or ''}"
                                    .encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


_NAMESPACE_BYTES = TASK_NAMESPACE.bytes


def iso_date(value) -> date | None:
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
