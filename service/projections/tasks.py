"""Read model of tasks: one row per task, indexed for the lists people filter every day."""
from __future__ import annotations

from sqlalchemy import (JSON, Column, Date, Index, Integer, String, Table, Text, bindparam,
                        delete)

from service.bulk_insert import bulk_insert
from service.projections.base import RowProjection
from service.projections.class_tally import apply_class_changes, class_changes, class_totals, open_tally
from service.projections.overdue_tally import apply_changes, overdue_tally, overdue_totals, tally_changes
from service.tables import UtcDateTime, metadata
from workflows.localtime import local_date
from workflows.task_events import DutyRole, ExtensionRequested, TaskKind
from workflows.tasks import TASK_EVENT_TYPES, VERSION_ONLY_TYPES, Task, TaskState

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
    Column("former_agencies", JSON, nullable=False),  # agencies the task was taken from
    Column("state", String(20), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("original_deadline", Date, nullable=False),
    Column("requested_deadline", Date),
    Column("extension_reason", Text),
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
    # Lists are ordered by (deadline, task_id) and paged by that key (service.queries.tasks):
    # each index ends with it, so a page is a range scan of one index per agency, plan, state
    # or period (a coordinator's many plans: one short range per plan, merged). The first
    # carries what a list tests, so the probe of a list's first keys reads it alone
    # (service.queries.task_ranges.PROBED).
    Index("ix_tasks_deadline_id", "deadline", "task_id", "plan_id", "agency_id", "state", "kind", "period_key",
          "submitted_at"),
    Index("ix_tasks_plan_deadline", "plan_id", "deadline", "task_id"),
    Index("ix_tasks_agency_deadline", "agency_id", "deadline", "task_id"),
    # ... and those by state carry what the dashboard counts overdue tasks by (agency, when
    # submitted), so that count reads the index alone (service.queries.overdue_board).
    Index("ix_tasks_state_deadline", "state", "deadline", "task_id", "agency_id", "plan_id", "submitted_at"),
    Index("ix_tasks_plan_state_deadline", "plan_id", "state", "deadline", "task_id", "agency_id", "submitted_at"),
    Index("ix_tasks_agency_state_deadline", "agency_id", "state", "deadline", "task_id", "plan_id", "submitted_at"),
    Index("ix_tasks_period_deadline", "period_key", "deadline", "task_id"),
    # the report grid (service.queries.dashboard_sql._grid) reads this index alone on SQLite, in
    # the order it groups by, instead of each report's row; PostgreSQL's planner scans the
    # table instead, so there it would only cost every write (migration 0025)
    Index("ix_tasks_report_grid", "kind", "agency_id", "period_key", "plan_id", "state", "deadline", "submitted_at",
          "period_label").ddl_if(dialect="sqlite"),
)

# The agencies that see a task beyond the one that holds it: those cooperating on it and those
# it was taken from (the JSON lists of the row, as keys), so that an agency's list is a key
# lookup instead of a match over every task's JSON. Written with the tasks rows.
task_links = Table(
    "task_links", metadata,
    Column("agency_id", String(64), primary_key=True),
    Column("relation", String(12), primary_key=True),  # "cooperating" | "former"
    Column("task_id", String(64), primary_key=True),
    Index("ix_task_links_task", "task_id"),
)
COOPERATING, FORMER = "cooperating", "former"
_UNLINK = delete(task_links).where(task_links.c.task_id.in_(bindparam("ids", expanding=True)))


def _linked(row: dict) -> tuple[frozenset, frozenset]:
    return frozenset(row["cooperating"]), frozenset(row["former_agencies"])


def link_rows(row: dict) -> list[dict]:
    return ([dict(agency_id=a, relation=COOPERATING, task_id=row["task_id"]) for a in set(row["cooperating"])]
            + [dict(agency_id=a, relation=FORMER, task_id=row["task_id"]) for a in set(row["former_agencies"])])


