"""The schedule read model: for each task, when the scheduler must next look at it.

``task_schedule`` holds one row per task with what the reminder policy needs (deadline, role,
the keys handled for the current deadline) and ``next_action_at``, the earliest action not yet
handled (``workflows.reminders.next_action_at``). The sweep reads only rows whose
``next_action_at`` has come, through a partial index on the rows that have one, so a tick costs
what is due, not what exists.

``reminder_keys`` holds every idempotency key acted on, with the key as primary key. It is
written in the transaction that appends the ReminderSent/ReminderSkipped/Escalated/BecameOverdue
event: two schedulers that decide the same reminder cannot both commit it.

Every event of a task stream moves the row to the stream's version; the state follows the task
model's own table (``workflows.task_rules``). A submitted task waits for the coordinator:
nothing is chased while it does (``next_action_at`` is empty), and a returned one is planned
again. A granted extension gives new keys, so the
reminders of the new deadline plan themselves.
"""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, Index, Integer, String, Table,
                        bindparam, func, select, text, update)

from service.bulk_insert import bulk_insert
from service.dbutil import any_of, key_parts
from service.driver_statements import DriverStatement, KeyedStatement
from service.projections.base import Projection, update_changed
from service.projections.plans import plans
from service.scheduler.policy import plan_policies
from service.tables import UtcDateTime, metadata
from workflows.calendar import WorkingCalendar
from workflows.reminders import OVERDUE, TaskSchedule, idempotency_key, next_action_at
from workflows.task_rules import is_closed, is_waiting, state_after
from workflows.tasks import TASK_EVENT_TYPES

