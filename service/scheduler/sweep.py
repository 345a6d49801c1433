"""The sweep: act on every task whose next action has come, exactly once.

It reads only ``task_schedule`` rows with ``next_action_at <= now`` (a partial index: the cost
grows with the work due, not with the tasks that exist), in pages ordered by that time. Each
small batch of tasks is one unit of work: load the streams, let the policy and the task decide,
append the events with the versions read, update the projections (the schedule moves each task
on to its next action) and let the reactors queue messages, then commit.

Exactly once, whatever restarts or second schedulers happen: a task's events append with the
version the decision was made on, and every key goes into ``reminder_keys`` (primary key) in
the same transaction. A batch that loses a race rolls back whole and its tasks are redone one by
one, each reloaded: what another scheduler did is then among the handled keys and is not done
again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.exc import IntegrityError

from service.eventlog.store import ConcurrencyError, Meta, NewStream, StoredEvent
from service.eventlog.tables import events as ev_table
from service.outbox.digests import queue_escalation_lists
from service.outbox.notices import notices
from workflows.scheduling import decide, schedule_of_task
from service.scheduler.policy import plan_policies
from service.scheduler.projection import ScheduleProjection, shared_calendar, task_schedule
from workflows.reminders import next_action_at
from workflows.tasks import Task

log = logging.getLogger("dondoc.scheduler")

SCHEDULER = Meta(actor="scheduler")
_ATTEMPTS = 3
_COUNTED = {"ReminderSent": "sent", "ReminderSkipped": "skipped", "BecameOverdue": "overdue",
            "Escalated": "escalated"}


@dataclass
class SweepReport:
    now: datetime
    tasks: int = 0  # due tasks looked at
    sent: int = 0
    skipped: int = 0
    overdue: int = 0
    escalated: int = 0
    escalation_lists: int = 0  # messages the escalations went out in (one per person, channel)
    conflicts: int = 0  # transactions undone because another writer got there first
    failed: list[str] = field(default_factory=list)  # task ids left for the next sweep

    @property
    def events(self) -> int:
        return self.sent + self.skipped + self.overdue + self.escalated

    def count(self, events) -> None:
        for e in events:
            name = _COUNTED.get(type(e).__name__)
            if name:
                setattr(self, name, getattr(self, name) + 1)

    def __str__(self) -> str:
        return (f"sweep at {self.now.isoformat()}: {self.tasks} due tasks, {self.sent} reminders "
                f"sent, {self.skipped} skipped, {self.overdue} marked overdue, {self.escalated} "
                f"escalated (in {self.escalation_lists} messages), {self.conflicts} conflicts, {len(self.failed)} failed")


def sweep(dd, now: datetime | None = None, batch_size: int = 50, page_size: int = 1000,
          limit: int | None = None) -> SweepReport:
    """Handle every task due at ``now`` (default: the service's clock). ``limit`` caps the
    tasks of one sweep (the rest wait for the next tick)."""
    now = (now or dd.clock.now()).astimezone(timezone.utc)
    report = SweepReport(now)
    calendar = schedule_projection(dd).calendar
    cursor = None
    while limit is None or report.tasks < limit:
        size = page_size if limit is None else min(page_size, limit - report.tasks)
        page = due_page(dd.engine, now, cursor, size)
        if not page:
            break
        cursor = page[-1]
        report.tasks += len(page)
        ids = [task_id for _, task_id in page]
        for i in range(0, len(ids), batch_size):
            _batch(dd, ids[i:i + batch_size], now, calendar, report)
    # One message per person for the whole sweep, however many batches (and any escalations a
    # sweep that died left held).
    with dd.engine.begin() as conn:
        report.escalation_lists = queue_escalation_lists(conn, now)
    return report


def schedule_projection(dd) -> ScheduleProjection:
    found = [p for p in dd.projections if isinstance(p, ScheduleProjection)]
    return found[0] if found else ScheduleProjection(shared_calendar())


def due_page(engine, now: datetime, after: tuple | None, size: int) -> list[tuple]:
    """(next_action_at, task_id) of due tasks after the cursor, in that order."""
    c = task_schedule.c
    q = select(c.next_action_at, c.task_id).where(c.next_action_at <= now)
    if after is not None:
        at, task_id = after
        q = q.where(tuple_(c.next_action_at, c.task_id) > tuple_(
            bindparam("at", at, type_=c.next_action_at.type), bindparam("tid", task_id)))
    q = q.order_by(c.next_action_at, c.task_id).limit(size)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(q)]


def _batch(dd, ids: list[str], now, calendar, report: SweepReport) -> None:
    if len(ids) > 1:
        try:
            report.count(_handle(dd, ids, now, calendar))
            return
        except (ConcurrencyError, IntegrityError):
            report.conflicts += 1  # someone else moved one of them: redo each, reloaded
        except Exception:
            log.exception("sweep batch of %d tasks failed; redoing them one by one", len(ids))
    for task_id in ids:
        _one(dd, task_id, now, calendar, report)


def _one(dd, task_id: str, now, calendar, report: SweepReport) -> None:
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            report.count(_handle(dd, [task_id], now, calendar))
            return
        except (ConcurrencyError, IntegrityError) as exc:
            report.conflicts += 1
            log.info("task %s changed under the sweep (attempt %d): %s", task_id, attempt, exc)
        except Exception:
            log.exception("sweep could not handle task %s; the next sweep tries again", task_id)
            break
    report.failed.append(task_id)


def _handle(dd, ids: list[str], now, calendar) -> list:
    """One transaction: decide and append for every task of ``ids``."""
    appended = []
    with dd.uow(SCHEDULER) as uow:
        tasks = [Task.from_events(e.event for e in history)
                 for history in read_streams(uow.conn, [f"task-{i}" for i in ids]).values()]
        policies = plan_policies(uow.conn, {t.plan_id for t in tasks})
        ladder = notices(uow.conn, {t.task_id: t.deadline for t in tasks})
        streams, moved = [], []
        for task in tasks:
            version = task.version
            events, unproduced = decide(task, now, calendar, policies[task.plan_id],
                                        ladder[task.task_id])
            if events:
                streams.append(NewStream(f"task-{task.task_id}", version, events))
                appended.extend(events)
            moved.append((task, unproduced, policies[task.plan_id], ladder[task.task_id]))
        uow.append_batch(streams)
        _move_on(uow.conn, moved, calendar, now)
        uow.commit()
    return appended


def _move_on(conn, moved, calendar, now) -> None:
    """Each task moves on to its next action under its ladder, so the next tick does not pick
    it again: not a task that yielded nothing (its schedule row was behind the task, or it
    refused an action), nor one whose escalation waits for the first notice, which the
    schedule read model (not following deliveries) would plan at its earliest instant."""
    for task, unproduced, policy, notice in moved:
        at = next_action_at(schedule_of_task(task, unproduced), calendar, policy, notice, now)
        conn.execute(_SET_NEXT, {"_key": task.task_id, "next_action_at": at})


_SET_NEXT = (task_schedule.update().where(task_schedule.c.task_id == bindparam("_key"))
             .values(next_action_at=bindparam("next_action_at")))

_COLS = (ev_table.c.position, ev_table.c.stream_id, ev_table.c.version, ev_table.c.type,
         ev_table.c.data, ev_table.c.meta, ev_table.c.recorded_at)
_STREAMS = (select(*_COLS).where(ev_table.c.stream_id.in_(bindparam("sids", expanding=True)))
            .order_by(ev_table.c.stream_id, ev_table.c.version))


def read_streams(conn, stream_ids: list[str]) -> dict[str, list[StoredEvent]]:
    """Several streams in one query, each in version order; streams without events are left out."""
    found: dict[str, list[StoredEvent]] = {}
    for row in conn.execute(_STREAMS, {"sids": stream_ids}):
        found.setdefault(row.stream_id, []).append(StoredEvent(*row))
    return found
