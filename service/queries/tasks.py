"""Task lists and single tasks, scoped to what the actor may view, paged by a cursor.

Tasks are ordered by (deadline, task_id). A cursor is the key of the last task of a page; the
next page starts after it, so pages stay stable while tasks are added or change state.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterator, Optional

from sqlalchemy import and_, or_, select

from service.projections.tasks import tasks
from workflows.localtime import local_date
from service.queries.visibility import can_view_task, cooperating_task_ids, task_scope
from workflows import task_rules
from workflows.permissions import Actor

WORKING = tuple(s.value for s in task_rules.WORKING)
STATES = tuple(s.value for s in task_rules.TaskState)


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class TaskFilters:
    agency_id: Optional[str] = None
    plan_id: Optional[str] = None
    state: Optional[str] = None
    overdue: Optional[bool] = None
    period_key: Optional[str] = None
    deadline_before: Optional[date] = None  # deadline < this day
    deadline_after: Optional[date] = None  # deadline > this day


@dataclass(frozen=True)
class TaskPage:
    items: list  # Rows of the tasks table
    next_cursor: Optional[str]


def is_overdue(row, now: datetime) -> bool:
    """The task model's overdue rule (``workflows.task_rules``) over a projection row."""
    return task_rules.is_overdue(row.state, row.deadline, row.submitted_at, now)


def get_task(conn, actor: Actor, task_id: str):
    """The task's row, or None when there is no such task or the actor may not view it."""
    row = conn.execute(select(tasks).where(tasks.c.task_id == task_id)).first()
    return row if row is not None and can_view_task(actor, row) else None


def list_tasks(conn, actor: Actor, filters: TaskFilters, now: datetime, limit: int = 50,
               cursor: str | None = None) -> TaskPage:
    after = decode_cursor(cursor) if cursor else None

    def wanted(r) -> bool:
        return can_view_task(actor, r) and (
            filters.overdue is None or is_overdue(r, now) == filters.overdue)

    found = []
    for row in _scan(conn, _where(conn, actor, filters, now), after, batch=max(2 * limit, 100)):
        if wanted(row):
            found.append(row)
            if len(found) > limit:
                break
    more = len(found) > limit
    items = found[:limit]
    return TaskPage(items, encode_cursor(items[-1]) if more else None)


def _scan(conn, where, after, batch: int) -> Iterator:
    """Rows in (deadline, task_id) order after the cursor, fetched a batch at a time."""
    while True:
        stmt = select(tasks).where(*where)
        if after is not None:
            d, tid = after
            # the bare lower bound lets the deadline index serve the range
            stmt = stmt.where(tasks.c.deadline >= d,
                              or_(tasks.c.deadline > d, and_(tasks.c.deadline == d, tasks.c.task_id > tid)))
        rows = conn.execute(stmt.order_by(tasks.c.deadline, tasks.c.task_id).limit(batch)).all()
        yield from rows
        if len(rows) < batch:
            return
        after = (rows[-1].deadline, rows[-1].task_id)


def _where(conn, actor: Actor, f: TaskFilters, now: datetime) -> list:
    where = [task_scope(actor, cooperating_ids=cooperating_task_ids(conn, actor))]
    t = tasks.c
    for column, value in ((t.agency_id, f.agency_id), (t.plan_id, f.plan_id),
                          (t.state, f.state), (t.period_key, f.period_key)):
        if value is not None:
            where.append(column == value)
    if f.deadline_before is not None:
        where.append(t.deadline < f.deadline_before)
    if f.deadline_after is not None:
        where.append(t.deadline > f.deadline_after)
    # Overdue is decided per row (is_overdue); the SQL keeps a superset of the answer.
    today = local_date(now)
    if f.overdue is True:
        where += [t.state.in_((*WORKING, "submitted")), t.deadline < today]
    elif f.overdue is False:
        where.append(or_(t.state.notin_(WORKING), t.deadline >= today))
    return where


def encode_cursor(row) -> str:
    raw = f"{row.deadline.isoformat()}|{row.task_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, sep, task_id = raw.partition("|")
        if not sep or not task_id or "\x00" in task_id:
            raise ValueError
        return date.fromisoformat(day), task_id
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadCursor("Not a valid cursor.") from None