task_schedule = Table(
    "task_schedule", metadata,
    Column("task_id", String(64), primary_key=True),
    Column("plan_id", String(64), nullable=False, index=True),
    Column("agency_id", String(64), nullable=False),
    Column("role", String(20), nullable=False),
    Column("state", String(20), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("handled", JSON, nullable=False),  # keys handled for the current deadline
    Column("next_action_at", UtcDateTime()),
    Column("version", Integer, nullable=False),
    Index("ix_task_schedule_next_action_at", "next_action_at", "task_id",
          postgresql_where=text("next_action_at IS NOT NULL"),
          sqlite_where=text("next_action_at IS NOT NULL")),
)

reminder_keys = Table(
    "reminder_keys", metadata,
    Column("key", String(200), primary_key=True),
    Column("task_id", String(64), nullable=False, index=True),
    Column("rule", String(40), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("event", String(40), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
)

_KEYED = frozenset({"ReminderSent", "ReminderSkipped", "Escalated"})

_shared_calendar: WorkingCalendar | None = None


def shared_calendar() -> WorkingCalendar:
    """One calendar per process: the policy caches timetables per calendar identity."""
    global _shared_calendar
    if _shared_calendar is None:
        _shared_calendar = WorkingCalendar()
    return _shared_calendar


def task_id_of(stream_id: str) -> str:
    return stream_id.removeprefix("task-")


def schedule_of(row: dict) -> TaskSchedule:
    return TaskSchedule(row["task_id"], row["deadline"], is_waiting(row["state"]),
                        row["role"], frozenset(row["handled"]))


class ScheduleProjection(Projection):
    name = "task_schedule"
    tables = (task_schedule, reminder_keys)
    handles = TASK_EVENT_TYPES | {"PlanActivated"}

    def __init__(self, calendar: WorkingCalendar | None = None):
        self.calendar = calendar or shared_calendar()

    def apply(self, conn, events) -> None:
        events = self.relevant(events)
        if not events:
            return
        activated = {e.event.plan_id: e.event.settings for e in events if e.type == "PlanActivated"}
        task_events = [e for e in events if e.stream_id.startswith("task-")]
        # a task whose stream begins in this batch (its TaskCreated) has no row yet
        begun = {task_id_of(e.stream_id) for e in task_events if e.version == 1}
        ids = {task_id_of(e.stream_id) for e in task_events} - begun
        before, settings = (self._load_one(conn, next(iter(ids))) if len(ids) == 1
                            else (self._load(conn, ids), {}))
        rows = {k: dict(v) for k, v in before.items()}
        keys = []
        for e in task_events:
            k = task_id_of(e.stream_id)
            rows[k] = self.evolve(rows.get(k), e, keys)
        rows = {k: r for k, r in rows.items() if r is not None}
        self.plan(conn, rows.values(), {**settings, **activated})
        new = [r for k, r in rows.items() if k not in before]
        changed = [r for k, r in rows.items() if k in before and r != before[k]]
        if new:
            bulk_insert(conn, task_schedule, new)
        update_changed(conn, _SAVE, "task_id", changed, before)
        if keys:
            conn.execute(reminder_keys.insert(), keys)
        for plan_id in activated:  # tasks created in an earlier page of a rebuild
            here = sum(1 for r in rows.values() if r["plan_id"] == plan_id)
            if conn.execute(_COUNT_BY_PLAN, {"plan_id": plan_id}).scalar() != here:
                self._replan(conn, plan_id, set(rows), activated)

    def evolve(self, row: dict | None, ev, keys: list) -> dict | None:
        t, e = ev.type, ev.event
        if t == "TaskCreated":
            return dict(task_id=e.task_id, plan_id=e.plan_id, agency_id=e.agency_id,
                        role=e.role.value, state="open", deadline=e.deadline, closed=False,
                        handled=[], next_action_at=None, version=ev.version)
        if row is None:  # a task this model never saw created (cannot happen after a rebuild)
            return None
        state = state_after(row["state"], t)  # the task model's own table
        row = {**row, "version": ev.version, "state": state.value, "closed": is_closed(state)}
        if t in ("TaskReassigned", "TaskTransferred"):
            row["agency_id"] = e.to_agency_id
        elif t == "ExtensionGranted":
            row["deadline"], row["handled"] = e.new_deadline, []
        elif t == "BecameOverdue" or t in _KEYED:
            rule = getattr(e, "rule", OVERDUE)
            key = getattr(e, "key", None) or idempotency_key(row["task_id"], OVERDUE, e.deadline)
            if e.deadline == row["deadline"] and key not in row["handled"]:
                row["handled"] = [*row["handled"], key]
            keys.append(dict(key=key, task_id=row["task_id"], rule=rule, deadline=e.deadline,
                             event=t, recorded_at=ev.recorded_at))
        return row

    def plan(self, conn, rows, known: dict | None = None) -> None:
        """Set each row's ``next_action_at`` under its plan's policy (``known``: plans'
        settings at hand, by plan id; the others are read)."""
        rows = list(rows)
        policies = plan_policies(conn, {r["plan_id"] for r in rows}, known)
        for r in rows:
            r["next_action_at"] = next_action_at(schedule_of(r), self.calendar, policies[r["plan_id"]])

    def _replan(self, conn, plan_id: str, done: set, activated: dict) -> None:
        # the keys first: in an activation every task of the plan is in this batch already
        others = [k for k in conn.execute(_IDS_BY_PLAN, {"plan_id": plan_id}).scalars() if k not in done]
        rows = list(self._load(conn, others).values()) if others else []
        if rows:
            self.plan(conn, rows, activated)
            _SAVE.execute(conn, [{**r, "_key": r["task_id"]} for r in rows])

    def _load_one(self, conn, task_id: str) -> tuple[dict[str, dict], dict[str, dict | None]]:
        """A command's task: its row and its plan's settings (the plans row as it is in this
        transaction, the plans projection fed first), by one statement compiled once."""
        found = _LOAD_ONE.rows(conn, {"id": task_id})
        if not found:
            return {}, {}
        *values, settings = found[0]
        row = dict(zip(_NAMES, values))
        return {task_id: row}, {row["plan_id"]: settings}

    def _load(self, conn, task_ids) -> dict[str, dict]:
        found, ids = {}, list(task_ids)
        if not ids:
            return found
        if len(ids) == 1:
            return self._load_one(conn, ids[0])[0]
        if conn.dialect.name != "postgresql":  # in parts, compiled once
            return {r[_NAMES.index("task_id")]: dict(zip(_NAMES, r)) for r in _LOAD_SQLITE.rows(conn, ids)}
        for part in key_parts(conn, ids):
            for r in conn.execute(_LOAD[True], {"ids": part}).mappings():
                found[r["task_id"]] = dict(r)
        return found


_LOAD = {True: select(task_schedule).where(any_of(task_schedule.c.task_id, "ids", True))}
_LOAD_SQLITE = KeyedStatement(select(task_schedule).where, task_schedule.c.task_id)
_COUNT_BY_PLAN = select(func.count()).select_from(task_schedule).where(
    task_schedule.c.plan_id == bindparam("plan_id"))
_IDS_BY_PLAN = select(task_schedule.c.task_id).where(task_schedule.c.plan_id == bindparam("plan_id"))
_NAMES = task_schedule.c.keys()
# a row and its plan's settings, which plan its next action (plan_policies)
_LOAD_ONE = DriverStatement(
    select(task_schedule, plans.c.settings)
    .select_from(task_schedule.outerjoin(plans, plans.c.plan_id == task_schedule.c.plan_id))
    .where(task_schedule.c.task_id == bindparam("id")))
_SAVE = DriverStatement(update(task_schedule).where(task_schedule.c.task_id == bindparam("_key")))
