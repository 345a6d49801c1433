"""The four-way classification (done on time, done late, in progress on time, in progress
overdue) of the tasks an actor may view, as of a day, per agency and per plan."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import select

from service.projections.tasks import tasks
from service.queries.classify_sql import counts_by, group_counts, sum_counts
from service.queries.visibility import task_scope
from workflows.classification import Counts, TaskFacts, count_by
from workflows.permissions import Actor, UserRole

_COLUMNS = (tasks.c.task_id, tasks.c.plan_id, tasks.c.agency_id, tasks.c.deadline,
            tasks.c.done_at, tasks.c.cancelled_at, tasks.c.created_at, tasks.c.cooperating)


@dataclass(frozen=True)
class Classification:
    as_of: date
    total: Counts
    by_agency: dict[str, Counts]
    by_plan: dict[str, Counts]


def classification(conn, actor: Actor, as_of: date, plan_id: Optional[str] = None,
                   agency_id: Optional[str] = None) -> Classification:
    where = [task_scope(actor)]
    if plan_id is not None:
        where.append(tasks.c.plan_id == plan_id)
    if agency_id is not None:
        where.append(tasks.c.agency_id == agency_id)
    if actor.role is UserRole.FOCAL_POINT:  # few tasks, and cooperation is checked row by row
        facts = [_facts(r) for r in conn.execute(select(*_COLUMNS).where(*where)) if _visible(actor, r)]
        by_both = count_by(facts, as_of, lambda f: (f.plan_id, f.agency_id))
    else:  # the database counts: no row leaves it
        by_both = counts_by(conn, as_of, where, by=(tasks.c.plan_id, tasks.c.agency_id))
    return Classification(as_of, sum_counts(by_both.values()), group_counts(by_both, 1), group_counts(by_both, 0))


def _visible(actor: Actor, r) -> bool:
    """The SQL scope, re-checked (cheaply) for the one rule it approximates: cooperation."""
    if actor.role is not UserRole.FOCAL_POINT or r.agency_id == actor.agency_id:
        return True
    return actor.agency_id in (r.cooperating or ())


def _facts(r) -> TaskFacts:
    return TaskFacts(r.task_id, r.plan_id, r.agency_id, r.deadline,
                     r.done_at, r.cancelled_at, r.created_at)
