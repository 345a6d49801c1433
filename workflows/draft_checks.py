"""What a reviewer must still look at in a draft, computed from the draft as it stands now (so a
correction clears its warning at once), each as a code with its values; the pages say it in
the reader's language. The importer's own ``warnings`` are what it saw when it read the file.

``today`` is an argument (time is never read here): with it, the deadlines activation would
give that are already past, since those tasks would be overdue, and escalate, at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from workflows.agency_phrases import names_no_body
from workflows.calendar import WorkingCalendar
from workflows.plans import PlanRefused


@dataclass(frozen=True)
class DraftWarning:
    code: str
    values: dict[str, Any] = field(default_factory=dict)
    blocks: bool = False  # activation refuses the draft until it is fixed


def draft_warnings(draft: dict, today: date | None = None,
                   deadlines: Callable[[dict], list[date]] | None = None) -> list[DraftWarning]:
    """``deadlines`` gives the deadlines activation would set for the draft (raising
    PlanRefused when it cannot); with ``today`` the past ones are counted."""
    out = []
    for key, code, blocks in (("number", "no_number", False), ("issuer", "no_issuer", False),
                              ("title", "no_title", False), ("issued_on", "no_issue_date", False)):
        if not draft.get(key):
            out.append(DraftWarning(code, blocks=blocks))
    period = draft.get("period") or {}
    if not period.get("start") or not period.get("end"):
        out.append(DraftWarning("no_period", blocks=True))
    reports = [d for a in draft.get("assignments") or [] for d in a.get("duties") or []
               if d.get("kind") == "report"]
    if reports and not draft.get("reporting"):
        out.append(DraftWarning("no_cadence", {"n": len(reports)}, blocks=True))
    for i, r in enumerate(draft.get("reporting") or []):
        if not r.get("from"):
            out.append(DraftWarning("no_sender", {"n": i + 1, "line": r.get("line") or "?"}, blocks=True))
    for a in draft.get("assignments") or []:
        if not a.get("duties"):
            out.append(DraftWarning("no_duty", {"agencies": ", ".join(a.get("agencies") or []),
                                                "line": (a.get("lines") or ["?"])[0]}))
        elif a.get("agencies") and all(names_no_body(n) for n in a["agencies"]):
            out.append(DraftWarning("no_holder", {"agencies": ", ".join(a["agencies"]),
                                                  "n": len(a["duties"]),
                                                  "line": (a.get("lines") or ["?"])[0]}))
    out += collective_warnings(draft)
    if today is not None and deadlines is not None and not any(w.blocks for w in out):
        try:
            past = sorted(d for d in deadlines(draft) if d < today)
        except PlanRefused:
            past = []
        if past:
            out.append(DraftWarning("past_deadlines", {"n": len(past), "first": past[0]}))
    return out


def collective_warnings(draft: dict) -> list[DraftWarning]:
    """Each collective the draft gives duties to ("UBND các xã, phường"): how many members it
    will become at activation, or, when they are not known (a plan of districts, or of an
    unknown place), that it stays one task for them all."""
    from workflows.collectives import collective_names, collective_of, members_of
    from workflows.plan_context import plan_context

    place_code = plan_context(draft).place_code
    out = []
    for name, line in collective_names(draft):
        collective = collective_of(name)
        if collective is None:
            continue
        members = members_of(collective, place_code)
        if members:
            out.append(DraftWarning("collective_members", {"name": name, "n": len(members)}))
        else:
            out.append(DraftWarning("collective_unknown", {"name": name, "line": line or "?"}))
    return out


def activation_deadlines(calendar: WorkingCalendar) -> Callable[[dict], list[date]]:
    """The deadlines :func:`workflows.activation.task_specs` gives a draft (names unresolved)."""
    from workflows.activation import task_specs

    return lambda draft: [s.deadline for s in task_specs("draft", draft, lambda n: (n, n), calendar)]
