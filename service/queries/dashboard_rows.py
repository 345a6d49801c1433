"""The dashboard computed row by row in Python, as it was before the database did the counting.

Kept for what needs the rows or a rule SQL does not express: a focal point's board (few tasks,
and the cooperation rule checked per row) and the exports (``keep_rows``). Classifies as of the
instant ``now``; ``service.queries.dashboard_sql`` counts the same as of the local day of
``now`` (the tests prove both equal, see tests/service/test_dashboard_sql.py).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from service.projections.tasks import tasks
from service.queries.classify_sql import group_counts, sum_counts
from service.queries.dashboard_types import (ON_TIME, SEVERITY, SHOWN_PER_AGENCY, Dashboard, Filters,
                                             report_status)
from service.queries.visibility import task_scope
from workflows.classification import Status, TaskFacts, classify, count_by
from workflows.task_rules import overdue_as_of
from workflows.permissions import Actor, UserRole

# What the counts need; the texts are read afterwards for the few rows shown (reading and
# converting 100,000 texts and JSON lists costs more than all the counting).
_COLUMNS = (tasks.c.task_id, tasks.c.plan_id, tasks.c.agency_id, tasks.c.deadline, tasks.c.done_at,
            tasks.c.cancelled_at, tasks.c.created_at, tasks.c.state, tasks.c.kind,
            tasks.c.period_key, tasks.c.submitted_at)
_TEXTS = (tasks.c.duty_text, tasks.c.period_label)


def dashboard_from_rows(conn, actor: Actor, now: datetime, f: Filters = Filters(),
                        keep_rows: bool = False) -> Dashboard:
    focal = actor.role is UserRole.FOCAL_POINT
    columns = _COLUMNS + (_TEXTS if keep_rows else ()) + ((tasks.c.cooperating,) if focal else ())
    stmt = select(*columns).where(task_scope(actor))
    if f.plans:
        stmt = stmt.where(tasks.c.plan_id.in_(f.plans))
    for column, value in ((tasks.c.agency_id, f.agency_id),
                          (tasks.c.kind, f.kind)):
        if value:
            stmt = stmt.where(column == value)
    # in deadline order, so that a period is placed by its earliest deadline whatever the backend
    rows = conn.execute(stmt.order_by(tasks.c.deadline, tasks.c.task_id)).all()
    if focal:
        rows = [r for r in rows if _visible(actor, r)]
    facts = {r.task_id: TaskFacts(r.task_id, r.plan_id, r.agency_id, r.deadline, r.done_at,
                                  r.cancelled_at, r.created_at) for r in rows}
    if f.status:
        wanted = Status(f.status)
        rows = [r for r in rows if classify(facts[r.task_id], now) is wanted]
    by_both = count_by((facts[r.task_id] for r in rows), now, lambda x: (x.plan_id, x.agency_id))
    board = Dashboard(sum_counts(by_both.values()), group_counts(by_both, 1), group_counts(by_both, 0), {}, [])
    _overdue(board, rows, now)
    _grid(board, rows, now)
    _add_texts(conn, board)
    if keep_rows:
        board.rows = rows
    return board


def _overdue(board: Dashboard, rows, now: datetime) -> None:
    found: dict[str, list] = {}
    overdue = overdue_as_of(now)
    for r in rows:
        if not overdue(r.state, r.deadline, r.submitted_at):
            continue
        found.setdefault(r.agency_id, []).append(r)
    for agency, late in found.items():
        late.sort(key=lambda r: (r.deadline, r.task_id))
        board.overdue[agency] = (len(late), late[:SHOWN_PER_AGENCY])


def _add_texts(conn, board: Dashboard) -> None:
    """The overdue rows shown as dicts with their duty text; the periods with their labels."""
    ids = [r.task_id for _, shown in board.overdue.values() for r in shown]
    texts = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        texts.update((tid, (text, label)) for tid, text, label in conn.execute(
            select(tasks.c.task_id, *_TEXTS).where(tasks.c.task_id.in_(chunk))))
    for agency, (n, shown) in board.overdue.items():
        board.overdue[agency] = (n, [{**r._mapping, "duty_text": texts.get(r.task_id, ("", None))[0],
                                      "period_label": texts.get(r.task_id, ("", None))[1]} for r in shown])
    keys = [k for k, _ in board.periods]
    labels = dict(conn.execute(select(tasks.c.period_key, tasks.c.period_label).distinct()
                               .where(tasks.c.period_key.in_(keys))).all()) if keys else {}
    board.periods = [(k, labels.get(k) or k) for k, _ in board.periods]


def _grid(board: Dashboard, rows, now: datetime) -> None:
    periods: dict[str, tuple] = {}
    for r in rows:
        if r.kind != "report" or not r.period_key or r.state == "cancelled":
            continue
        periods.setdefault(r.period_key, (r.deadline, r.period_key))
        cell = board.grid.setdefault(r.agency_id, {})
        status = report_status(r, now)
        cell[r.period_key] = max(cell.get(r.period_key, ON_TIME), status, key=SEVERITY.index)
    board.periods = [(k, label) for k, (_, label) in sorted(periods.items(), key=lambda kv: (kv[1][0], kv[0]))]


def _visible(actor: Actor, r) -> bool:
    if actor.role is not UserRole.FOCAL_POINT or r.agency_id == actor.agency_id:
        return True
    return actor.agency_id in (r.cooperating or ())
