"""The rules of a task that every reader asks: its states, which action each state admits, which
state each event leads to, when it is overdue and how urgent it is.

One table, one home. The aggregate (``workflows.tasks.Task``) enforces these rules when it
decides; the read models fold events through ``state_after``; the pages and the API offer the
actions of ``allowed_actions``; the lists, the dashboard and the scheduler ask ``is_overdue``.
A copy of any of these elsewhere drifts (the first version's copy of the state machine in the
tasks read model left its version behind and froze every reminded task).
"""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Callable, Optional

from workflows.localtime import end_of_day_utc, local_date, require_aware


class TaskState(str, Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    DONE = "done"
    CANCELLED = "cancelled"


CLOSED = frozenset({TaskState.DONE, TaskState.CANCELLED})
WORKING = (TaskState.OPEN, TaskState.IN_PROGRESS, TaskState.RETURNED)
# Nothing to chase the agency for: closed, or a result that waits for the coordinator.
WAITING = CLOSED | {TaskState.SUBMITTED}

# action -> the states in which a task admits it (permissions decide who; this decides when)
ACTIONS: dict[str, frozenset[TaskState]] = {
    "start": frozenset({TaskState.OPEN, TaskState.RETURNED}),
    "submit": frozenset(WORKING),
    "request_extension": frozenset(WORKING),
    "accept": frozenset({TaskState.SUBMITTED}),
    "return": frozenset({TaskState.SUBMITTED}),
    "grant_extension": frozenset({*WORKING, TaskState.SUBMITTED}),
    "refuse_extension": frozenset({*WORKING, TaskState.SUBMITTED}),
    "reassign": frozenset(WORKING),
    "cancel": frozenset({*WORKING, TaskState.SUBMITTED}),
    "comment": frozenset(TaskState),
    "share_submission": frozenset(TaskState),
    # the system's: the agency's own plan is active and linked (workflows.cascade)
    "done_by_plan": frozenset({*WORKING, TaskState.SUBMITTED}),
    # ... and undone when that link is (a wrong match): only a task a plan completed
    "reopen_unlinked": frozenset({TaskState.DONE}),
    # the scheduler's own actions
    "remind": frozenset({*WORKING, TaskState.SUBMITTED}),
    "escalate": frozenset({*WORKING, TaskState.SUBMITTED}),
}
# actions that need a pending extension request, and those refused while one is pending
NEEDS_PENDING = frozenset({"refuse_extension"})
REFUSED_WHEN_PENDING = frozenset({"request_extension"})
PEOPLE_ACTIONS = ("start", "submit", "request_extension", "accept", "return", "grant_extension",
                  "refuse_extension", "reassign", "cancel", "comment")  # share_submission: per result

# event type name -> the state the task is in after it (other events leave the state as it is)
STATE_AFTER: dict[str, TaskState] = {
    "TaskCreated": TaskState.OPEN,
    "TaskStarted": TaskState.IN_PROGRESS,
    "ResultSubmitted": TaskState.SUBMITTED,
    "SubmissionAccepted": TaskState.DONE,
    "SubmissionReturned": TaskState.RETURNED,
    "TaskReassigned": TaskState.OPEN,
    "TaskCancelled": TaskState.CANCELLED,
    "TaskDoneByPlan": TaskState.DONE,
    "TaskReopened": TaskState.OPEN,
}


_BY_VALUE = {s.value: s for s in TaskState}


def as_state(state: TaskState | str) -> TaskState:
    """The state named by ``state`` (every list row and fold passes here: a dict, not Enum's call)."""
    if isinstance(state, TaskState):
        return state
    found = _BY_VALUE.get(state)
    return found if found is not None else TaskState(state)  # the Enum's own error


def state_after(state: Optional[TaskState | str], event_type: str) -> Optional[TaskState]:
    """The state after an event of ``event_type``: the one table every fold goes through."""
    after = STATE_AFTER.get(event_type)
    if after is not None:
        return after
    return None if state is None else as_state(state)


def admits(action: str, state: TaskState | str, pending_extension: bool = False) -> bool:
    """Whether a task in ``state`` admits ``action`` now (not who may take it)."""
    if as_state(state) not in ACTIONS[action]:
        return False
    if action in NEEDS_PENDING and not pending_extension:
        return False
    return not (action in REFUSED_WHEN_PENDING and pending_extension)


def allowed_actions(state: TaskState | str, pending_extension: bool = False) -> frozenset[str]:
    """The people's actions a task in ``state`` admits now."""
    return frozenset(a for a in PEOPLE_ACTIONS if admits(a, state, pending_extension))


def is_closed(state: TaskState | str) -> bool:
    return as_state(state) in CLOSED


def is_waiting(state: TaskState | str) -> bool:
    """Closed, or submitted and waiting for review: the scheduler chases nobody for it."""
    return as_state(state) in WAITING


def submitted_on_time(state: TaskState | str, deadline: date,
                      submitted_at: Optional[datetime]) -> bool:
    """A result submitted by the end of the deadline day that waits for the coordinator."""
    return _submitted_by(as_state(state), submitted_at, end_of_day_utc(deadline))


def _submitted_by(state: TaskState, submitted_at: Optional[datetime], day_end: datetime) -> bool:
    return state is TaskState.SUBMITTED and submitted_at is not None and submitted_at <= day_end


def is_overdue(state: TaskState | str, deadline: date, submitted_at: Optional[datetime],
               now: datetime) -> bool:
    """Overdue once the deadline day has ended in Vietnam and the task is neither closed nor a
    result submitted on time that waits for review (the delay is then the coordinator's)."""
    require_aware(now)
    return _overdue(state, submitted_at, end_of_day_utc(deadline), now)


def overdue_as_of(now: datetime) -> Callable[[TaskState | str, date, Optional[datetime]], bool]:
    """``is_overdue`` as of ``now``, for many tasks (a page of a list): the end of each deadline
    day is worked out once."""
    require_aware(now)
    day_ends: dict[date, datetime] = {}

    def overdue(state: TaskState | str, deadline: date, submitted_at: Optional[datetime]) -> bool:
        day_end = day_ends.get(deadline)
        if day_end is None:
            day_end = day_ends[deadline] = end_of_day_utc(deadline)
        return _overdue(state, submitted_at, day_end, now)
    return overdue


def _overdue(state: TaskState | str, submitted_at: Optional[datetime], day_end: datetime,
             now: datetime) -> bool:
    """``is_overdue`` once the end of the deadline day (``day_end``) is known: the rule itself,
    the day looked at before the state."""
    if now <= day_end:
        return False
    state = as_state(state)
    if state in CLOSED:
        return False
    return not _submitted_by(state, submitted_at, day_end)


DUE_SOON_DAYS = 7


def urgency(state: TaskState | str, deadline: date, submitted_at: Optional[datetime],
            now: datetime) -> str:
    """done, cancelled, waiting (submitted on time), overdue, due_today, due_soon or later."""
    state = as_state(state)
    if state in CLOSED:
        return state.value
    if submitted_on_time(state, deadline, submitted_at):
        return "waiting"
    if is_overdue(state, deadline, submitted_at, now):
        return "overdue"
    days = (deadline - local_date(now)).days
    if days <= 0:
        return "due_today"
    return "due_soon" if days <= DUE_SOON_DAYS else "later"
