"""Events of a plan's targets stream (``targets-<plan_id>``) and reports stream
(``reports-<plan_id>``).

A figure an agency submits travels with its result (``ResultSubmitted.figures``); a correction
of a figure is a new event here, so the history says who changed which figure and when (the
log's metadata holds the actor and the time).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from workflows.events import Event, event
from workflows.targets import TrackedTarget


@event
@dataclass(frozen=True)
class TargetsTracked(Event):
    plan_id: str
    targets: tuple[TrackedTarget, ...]


@event
@dataclass(frozen=True)
class TargetFigureCorrected(Event):
    plan_id: str
    target_id: str
    agency_id: str
    period_key: str
    value: Decimal
    numerator: Optional[Decimal] = None
    denominator: Optional[Decimal] = None
    note: Optional[str] = None


@event
@dataclass(frozen=True)
class ReportDrafted(Event):
    """A consolidated report generated for a plan and a period: the submissions it holds."""

    plan_id: str
    period_key: str
    task_ids: tuple[str, ...]
    filename: str
