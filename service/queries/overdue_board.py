"""The dashboard's first screen: what is overdue, whose, since when.

Per agency, how many overdue tasks an actor may view and the oldest deadline passed. Whoever
views whole plans (an administrator, a coordinator) is answered from what the tasks projection
keeps (``service.projections.overdue_tally``): per agency, the totals of its plans and kinds
less the tally's rows due today or later (a range by deadline of the agency's), and its oldest
deadline (the first row of that range): a few rows per agency and plan, however many tasks and
deadlines there are. Whoever also views single tasks beyond
their plans (a focal point, a leader: cooperating on, taken from their agency) is answered by
one grouped query over the tasks' indexes by state (they carry the agency and the submission
time), a range per plan or agency and working state. The tasks themselves are listed a page at
a time (``service.queries.tasks.list_tasks`` with ``overdue=True``); the first screen's few
oldest of each agency shown are read in one statement (:func:`oldest_overdue`), a range per
agency and working state.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select

from service.projections.overdue_tally import overdue_tally as o
from service.projections.overdue_tally import overdue_totals as s
from service.projections.tasks import tasks as t
from service.queries.dashboard_types import Filters
from service.queries import task_ranges as ranges
from service.queries.task_ranges import local_day
from service.queries.tasks import TaskFilters, list_tasks
from service.queries.visibility import cooperating_task_ids, task_scope, task_viewer
from workflows import task_rules
from workflows.localtime import local_date
from workflows.permissions import Actor, UserRole

OPEN_STATES = ("open", "in_progress", "returned", "submitted")


@dataclass(frozen=True)
class AgencyOverdue:
    agency_id: str
    count: int
    oldest_deadline: date  # overdue since the day after


def overdue_clause(dialect: str, today: date):
    """Overdue as of ``today`` (``task_rules.is_overdue`` by the day): not closed, the deadline
    day passed, and not a result submitted in time that waits for review."""
    return and_(t.c.state.in_(OPEN_STATES), t.c.deadline < today,
                or_(t.c.state != "submitted", t.c.submitted_at.is_(None),
                    local_day(dialect, t.c.submitted_at) > t.c.deadline))


def overdue_counts(conn, actor: Actor, instant: datetime, f: Filters = Filters()) -> list[AgencyOverdue]:
    """``overdue_by_agency`` as of the day of ``instant`` (the signature the page cache keeps)."""
    return overdue_by_agency(conn, actor, local_date(instant), f)


def overdue_by_agency(conn, actor: Actor, today: date, f: Filters = Filters(),
                      tally: bool | None = None) -> list[AgencyOverdue]:
    """The agencies with overdue tasks, the most overdue first. ``tally``: read the tally (by
    default whenever the actor views whole plans only) or count the tasks (a benchmark compares)."""
    if tally is None:
        tally = actor.role in (UserRole.ADMINISTRATOR, UserRole.COORDINATOR)
    if tally:
        stmt = _from_totals(actor, today, f)
    else:
        stmt = (select(t.c.agency_id, func.count().label("n"), func.min(t.c.deadline).label("oldest"))
                .where(*_narrowed(t, f), task_scope(actor), overdue_clause(conn.dialect.name, today))
                .group_by(t.c.agency_id))
    found = [AgencyOverdue(r.agency_id, int(r.n), r.oldest) for r in conn.execute(stmt) if r.n > 0]
    return sorted(found, key=lambda a: (-a.count, a.oldest_deadline, a.agency_id))


def _narrowed(table, f: Filters) -> list:
    return [table.c[name] == value for name, value in
            (("plan_id", f.plan_id), ("agency_id", f.agency_id), ("kind", f.kind)) if value]


def _from_totals(actor: Actor, today: date, f: Filters):
    """Per agency in the totals: its total less the tally's rows due from ``today`` on, and the
    first deadline of its range in the tally (before today whenever the difference is not 0)."""
    total = (select(s.c.agency_id, func.sum(s.c.n).label("n"))
             .where(task_scope(actor, t=s), *_narrowed(s, f)).group_by(s.c.agency_id).subquery())
    mine = (o.c.agency_id == total.c.agency_id, task_scope(actor, t=o), *_narrowed(o, f))
    due = select(func.coalesce(func.sum(o.c.n), 0)).where(*mine, o.c.deadline >= today).scalar_subquery()
    oldest = select(o.c.deadline).where(*mine).order_by(o.c.deadline).limit(1).scalar_subquery()
    return select(total.c.agency_id, (total.c.n - due).label("n"), oldest.label("oldest"))


def oldest_overdue(conn, actor: Actor, f: Filters, agency_ids: list[str], now: datetime,
                   n: int) -> dict[str, list]:
    """The ``n`` oldest overdue tasks of each agency (as ``list_tasks`` with ``overdue=True``
    lists them), the agencies' index ranges read in one statement. An agency whose rows the
    domain's re-check thins is listed again by ``list_tasks``."""
    cooperating = cooperating_task_ids(conn, actor)
    groups = []
    for agency_id in agency_ids:
        parts = ranges.scope_parts(actor, cooperating, agency_id)
        for column, value in (("plan_id", f.plan_id), ("agency_id", agency_id), ("kind", f.kind)):
            if value is not None:
                parts = ranges.narrow(parts, column, value)
        groups.append(ranges.by_state(parts, None, True))
    window = ranges.Window(today=local_date(now))
    found, visible, overdue = {}, task_viewer(actor), task_rules.overdue_as_of(now)
    for agency_id, rows in zip(agency_ids, ranges.first_rows_each(conn, groups, window, n)):
        kept = [r for r in rows if visible(r) and overdue(r.state, r.deadline, r.submitted_at)]
        if len(kept) < len(rows):
            filters = TaskFilters(plan_id=f.plan_id, agency_id=agency_id, kind=f.kind, overdue=True)
            kept = list_tasks(conn, actor, filters, now, limit=n).items
        found[agency_id] = kept
    return found
