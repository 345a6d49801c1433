"""Commands: what a person (or the scheduler) asks dondoc to do. Handlers live in service."""
from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from workflows.plan_events import Correction

if TYPE_CHECKING:
    from workflows.events import Event
    from workflows.tasks import Task


@dataclass(frozen=True)
class ImportPlan:
    filename: str
    data: bytes
    coordinators: tuple[str, ...] = ()  # usernames of the coordinators (or leaders) to follow it


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
class LinkPlan:
    """Say that ``lower_plan_id`` implements ``higher_plan_id`` (a correction of the match the
    import made, or a reference it could not match)."""
    lower_plan_id: str
    higher_plan_id: str
    note: str | None = None


@dataclass(frozen=True)
class UnlinkPlan:
    lower_plan_id: str
    higher_plan_id: str
    reason: str


@dataclass(frozen=True)
class SetCollectiveQuorum:
    """The collective duty ``duty_id`` of the plan counts complete when ``quorum`` of its
    members are done (None: when all of them are)."""
    plan_id: str
    duty_id: str
    quorum: int | None
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


@dataclass(frozen=True)
class RenameAgency:
    agency_id: str
    name: str


@dataclass(frozen=True)
class MergeAgencies:
    """``agency_id`` becomes part of ``into_agency_id``: its unfinished tasks (open, started,
    returned, submitted) and its people move there; its names become the successor's."""

    agency_id: str
    into_agency_id: str
    reason: str


@dataclass(frozen=True)
class RetireAgency:
    agency_id: str
    reason: str





# -- tasks ------------------------------------------------------------------------------------
# One table for every entry point: each task command names the action it is (the name
# ``task_rules`` and ``permissions`` know) and how the task decides it. The pages and the API
# only read their fields from a form or a body; the handler only loads, checks and appends.
# ``expected_version`` is the version of the task the person saw: a stale one is refused (409).

@dataclass(frozen=True)
class TaskCommand:
    task_id: str
    expected_version: int | None = None

    action: ClassVar[str] = ""

    def decide(self, task: Task, now: datetime) -> list[Event]:
        raise NotImplementedError(type(self).__name__)


@dataclass(frozen=True)
class StartTask(TaskCommand):
    action: ClassVar[str] = "start"

    def decide(self, task, now):
        return task.start(now)


@dataclass(frozen=True)
class SubmitResult(TaskCommand):
    text: str = ""
    figures: tuple = ()  # workflows.task_events.Figure
    attachments: tuple = ()  # workflows.task_events.Attachment

    action: ClassVar[str] = "submit"

    def decide(self, task, now):
        return task.submit(self.text, now, self.figures, self.attachments)


@dataclass(frozen=True)
class AcceptSubmission(TaskCommand):
    action: ClassVar[str] = "accept"

    def decide(self, task, now):
        return task.accept(now)


@dataclass(frozen=True)
class ReturnSubmission(TaskCommand):
    reason: str = ""

    action: ClassVar[str] = "return"

    def decide(self, task, now):
        return task.return_(self.reason, now)


@dataclass(frozen=True)
class RequestExtension(TaskCommand):
    new_deadline: date | None = None
    reason: str = ""

    action: ClassVar[str] = "request_extension"

    def decide(self, task, now):
        return task.request_extension(self.new_deadline, self.reason, now)


@dataclass(frozen=True)
class GrantExtension(TaskCommand):
    new_deadline: date | None = None  # None: the date the agency asked for

    action: ClassVar[str] = "grant_extension"

    def decide(self, task, now):
        return task.grant_extension(now, self.new_deadline)


@dataclass(frozen=True)
class RefuseExtension(TaskCommand):
    reason: str = ""

    action: ClassVar[str] = "refuse_extension"

    def decide(self, task, now):
        return task.refuse_extension(self.reason, now)


@dataclass(frozen=True)
class ReassignTask(TaskCommand):
    to_agency_id: str = ""
    reason: str = ""

    action: ClassVar[str] = "reassign"

    def decide(self, task, now):
        return task.reassign(self.to_agency_id, self.reason, now)


@dataclass(frozen=True)
class ShareSubmission(TaskCommand):
    """Show the agency that holds the task now a result an earlier agency submitted."""

    submission_version: int = 0

    action: ClassVar[str] = "share_submission"

    def decide(self, task, now):
        return task.share_submission(self.submission_version, now)


@dataclass(frozen=True)
class CancelTask(TaskCommand):
    reason: str = ""

    action: ClassVar[str] = "cancel"

    def decide(self, task, now):
        return task.cancel(self.reason, now)


@dataclass(frozen=True)
class CommentOnTask(TaskCommand):
    text: str = ""

    action: ClassVar[str] = "comment"

    def decide(self, task, now):
        return task.comment(self.text, now)


# action name -> command: what the pages post and the API's routes carry
TASK_COMMANDS: dict[str, type[TaskCommand]] = {
    cls.action: cls for cls in (StartTask, SubmitResult, AcceptSubmission, ReturnSubmission,
                                RequestExtension, GrantExtension, RefuseExtension, ReassignTask,
                                ShareSubmission, CancelTask, CommentOnTask)}


def task_command(action: str, task_id: str, expected_version: int | None,
                 **fields: Any) -> TaskCommand:
    """The command for an action by name, with the fields its entry point read."""
    return TASK_COMMANDS[action](task_id, expected_version, **fields)


def command_fields(action: str) -> tuple[str, ...]:
    """The fields an entry point must read for an action (beyond the task and its version)."""
    return tuple(f.name for f in dataclass_fields(TASK_COMMANDS[action])
                 if f.name not in ("task_id", "expected_version"))


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


@dataclass(frozen=True)
class ChangeMessageChoices:
    """A person's own choices: channels, daily digest time ("HH:MM" or None), kinds turned off
    (workflows.message_prefs)."""

    person_id: str
    channels: tuple[str, ...]
    digest_at: str | None = None
    muted: tuple[str, ...] = ()
    expected_version: int | None = None


# -- links in messages ---------------------------------------------------------------------------

@dataclass(frozen=True)
class OpenTaskLink:
    """Someone followed the signed link to ``task_id`` issued to ``person_id`` at ``issued_at``
    (the signature is checked before this command exists)."""

    task_id: str
    person_id: str
    issued_at: Any  # datetime, UTC
    address: str
    link_days: int = 14
