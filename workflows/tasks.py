"""The task aggregate: one agency's share of a duty, rebuilt from its event stream.

Commands decide and return new events; they never change the task. The caller appends the
events to the log and applies them (``task.apply(e)``), or reloads the task. A command that may
not happen raises :class:`TransitionRefused` and returns nothing.

States: open → in_progress → submitted → done, with returned (sent back after review: start or
submit again) and cancelled. Done and cancelled are terminal. A focal point may submit straight
from open (often a single SMS reply); the task need not be started first.

Overdue is not a state. A task is overdue once its deadline day has ended in Vietnam and it is
neither done nor cancelled, nor a result submitted on time that waits for the coordinator's
review: the delay is then the coordinator's, and the agency is not to be chased for it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Optional

from workflows import task_rules as rules
from workflows.classification import TaskFacts
from workflows.localtime import end_of_day_utc, require_aware
from workflows.events import Event
from workflows.message_events import MessageFailed, MessageSent
from workflows.task_events import (
    Attachment, BecameOverdue, CommentAdded, DutyRole, Escalated, ExtensionGranted,
    ExtensionRefused, ExtensionRequested, Figure, ReminderSent, ReminderSkipped, ResultSubmitted,
    SubmissionAccepted, SubmissionReturned, SubmissionShared, TaskCancelled, TaskCreated, TaskKind,
    SubmissionFilesErased, TaskDoneByPlan, TaskReassigned, TaskReopened, TaskStarted, TaskTransferred,
)
from workflows.task_rules import CLOSED, TaskState


class TransitionRefused(Exception):
    """A command that may not happen now. ``code`` is stable (for callers and translations);
    ``reason`` is English, for logs."""

    def __init__(self, code: str, reason: str, **values) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
        self.values = values


@dataclass
class Task:
    task_id: str = ""
    plan_id: str = ""
    duty_id: str = ""
    duty_text: str = ""
    agency_id: str = ""
    role: DutyRole = DutyRole.LEAD
    kind: TaskKind = TaskKind.ONE_OFF
    period_key: Optional[str] = None
    period_label: Optional[str] = None
    cooperating: tuple[str, ...] = ()
    state: Optional[TaskState] = None
    deadline: Optional[date] = None
    original_deadline: Optional[date] = None
    submitted_at: Optional[datetime] = None
    done_at: Optional[datetime] = None
    done_by_plan_id: Optional[str] = None  # the lower plan whose link completed it (TaskDoneByPlan)
    accepted_at: Optional[datetime] = None
    cancelled_at: Optional[datetime] = None
    pending_extension: Optional[ExtensionRequested] = None
    overdue_marked: frozenset[date] = frozenset()
    handled_keys: frozenset[str] = frozenset()
    former_agencies: tuple[str, ...] = ()  # they keep reading the task and their own results
    submitted_by: dict[int, str] = field(default_factory=dict)  # ResultSubmitted version -> agency
    shared: frozenset[tuple[int, str]] = frozenset()  # (submission version, agency it is shown to)
    version: int = 0

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> "Task":
        task = cls()
        for e in events:
            task.apply(e)
        if task.state is None:
            raise ValueError("a task stream starts with TaskCreated")
        return task

    def apply(self, e: Event) -> None:
        kind = type(e)  # every event of every command's fold comes here: no call it can spare
        if isinstance(e, TaskCreated) == (self.state is not None):  # created
            raise ValueError(f"{kind.__name__} cannot apply to task at version {self.version}")
        applier = _APPLY.get(kind)
        if applier is None:
            raise ValueError(f"{kind.__name__} is not an event of a task")
        applier(self, e)
        self.state = rules.state_after(self.state, kind.__name__)
        self.version += 1

    @property
    def created(self) -> bool:
        return self.state is not None

    @property
    def closed(self) -> bool:
        return self.state in CLOSED

    def is_overdue(self, now: datetime) -> bool:
        require_aware(now)
        return self.created and rules.is_overdue(self.state, self.deadline, self.submitted_at, now)

    def allowed_actions(self) -> frozenset[str]:
        """The people's actions the task admits now (``workflows.permissions`` says who)."""
        if not self.created:
            return frozenset()
        return rules.allowed_actions(self.state, self.pending_extension is not None)

    def facts(self) -> TaskFacts:
        return TaskFacts(self.task_id, self.plan_id, self.agency_id, self.deadline,
                         self.done_at, self.cancelled_at, duty_id=self.duty_id,
                         period_key=self.period_key)

    @staticmethod
    def create(task_id: str, plan_id: str, duty_id: str, duty_text: str, agency_id: str,
               deadline: date, role: DutyRole = DutyRole.LEAD,
               kind: TaskKind = TaskKind.ONE_OFF, period_key: Optional[str] = None,
               period_label: Optional[str] = None,
               cooperating: Sequence[str] = ()) -> list[Event]:
        for name, value in (("task_id", task_id), ("plan_id", plan_id), ("agency_id", agency_id)):
            if not value:
                raise TransitionRefused("missing_field", f"a task needs a {name}")
        return [TaskCreated(task_id, plan_id, duty_id, duty_text, agency_id, DutyRole(role),
                            TaskKind(kind), deadline, period_key, period_label,
                            tuple(cooperating))]

    def start(self, now: datetime) -> list[Event]:
        self._require("start", now)
        return [TaskStarted()]

    def submit(self, text: str, now: datetime, figures: Sequence[Figure] = (),
               attachments: Sequence[Attachment] = ()) -> list[Event]:
        self._require("submit", now)
        if not text.strip() and not figures and not attachments:
            raise TransitionRefused("empty_result", "a result needs text, figures or a file")
        for figure in figures:
            if (problem := figure.problem()) is not None:
                raise TransitionRefused(*problem)
        return [ResultSubmitted(text, _utc(now), tuple(figures), tuple(attachments))]

    def accept(self, now: datetime) -> list[Event]:
        self._require("accept", now)
        return [SubmissionAccepted(_utc(now))]

    def return_(self, reason: str, now: datetime) -> list[Event]:
        self._require("return", now)
        return [SubmissionReturned(_required_reason(reason))]

    def request_extension(self, new_deadline: Optional[date], reason: str,
                          now: datetime) -> list[Event]:
        self._require("request_extension", now)
        if new_deadline is None:
            raise TransitionRefused("deadline_required", "name the new deadline you ask for")
        if self.pending_extension is not None:
            raise TransitionRefused("extension_pending", "an extension request is pending")
        self._check_new_deadline(new_deadline, now)
        return [ExtensionRequested(new_deadline, _required_reason(reason))]

    def grant_extension(self, now: datetime,
                        new_deadline: Optional[date] = None) -> list[Event]:
        """Grant the pending request, or extend on the coordinator's own initiative when
        ``new_deadline`` is given (it may also differ from the date requested)."""
        self._require("grant_extension", now)
        if new_deadline is None:
            new_deadline = self._pending("grant").new_deadline
        self._check_new_deadline(new_deadline, now)
        return [ExtensionGranted(new_deadline)]

    def refuse_extension(self, reason: str, now: datetime) -> list[Event]:
        self._require("refuse_extension", now)
        self._pending("refuse")
        return [ExtensionRefused(_required_reason(reason))]

    def reassign(self, to_agency_id: str, reason: str, now: datetime) -> list[Event]:
        """Give the task to another agency, which starts afresh (any pending request of the
        previous agency lapses). A submitted result must be reviewed first."""
        self._require("reassign", now)
        if not to_agency_id:
            raise TransitionRefused("agency_required", "name the agency to reassign to")
        if to_agency_id == self.agency_id:
            raise TransitionRefused("same_agency", "the task is already that agency's")
        return [TaskReassigned(self.agency_id, to_agency_id, _required_reason(reason))]

    def transfer(self, to_agency_id: str, reason: str) -> list[Event]:
        """The agency was merged into ``to_agency_id``: the task moves as it stands (open,
        started, returned or submitted). A closed task stays the record of the old agency."""
        if self.closed:
            raise TransitionRefused("closed", f"the task is {self.state.value}")
        if not to_agency_id or to_agency_id == self.agency_id:
            raise TransitionRefused("same_agency", "name another agency to move the task to")
        return [TaskTransferred(self.agency_id, to_agency_id, _required_reason(reason))]

    def share_submission(self, submission_version: int, now: datetime) -> list[Event]:
        """Show the current agency a result an earlier agency submitted."""
        self._require("share_submission", now)
        author = self.submitted_by.get(submission_version)
        if author is None:
            raise TransitionRefused("no_such_submission",
                                    f"version {submission_version} is not a submitted result")
        if self.may_read_submission(submission_version, self.agency_id):
            raise TransitionRefused("already_shared", "the agency can read that result already")
        return [SubmissionShared(submission_version, self.agency_id)]

    def may_read_submission(self, submission_version: int, agency_id: Optional[str]) -> bool:
        """Whether people of ``agency_id`` read that result: their own agency's, one shared with
        them, or (cooperating on the task) one by the agency that holds the task now."""
        author = self.submitted_by.get(submission_version)
        if author is None or agency_id is None:
            return False
        return (author == agency_id or (submission_version, agency_id) in self.shared
                or (author == self.agency_id and agency_id in self.cooperating))

    def done_by_plan(self, plan_id: str, number: Optional[str], now: datetime) -> list[Event]:
        """The agency's own plan, linked to this task's plan, is active: the duty to write it
        is done (workflows.cascade decides which duty; the service, which plan)."""
        self._require("done_by_plan", now)
        return [TaskDoneByPlan(plan_id, number, _utc(now))]

    def reopen_unlinked(self, plan_id: str, number: Optional[str], reason: str,
                        now: datetime) -> list[Event]:
        """The link of ``plan_id`` to this task's plan was undone as a wrong match: the task
        that plan completed is open again (the service finds which; this checks it)."""
        self._require("reopen_unlinked", now)
        if self.done_by_plan_id != plan_id:
            raise TransitionRefused("not_done_by_that_plan",
                                    f"the task was not completed by plan {plan_id}")
        return [TaskReopened(plan_id, number, _required_reason(reason), _utc(now))]

    def cancel(self, reason: str, now: datetime) -> list[Event]:
        self._require("cancel", now)
        return [TaskCancelled(_required_reason(reason), _utc(now))]

    def comment(self, text: str, now: datetime) -> list[Event]:
        self._require("comment", now)
        if not text.strip():
            raise TransitionRefused("text_required", "a comment needs text")
        return [CommentAdded(text)]

    def mark_overdue(self, now: datetime) -> list[Event]:
        """``[BecameOverdue]`` the first time the task is seen overdue for its current
        deadline; ``[]`` otherwise, so a scheduler may call it as often as it likes."""
        if not self.is_overdue(now) or self.deadline in self.overdue_marked:
            return []
        return [BecameOverdue(self.deadline)]

    def record_reminder(self, rule: str, key: str, deadline: date, now: datetime,
                        skipped: bool = False) -> list[Event]:
        self._require_unhandled("remind", key, deadline, now)
        cls = ReminderSkipped if skipped else ReminderSent
        return [cls(rule, key, deadline)]

    def escalate(self, rule: str, key: str, deadline: date, audience: str,
                 now: datetime) -> list[Event]:
        self._require_unhandled("escalate", key, deadline, now)
        return [Escalated(rule, key, deadline, str(getattr(audience, "value", audience)))]

    def _require(self, action: str, now: datetime) -> None:
        """Refuse ``action`` unless the state table admits it in the task's state."""
        require_aware(now)
        if not self.created:
            raise TransitionRefused("not_created", "the task does not exist")
        if self.state not in rules.ACTIONS[action]:
            code = "task_closed" if self.closed else "wrong_state"
            raise TransitionRefused(code, f"cannot {action.replace('_', ' ')} a task that is "
                                          f"{self.state.value}")

    def _pending(self, verb: str) -> ExtensionRequested:
        if self.pending_extension is None:
            raise TransitionRefused("no_pending_extension", f"no extension request to {verb}")
        return self.pending_extension

    def _check_new_deadline(self, new_deadline: date, now: datetime) -> None:
        if new_deadline <= self.deadline:
            raise TransitionRefused(
                "deadline_not_later",
                f"the new deadline {new_deadline} is not after the current {self.deadline}")
        if end_of_day_utc(new_deadline) < now:
            raise TransitionRefused("deadline_passed",
                                    f"the new deadline {new_deadline} has passed")

    def _require_unhandled(self, action: str, key: str, deadline: date, now: datetime) -> None:
        self._require(action, now)
        if deadline != self.deadline:
            raise TransitionRefused("stale_deadline", f"the deadline is now {self.deadline}")
        if key in self.handled_keys:
            raise TransitionRefused("already_handled", f"{key} was handled already")

    def _created(self, e: TaskCreated) -> None:
        self.task_id, self.plan_id, self.duty_id = e.task_id, e.plan_id, e.duty_id
        self.duty_text, self.agency_id = e.duty_text, e.agency_id
        self.role, self.kind = e.role, e.kind
        self.period_key, self.period_label = e.period_key, e.period_label
        self.cooperating = tuple(e.cooperating)
        self.deadline = self.original_deadline = e.deadline


    def _submitted(self, e: ResultSubmitted) -> None:
        self.submitted_at = e.at
        self.submitted_by = {**self.submitted_by, self.version + 1: self.agency_id}

    def _accepted(self, e: SubmissionAccepted) -> None:
        self.accepted_at, self.done_at = e.at, self.submitted_at
        self.pending_extension = None


    def _done_by_plan(self, e: TaskDoneByPlan) -> None:
        self.done_at, self.pending_extension = e.at, None
        self.done_by_plan_id = e.plan_id

    def _reopened(self, e: TaskReopened) -> None:
        self.done_at = self.done_by_plan_id = self.submitted_at = None

    def _requested(self, e: ExtensionRequested) -> None:
        self.pending_extension = e

    def _refused(self, e: ExtensionRefused) -> None:
        self.pending_extension = None

    def _granted(self, e: ExtensionGranted) -> None:
        self.deadline, self.pending_extension = e.new_deadline, None

    def _reassigned(self, e: TaskReassigned) -> None:
        if e.from_agency_id not in self.former_agencies:
            self.former_agencies = (*self.former_agencies, e.from_agency_id)
        self.agency_id = e.to_agency_id
        self.pending_extension = self.submitted_at = None

    def _transferred(self, e: TaskTransferred) -> None:
        if e.from_agency_id not in self.former_agencies:
            self.former_agencies = (*self.former_agencies, e.from_agency_id)
        self.agency_id = e.to_agency_id
        # the successor is the same body under another name: the results are its own
        self.submitted_by = {v: e.to_agency_id if a == e.from_agency_id else a
                             for v, a in self.submitted_by.items()}

    def _cancelled(self, e: TaskCancelled) -> None:
        self.cancelled_at, self.pending_extension = e.at, None

    def _shared(self, e: SubmissionShared) -> None:
        self.shared = self.shared | {(e.submission_version, e.agency_id)}

    def _unchanged(self, e: Event) -> None:
        """Comments and delivery outcomes sit on the stream for the timeline; they move only
        the version."""

    def _marked_overdue(self, e: BecameOverdue) -> None:
        self.overdue_marked = self.overdue_marked | {e.deadline}

    def _handled(self, e: ReminderSent | ReminderSkipped | Escalated) -> None:
        self.handled_keys = self.handled_keys | {e.key}


