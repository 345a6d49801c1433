"""The dashboard's first screen: what is overdue, whose, since when.

One grouped query over the overdue tasks an actor may view: per agency, how many and the
oldest deadline passed. It reads only the indexes by state (``service.projections.tasks``: they
carry the agency and the submission time), a range per plan or agency and working state, so it
costs what is overdue, not what the province has ever planned. The tasks themselves are listed
a page at a time (``service.queries.tasks.list_tasks`` with ``overdue=True``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select

from service.projections.tasks import tasks as t
from service.queries.dashboard_types import Filters
from service.queries.task_ranges import local_day
from service.queries.visibility import task_scope
from workflows.localtime import local_date
from workflows.permissions import Actor

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


def overdue_by_agency(conn, actor: Actor, today: date, f: Filters = Filters()) -> list[AgencyOverdue]:
    """The agencies with overdue tasks, the most overdue first."""
    where = [task_scope(actor), overdue_clause(conn.dialect.name, today)]
    for column, value in ((t.c.plan_id, f.plan_id), (t.c.agency_id, f.agency_id), (t.c.kind, f.kind)):
        if value:
            where.append(column == value)
    stmt = (select(t.c.agency_id, func.count().label("n"), func.min(t.c.deadline).label("oldest"))
            .where(*where).group_by(t.c.agency_id))
    found = [AgencyOverdue(r.agency_id, r.n, r.oldest) for r in conn.execute(stmt)]
    return sorted(found, key=lambda a: (-a.count, a.oldest_deadline, a.agency_id))
