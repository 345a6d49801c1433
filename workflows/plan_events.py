"""Events of a plan stream (``plan-<id>``) and of an agency stream (``agency-<id>``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from workflows.events import Event, event


@event
@dataclass(frozen=True)
class PlanImported(Event):
    plan_id: str
    filename: str
    sha256: str
    draft: dict[str, Any]
    source_lines: tuple[str, ...] = ()  # the lines the draft's line numbers count


@dataclass(frozen=True)
class Correction:
    """One change to a draft: ``path`` like ``number`` or ``assignments/2/duties/0/kind``;
    ``op`` is ``set``, ``remove`` (a list item) or ``append`` (to a list)."""

    op: str
    path: str
    value: Any = None


@event
@dataclass(frozen=True)
class DraftCorrected(Event):
    plan_id: str
    corrections: tuple[Correction, ...]
    note: Optional[str] = None


@event
@dataclass(frozen=True)
class PlanActivated(Event):
    plan_id: str
    settings: dict[str, Any]
    task_count: int


@event
@dataclass(frozen=True)
class AgencyRegistered(Event):
    agency_id: str
    name: str
    level: str
    parent_id: Optional[str] = None
    aliases: tuple[str, ...] = ()


@event
@dataclass(frozen=True)
class AgencyAliasAdded(Event):
    agency_id: str
    alias: str
