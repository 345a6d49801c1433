"""Events of a task stream (one stream per task).

The log's metadata records who did what and when; an event holds a time only where the domain
decides with it: when a result was submitted and accepted (on time or late) and when a task was
cancelled (it leaves the counts from then on). Those times come from the command's ``now``.

Identifiers are strings: the service uses ``str(uuid4())`` for tasks and plans, and whatever
stable id it gives agencies and duties.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Optional

from workflows.events import Event, event


class DutyRole(str, Enum):
    """The agency's part in the duty: lead (chủ trì, assigned) or requested (đề nghị)."""

    LEAD = "lead"
    REQUESTED = "requested"


class TaskKind(str, Enum):
    ONE_OFF = "one_off"
    CONTINUOUS = "continuous"  # thường xuyên: checked at each reporting period
    REPORT = "report"  # a periodic report, one task per period


@dataclass(frozen=True)
class Figure:
    """A reported value against a target of the plan ("550 người" → target, 550)."""

    target: str
    value: Decimal


@dataclass(frozen=True)
class Attachment:
    name: str
    size: int
    content_type: str
    storage_key: str


@event
@dataclass(frozen=True)
class TaskCreated(Event):
    task_id: str
    plan_id: str
    duty_id: str
    duty_text: str
    agency_id: str
    role: DutyRole
    kind: TaskKind
    deadline: date
    period_key: Optional[str] = None
    period_label: Optional[str] = None
    cooperating: tuple[str, ...] = ()


@event
@dataclass(frozen=True)
class TaskStarted(Event):
    pass


@event
@dataclass(frozen=True)
class ResultSubmitted(Event):
    text: str
    at: datetime
    figures: tuple[Figure, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@event
@dataclass(frozen=True)
class SubmissionAccepted(Event):
    at: datetime


@event
@dataclass(frozen=True)
class SubmissionReturned(Event):
    reason: str


@event
@dataclass(frozen=True)
class ExtensionRequested(Event):
    new_deadline: date
    reason: str


@event
@dataclass(frozen=True)
class ExtensionGranted(Event):
    new_deadline: date


@event
@dataclass(frozen=True)
class ExtensionRefused(Event):
    reason: str


@event
@dataclass(frozen=True)
class TaskReassigned(Event):
    from_agency_id: str
    to_agency_id: str
    reason: str


@event
@dataclass(frozen=True)
class SubmissionShared(Event):
    """A coordinator lets the task's current agency read a result an earlier agency submitted
    (the version of its ResultSubmitted): submissions belong to the agency that wrote them."""

    submission_version: int
    agency_id: str


@event
@dataclass(frozen=True)
class TaskCancelled(Event):
    reason: str
    at: datetime


@event
@dataclass(frozen=True)
class CommentAdded(Event):
    text: str


@event
@dataclass(frozen=True)
class BecameOverdue(Event):
    deadline: date


@event
@dataclass(frozen=True)
class ReminderSent(Event):
    rule: str
    key: str
    deadline: date


@event
@dataclass(frozen=True)
class ReminderSkipped(Event):
    rule: str
    key: str
    deadline: date


@event
@dataclass(frozen=True)
class Escalated(Event):
    rule: str
    key: str
    deadline: date
    audience: str


TASK_EVENTS: tuple[type[Event], ...] = (
    TaskCreated, TaskStarted, ResultSubmitted, SubmissionAccepted, SubmissionReturned,
    ExtensionRequested, ExtensionGranted, ExtensionRefused, TaskReassigned, SubmissionShared,
    TaskCancelled, CommentAdded, BecameOverdue, ReminderSent, ReminderSkipped, Escalated,
)


@event
@dataclass(frozen=True)
class SubmissionFilesErased(Event):
    """The files of the task's submissions, erased once the plan's retention ran out (the
    Personal Data Protection Law): which files (name, size, type, key: the bytes are gone) and
    when. Written by the scheduler (workflows.retention decides), before the files are removed."""

    files: tuple[Attachment, ...]
    erased_at: datetime
    plan_closed_on: date  # the last day of the plan's period
    retention_days: int  # the plan's setting then: erased this many days after it closed
