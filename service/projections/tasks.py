"""Read model of tasks: one row per task, indexed for the lists people filter every day."""
from __future__ import annotations

from sqlalchemy import JSON, Column, Date, Index, Integer, String, Table, Text

from service.projections.base import RowProjection
from workflows.calendar import local_date
from service.tables import UtcDateTime, metadata

tasks = Table(
    "tasks", metadata,
    Column("task_id", String(64), primary_key=True),
    Column("plan_id", String(64), nullable=False),
    Column("duty_id", String(120), nullable=False, index=True),
    Column("duty_text", Text, nullable=False),
    Column("agency_id", String(64), nullable=False),
    Column("role", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("period_key", String(20)),
    Column("period_label", String(60)),
    Column("cooperating", JSON, nullable=False),
    Column("state", String(20), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("original_deadline", Date, nullable=False),
    Column("requested_deadline", Date),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("submitted_at", UtcDateTime()),
    Column("done_at", UtcDateTime()),
    Column("accepted_at", UtcDateTime()),
    Column("cancelled_at", UtcDateTime()),
    Column("overdue_since", UtcDateTime()),
    # Days in Asia/Ho_Chi_Minh: the four-way classification as of a day is then plain date
    # comparisons that the database can group (service.queries.classify_sql).
    Column("created_on", Date, nullable=False),
    Column("done_on", Date),
    Column("cancelled_on", Date),
    Column("version", Integer, nullable=False),
    Index("ix_tasks_agency_state_deadline", "agency_id", "state", "deadline"),
    Index("ix_tasks_plan_state_deadline", "plan_id", "state", "deadline"),
    Index("ix_tasks_deadline", "deadline"),
)

_STATE_AFTER = {
    "TaskStarted": "in_progress",
    "ResultSubmitted": "submitted",
    "SubmissionAccepted": "done",
    "SubmissionReturned": "returned",
    "TaskCancelled": "cancelled",
    "TaskReassigned": "open",
}


class TasksProjection(RowProjection):
    name = "tasks"
    table = tasks
    handles = frozenset({"TaskCreated", *_STATE_AFTER, "ExtensionRequested", "ExtensionGranted",
                         "ExtensionRefused", "TaskReassigned", "BecameOverdue"})

    def key(self, ev):
        return ev.stream_id.removeprefix("task-")

    def evolve(self, row, ev):
        t, e = ev.type, ev.event
        if t == "TaskCreated":
            row = dict(task_id=e.task_id, plan_id=e.plan_id, duty_id=e.duty_id, duty_text=e.duty_text,
                       agency_id=e.agency_id, role=e.role.value, kind=e.kind.value,
                       period_key=e.period_key, period_label=e.period_label,
                       cooperating=list(e.cooperating), state="open", deadline=e.deadline,
                       original_deadline=e.deadline, requested_deadline=None,
                       created_at=ev.recorded_at, submitted_at=None, done_at=None, accepted_at=None,
                       cancelled_at=None, overdue_since=None, created_on=local_date(ev.recorded_at),
                       done_on=None, cancelled_on=None)
        else:
            row = {**row, **_change(t, e, ev.recorded_at, row)}
        if t in _STATE_AFTER:
            row["state"] = _STATE_AFTER[t]
        return {**row, "version": ev.version}


def _change(t: str, e, at, row) -> dict:
    """Mirrors workflows.tasks.Task: a result counts as done when it was submitted."""
    if t == "ResultSubmitted":
        return {"submitted_at": e.at}
    if t == "SubmissionAccepted":
        return {"done_at": row["submitted_at"], "done_on": local_date(row["submitted_at"]),
                "accepted_at": e.at, "requested_deadline": None}
    if t == "TaskCancelled":
        return {"cancelled_at": e.at, "cancelled_on": local_date(e.at), "requested_deadline": None}
    if t == "ExtensionRequested":
        return {"requested_deadline": e.new_deadline}
    if t == "ExtensionGranted":
        return {"deadline": e.new_deadline, "requested_deadline": None, "overdue_since": None}
    if t == "ExtensionRefused":
        return {"requested_deadline": None}
    if t == "TaskReassigned":
        return {"agency_id": e.to_agency_id, "submitted_at": None, "requested_deadline": None}
    if t == "BecameOverdue":
        return {"overdue_since": at}
    return {}
