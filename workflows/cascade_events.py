"""Events of the cascade between plans, on the stream ``cascade-<lower plan id>``.

A link says: this (lower) plan implements that (higher) plan. It stays off the plan's own
stream, whose version the draft's forms use as their optimistic lock: a higher plan imported
later links the lower plans that cite it, and must not make a colleague's open draft stale.
The completion of a "write your own plan" task is an event of the task (TaskDoneByPlan).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from workflows.events import Event, event

LINK_WAYS = ("import", "cited_later", "correction")  # matched at import; the higher came later; a person


@event
@dataclass(frozen=True)
class PlanLinked(Event):
    lower_plan_id: str
    higher_plan_id: str
    reference: str  # the legal-basis clause that cites the higher plan, or a person's note
    how: str  # one of LINK_WAYS
    number: Optional[str] = None  # the higher plan's number as cited


@event
@dataclass(frozen=True)
class PlanUnlinked(Event):
    lower_plan_id: str
    higher_plan_id: str
    reason: str
