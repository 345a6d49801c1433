"""Commands: what a person (or the scheduler) asks dondoc to do. Handlers live in service."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workflows.plan_events import Correction


@dataclass(frozen=True)
class ImportPlan:
    filename: str
    data: bytes


@dataclass(frozen=True)
class CorrectDraft:
    plan_id: str
    corrections: tuple[Correction, ...]
    expected_version: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class ActivatePlan:
    plan_id: str
    days_after_cutoff: int = 2
    settings: dict[str, Any] = field(default_factory=dict)
    expected_version: int | None = None


@dataclass(frozen=True)
class SetPlanRetention:
    """Keep the files submitted for the plan's tasks ``days`` after its period ends, then erase
    them (None: keep them)."""
    plan_id: str
    days: int | None
    expected_version: int | None = None


@dataclass(frozen=True)
class RegisterAgency:
    name: str
    level: str
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddAgencyAlias:
    agency_id: str
    alias: str





# -- tasks ------------------------------------------------------------------------------------
# ``expected_version`` is the version of the task the person saw: a stale one is refused (409).

@dataclass(frozen=True)
class TaskCommand:
    task_id: str
    expected_version: int | None = None


@dataclass(frozen=True)
class StartTask(TaskCommand):
    pass


@dataclass(frozen=True)
class SubmitResult(TaskCommand):
    text: str = ""
    figures: tuple = ()  # workflows.task_events.Figure
    attachments: tuple = ()  # workflows.task_events.Attachment


@dataclass(frozen=True)
class AcceptSubmission(TaskCommand):
    pass


@dataclass(frozen=True)
class ReturnSubmission(TaskCommand):
    reason: str = ""


@dataclass(frozen=True)
class RequestExtension(TaskCommand):
    new_deadline: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class GrantExtension(TaskCommand):
    new_deadline: date | None = None  # None: the date the agency asked for


@dataclass(frozen=True)
class RefuseExtension(TaskCommand):
    reason: str = ""


@dataclass(frozen=True)
class ReassignTask(TaskCommand):
    to_agency_id: str = ""
    reason: str = ""


@dataclass(frozen=True)
class ShareSubmission(TaskCommand):
    """Show the agency that holds the task now a result an earlier agency submitted."""

    submission_version: int = 0


@dataclass(frozen=True)
class CancelTask(TaskCommand):
    reason: str = ""


@dataclass(frozen=True)
class CommentOnTask(TaskCommand):
    text: str = ""


@dataclass(frozen=True)
class ReassignAgencyTasks:
    """Agencies merge and are renamed: every open task of one agency moves to another."""

    from_agency_id: str
    to_agency_id: str
    reason: str


# -- people -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AddPerson:
    profile: Any  # workflows.people_events.Profile
    password: str | None = None


@dataclass(frozen=True)
class UpdatePerson:
    person_id: str
    profile: Any
    expected_version: int | None = None