class TasksProjection(RowProjection):
    """Every event of a task stream goes through the domain's own fold (``Task.apply``): the
    row is the task as ``workflows.tasks.Task`` sees it, at the stream's version, plus the
    times only the log knows (when it was created, when it became overdue)."""

    name = "tasks"
    table = tasks
    handles = TASK_EVENT_TYPES
    row_per_stream = True
    # nothing of the row but its version, nor its counts or links (``written``), follows them
    version_only = VERSION_ONLY_TYPES

    tables = (tasks, task_links, overdue_tally, overdue_totals, class_totals, open_tally)

    def written(self, conn, new, changed, before):
        apply_changes(conn, tally_changes(new, changed, before))
        apply_class_changes(conn, class_changes(new, changed, before))
        # Most events leave a task's links as they were (a comment, a reminder, a message
        # sent): only rows whose cooperating or former agencies changed have theirs rewritten.
        moved = [r for r in changed if _linked(r) != _linked(before[r["task_id"]])]
        touched = [r["task_id"] for r in moved]
        for start in range(0, len(touched), 500):
            conn.execute(_UNLINK, {"ids": touched[start:start + 500]})
        links = [link for row in new + moved for link in link_rows(row)]
        if links:
            bulk_insert(conn, task_links, links)

    def relevant(self, events):
        # by stream, not by type: an event the task model does not know fails loudly here
        return [e for e in events if e.stream_id.startswith("task-")]

    def key(self, ev):
        return ev.stream_id.removeprefix("task-")

    def unpack(self, row: dict) -> "_Fold":
        return _Fold.of_row(row)

    def evolve(self, fold: "_Fold | None", ev) -> "_Fold":
        fold = fold or _Fold()
        fold.apply(ev)
        return fold

    def pack(self, fold: "_Fold") -> dict:
        return fold.row()


class _Fold:
    """A task being folded: the domain aggregate and the log's own times."""

    __slots__ = ("task", "created_at", "overdue_since")

    def __init__(self, task: Task | None = None, created_at=None, overdue_since=None):
        self.task = task or Task()
        self.created_at, self.overdue_since = created_at, overdue_since

    @classmethod
    def of_row(cls, r: dict) -> "_Fold":
        t = Task(task_id=r["task_id"], plan_id=r["plan_id"], duty_id=r["duty_id"],
                 duty_text=r["duty_text"], agency_id=r["agency_id"], role=DutyRole(r["role"]),
                 kind=TaskKind(r["kind"]), period_key=r["period_key"],
                 period_label=r["period_label"], cooperating=tuple(r["cooperating"]),
                 state=TaskState(r["state"]), deadline=r["deadline"],
                 original_deadline=r["original_deadline"], submitted_at=r["submitted_at"],
                 done_at=r["done_at"], accepted_at=r["accepted_at"],
                 cancelled_at=r["cancelled_at"], version=r["version"],
                 pending_extension=_pending(r), former_agencies=tuple(r["former_agencies"]))
        return cls(t, r["created_at"], r["overdue_since"])

    def apply(self, ev) -> None:
        t = self.task
        deadline = t.deadline
        t.apply(ev.event)
        if t.version != ev.version:
            raise ValueError(f"{ev.stream_id}: event version {ev.version} folded as {t.version}")
        if ev.type == "TaskCreated":
            self.created_at = ev.recorded_at
        elif ev.type == "BecameOverdue" and ev.event.deadline == t.deadline:
            self.overdue_since = self.overdue_since or ev.recorded_at
        if t.deadline != deadline:  # a new deadline: overdue starts afresh
            self.overdue_since = None

    def row(self) -> dict:
        t = self.task
        pending = t.pending_extension
        return dict(
            task_id=t.task_id, plan_id=t.plan_id, duty_id=t.duty_id, duty_text=t.duty_text,
            agency_id=t.agency_id, role=t.role.value, kind=t.kind.value, period_key=t.period_key,
            period_label=t.period_label, cooperating=list(t.cooperating),
            former_agencies=list(t.former_agencies), state=t.state.value,
            deadline=t.deadline, original_deadline=t.original_deadline,
            requested_deadline=pending.new_deadline if pending else None,
            extension_reason=pending.reason if pending else None,
            created_at=self.created_at, submitted_at=t.submitted_at, done_at=t.done_at,
            accepted_at=t.accepted_at, cancelled_at=t.cancelled_at,
            overdue_since=self.overdue_since, created_on=local_date(self.created_at),
            done_on=_day(t.done_at), cancelled_on=_day(t.cancelled_at), version=t.version)


def _pending(r: dict) -> ExtensionRequested | None:
    if r["requested_deadline"] is None:
        return None
    return ExtensionRequested(r["requested_deadline"], r["extension_reason"] or "")


def _day(instant):
    return None if instant is None else local_date(instant)
