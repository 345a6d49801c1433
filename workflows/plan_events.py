"""Events of a plan stream (``plan-<id>``) and of an agency stream (``agency-<id>``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Optional

from workflows.drafts import DRAFT_VERSION, current_draft
from workflows.events import Event, event, upcaster


@event
@dataclass(frozen=True)
class PlanImported(Event):
    """Version 2: the draft's shape has a version of its own (``draft_version``)."""

    schema_version: ClassVar[int] = 2

    plan_id: str
    filename: str
    sha256: str
    draft: dict[str, Any]  # as the importer wrote it: read it through current_draft
    source_lines: tuple[str, ...] = ()  # the lines the draft's line numbers count
    draft_version: int = DRAFT_VERSION

    @property
    def current_draft(self) -> dict[str, Any]:
        """The draft in the shape this code reads (workflows.drafts), a fresh copy."""
        return current_draft(self.draft, self.draft_version)

    def owned_draft(self) -> dict[str, Any]:
        """``current_draft`` without the copy, for a caller that owns this event: one just read
        from the log, held by nothing else (changing the draft changes the event's)."""
        return current_draft(self.draft, self.draft_version, copy=False)


@upcaster("PlanImported", 1)
def _plan_imported_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 embedded the importer's draft without saying its shape: the first one.
    return {**data, "draft_version": 1}


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
class PlanRetentionSet(Event):
    """How long the files submitted for the plan's tasks are kept: ``days`` after the plan's
    period ends they are erased (workflows.retention); None: kept (no erasure)."""

    plan_id: str
    days: Optional[int]


@event
@dataclass(frozen=True)
class AgencyRegistered(Event):
    """Version 2: the agency's place (as written, or a current unit's official name), its code
    in the official list and the current unit that succeeded a former place (workflows.places)."""

    schema_version: ClassVar[int] = 2

    agency_id: str
    name: str
    level: str
    parent_id: Optional[str] = None
    aliases: tuple[str, ...] = ()
    place: Optional[str] = None
    place_code: Optional[str] = None
    successor: Optional[str] = None


@upcaster("AgencyRegistered", 1)
def _agency_registered_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 did not record a place: the agency is of no place (it matches any plan's name).
    return {**data, "place": None, "place_code": None, "successor": None}


@event
@dataclass(frozen=True)
class AgencyAliasAdded(Event):
    agency_id: str
    alias: str


@event
@dataclass(frozen=True)
class AgencyRenamed(Event):
    """The agency goes by ``name`` from now on; ``previous`` stays one of its names."""

    agency_id: str
    name: str
    previous: str


@event
@dataclass(frozen=True)
class AgencyMerged(Event):
    """The agency became part of ``into_agency_id`` (its tasks and people moved there in the
    same transaction; its names are the successor's aliases). It takes no new duties."""

    agency_id: str
    into_agency_id: str
    reason: str


@event
@dataclass(frozen=True)
class AgencyRetired(Event):
    """The agency was abolished with no successor: no plan resolves to it any more."""

    agency_id: str
    reason: str


@event
@dataclass(frozen=True)
class CollectiveExpanded(Event):
    """At activation, the duty ``duty_id`` given to the collective ``collective`` ("UBND các xã,
    phường") became one task per member: ``members`` are their agency ids, in order."""

    plan_id: str
    duty_id: str
    collective: str
    members: tuple[str, ...]


@event
@dataclass(frozen=True)
class CollectiveQuorumSet(Event):
    """The plan's coordinator chose when the collective duty ``duty_id`` counts complete:
    when ``quorum`` of its members are done, or (None) when all of them are."""

    plan_id: str
    duty_id: str
    quorum: Optional[int]
