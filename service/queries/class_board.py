"""The classification page's counts as of today, read from what the tasks projection keeps
(``service.projections.class_tally``): per agency and plan, the done on time, done late and
open totals, less the open tasks due from today on (in progress on time); a few rows per
agency and plan however many tasks there are. Whoever views single tasks beyond whole plans
(a focal point, a leader), and any as-of day in the past, is counted from the rows
(``dashboard_sql.classification_board``): both give the same board.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from service.projections.class_tally import DONE_LATE, DONE_ON_TIME, OPEN, class_totals as s, open_tally as o
from service.queries.classify_sql import group_counts, sum_counts
from service.queries.dashboard_sql import classification_board
from service.queries.dashboard_types import Dashboard, Filters
from service.queries.visibility import task_scope
from workflows.classification import Counts, Status
from workflows.localtime import local_date
from workflows.permissions import Actor, UserRole


def present_classification(conn, actor: Actor, now: datetime, f: Filters = Filters()) -> Dashboard:
    """``classification_board`` as of the day of ``now``, the present day (nothing the rows
    record comes after it)."""
    if actor.role not in (UserRole.ADMINISTRATOR, UserRole.COORDINATOR):
        return classification_board(conn, actor, now, f)
    found: dict[tuple, list[int]] = {}
    for r in conn.execute(select(s.c.plan_id, s.c.agency_id, s.c.status, func.sum(s.c.n))
                          .where(*_narrowed(s, actor, f)).group_by(s.c.plan_id, s.c.agency_id, s.c.status)):
        counts = found.setdefault((r[0], r[1]), [0, 0, 0, 0])
        counts[{DONE_ON_TIME: 0, DONE_LATE: 1, OPEN: 3}[r[2]]] += int(r[3])
    due = (select(o.c.plan_id, o.c.agency_id, func.sum(o.c.n))
           .where(*_narrowed(o, actor, f), o.c.deadline >= local_date(now)).group_by(o.c.plan_id, o.c.agency_id))
    for plan_id, agency_id, n in conn.execute(due):
        counts = found.setdefault((plan_id, agency_id), [0, 0, 0, 0])
        counts[2], counts[3] = int(n), counts[3] - int(n)
    wanted = None if f.status is None else list(Status).index(Status(f.status))
    by_both = {}
    for key, counts in found.items():
        if wanted is not None:
            counts = [n if i == wanted else 0 for i, n in enumerate(counts)]
        if any(counts):
            by_both[key] = Counts(*counts)
    return Dashboard(sum_counts(by_both.values()), group_counts(by_both, 1), group_counts(by_both, 0), {}, [])


def _narrowed(table, actor: Actor, f: Filters) -> list:
    where = [task_scope(actor, t=table)]
    if f.plans:
        where.append(table.c.plan_id.in_(f.plans))
    where += [table.c[name] == value for name, value in (("agency_id", f.agency_id), ("kind", f.kind)) if value]
    return where
