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
from typing import Any, ClassVar, Optional

from workflows.events import Event, event, upcaster


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
    """A reported value against a target of the plan ("550 người" → target, 550). A share
    ("95% ... được tư vấn") may come with what it is made of, so that the plan-wide share adds
    agencies' people up rather than averaging their percentages: ``numerator`` of
    ``denominator``, and ``value`` is then their percentage (workflows.targets.share_figure)."""

    target: str
    value: Decimal
    numerator: Optional[Decimal] = None
    denominator: Optional[Decimal] = None

    @classmethod
    def of(cls, target: str, value: Optional[Decimal] = None, numerator: Optional[Decimal] = None,
           denominator: Optional[Decimal] = None) -> Figure:
        """A figure as a person gives it: a value, or a numerator and a denominator (the value
        is then their percentage, to two decimals), or all three (checked on submitting)."""
        if value is None and numerator is not None and denominator:
            value = percentage(numerator, denominator)
        return cls(target, value, numerator, denominator)

    def problem(self) -> Optional[tuple[str, str]]:
        """(code, why) when the figure does not hold together, else None."""
        if (self.numerator is None) != (self.denominator is None):
            return "figure_parts", f"{self.target}: give both the number and the total, or neither"
        if self.value is None:
            return "figure_value_required", f"{self.target}: give a value, or a number and a total"
        if self.denominator is not None:
            if self.denominator <= 0 or self.numerator < 0:
                return "figure_parts", f"{self.target}: the total must be above 0, the number not below 0"
            if abs(self.value - percentage(self.numerator, self.denominator)) > Decimal("0.01"):
                return "figure_share_mismatch", (f"{self.target}: {self.value}% is not "
                                                 f"{self.numerator} of {self.denominator}")
        return None


def percentage(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator`` of ``denominator`` as a percentage, to two decimals, without trailing zeros."""
    share = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
    return share.quantize(Decimal(1)) if share == share.to_integral_value() else share.normalize()


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

    schema_version: ClassVar[int] = 2  # 2: a figure may carry its numerator and denominator


@upcaster("ResultSubmitted", 1)
def _result_submitted_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1's figures were a value only.
    return {**data, "figures": [{"numerator": None, "denominator": None, **f}
                                for f in data.get("figures") or []]}


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
class TaskTransferred(Event):
    """The task's agency was merged into another (workflows.agency_registry): the successor
    carries on where it stood, whatever its state (an open task stays open, a submitted result
    waits for review), and its people read the results the merged agency sent."""

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
class TaskDoneByPlan(Event):
    """A duty to write a plan of one's own ("xây dựng kế hoạch cụ thể") is done: the agency's
    plan that implements this one is active and linked to it (workflows.cascade). Written by
    the system; the plan is the evidence."""

    plan_id: str  # the lower plan
    number: Optional[str]  # its number, as the timeline shows it
    at: datetime


@event
@dataclass(frozen=True)
class TaskReopened(Event):
    """A task the system had marked done (TaskDoneByPlan) is open again: the link between the
    agency's plan and this task's plan was undone as a wrong match (PlanUnlinked), so that
    plan is no evidence. Written by the system, with the unlink's reason."""

    plan_id: str  # the lower plan that had completed it
    number: Optional[str]  # its number, as the timeline shows it
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
    ExtensionRequested, ExtensionGranted, ExtensionRefused, TaskReassigned, TaskTransferred,
    SubmissionShared, TaskCancelled, TaskDoneByPlan, TaskReopened, CommentAdded, BecameOverdue, ReminderSent, ReminderSkipped, Escalated,
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
