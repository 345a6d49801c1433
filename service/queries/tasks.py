"""Task lists and single tasks, scoped to what the actor may view, paged by a cursor.

Tasks are ordered by (deadline, task_id). A cursor is the key of the last task of a page; the
next page starts after it, so pages stay stable while tasks are added or change state.
"""
from __future__ import annotations

import base64
import binascii
import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from sqlalchemy import select

from service.projections.tasks import tasks
from workflows.localtime import local_date
from service.queries import task_ranges as ranges
from service.queries.task_ranges import first_rows
from service.queries.visibility import can_view_task, cooperating_task_ids, task_viewer
from workflows import task_rules
from workflows.permissions import Actor

WORKING, STATES = ranges.WORKING, ranges.STATES


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
    kind: Optional[str] = None  # the pages' filter (the API has none)


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


# What the domain's re-check of a row reads (visibility, the overdue rule) and a cursor names.
CHECKED = frozenset({"task_id", "plan_id", "agency_id", "cooperating", "former_agencies", "state", "deadline",
                     "submitted_at"})


def list_tasks(conn, actor: Actor, filters: TaskFilters, now: datetime, limit: int = 50,
               cursor: str | None = None, columns: tuple[str, ...] | None = None) -> TaskPage:
    """A page of the tasks the actor may view under the filters: each page is a merge of index
    range scans (``task_ranges``), whatever the number of tasks; each row is then re-checked
    with the domain's own rules (visibility, overdue), so the SQL can only narrow.
    ``columns``: the columns the rows hold (all when None), ``CHECKED`` among them."""
    if columns is not None and not CHECKED <= set(columns):
        raise ValueError(f"a page's rows need the columns {sorted(CHECKED - set(columns))}")
    after = decode_cursor(cursor) if cursor else None
    parts = _parts(conn, actor, filters)
    window = ranges.Window(filters.deadline_before, filters.deadline_after, local_date(now))

    visible, overdue, wanted_overdue = task_viewer(actor), task_rules.overdue_as_of(now), filters.overdue

    if wanted_overdue is None:  # no overdue filter: what the actor may view (a call less a row)
        wanted = visible
    else:
        def wanted(r) -> bool:
            return visible(r) and overdue(r.state, r.deadline, r.submitted_at) == wanted_overdue

    found = []
    while len(found) <= limit:
        rows = first_rows(conn, parts, window, after, limit + 1 - len(found), columns)
        if not rows:
            break
        found += filter(wanted, rows)
        after = (rows[-1].deadline, rows[-1].task_id)
    more = len(found) > limit
    items = found[:limit]
    return TaskPage(items, encode_cursor(items[-1]) if more else None)


def _parts(conn, actor: Actor, f: TaskFilters) -> tuple:
    """The index ranges the list merges (``task_ranges``)."""
    cooperating = cooperating_task_ids(conn, actor)
    return _ranges(actor.role, actor.plan_ids, actor.agency_id, None if cooperating is None else tuple(cooperating),
                   f.agency_id, f.plan_id, f.period_key, f.kind, f.state, f.overdue)


@functools.lru_cache(maxsize=1024)
def _ranges(role, plan_ids, agency_id, cooperating, agency, plan, period, kind, state, overdue) -> tuple:
    """The parts of a scope under filters: the same for every page a person asks for (a
    coordinator's twenty plans made twenty parts and their shapes on every request)."""
    actor = Actor("", role, agency_id=agency_id, plan_ids=plan_ids)
    parts = ranges.scope_parts(actor, None if cooperating is None else list(cooperating), agency)
    for column, value in (("plan_id", plan), ("agency_id", agency), ("period_key", period), ("kind", kind)):
        if value is not None:
            parts = ranges.narrow(parts, column, value)
    return ranges.Parts(ranges.by_state(parts, state, overdue))


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