_APPLY = {
    TaskCreated: Task._created,
    TaskStarted: Task._unchanged,
    ResultSubmitted: Task._submitted,
    SubmissionAccepted: Task._accepted,
    SubmissionReturned: Task._unchanged,
    ExtensionRequested: Task._requested,
    ExtensionGranted: Task._granted,
    ExtensionRefused: Task._refused,
    TaskReassigned: Task._reassigned,
    TaskTransferred: Task._transferred,
    SubmissionShared: Task._shared,
    TaskCancelled: Task._cancelled,
    TaskDoneByPlan: Task._done_by_plan,
    TaskReopened: Task._reopened,
    CommentAdded: Task._unchanged,
    BecameOverdue: Task._marked_overdue,
    ReminderSent: Task._handled,
    ReminderSkipped: Task._handled,
    Escalated: Task._handled,
    MessageSent: Task._unchanged,
    MessageFailed: Task._unchanged,
    SubmissionFilesErased: Task._unchanged,  # the files' bytes, not the task, change
}
# The type names of every event a task stream may hold: the read models fold all of them.
TASK_EVENT_TYPES = frozenset(t.__name__ for t in _APPLY)
# ... and of those that move the task's version and nothing else (no applier, no new state):
# a comment, a message's outcome, the files' erasure
VERSION_ONLY_TYPES = frozenset(t.__name__ for t, applier in _APPLY.items()
                               if applier is Task._unchanged and t.__name__ not in rules.STATE_AFTER)


def _required_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise TransitionRefused("reason_required", "give a reason")
    return reason


def _utc(now: datetime) -> datetime:
    return now.astimezone(timezone.utc)
