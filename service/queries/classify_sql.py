"""The four-way classification as of a day, counted by the database.

Equivalent to ``workflows.classification`` for an as-of *day* (the end of that day in
Asia/Ho_Chi_Minh), through the local-day columns of the tasks read model:

- not counted: cancelled on or before the day, or created after it;
- done on time: done (submitted, then accepted) on or before the day, on or before the deadline;
- done late: done on or before the day, after the deadline;
- in progress overdue: not done by the day, and the day is after the deadline;
- in progress on time: the rest.
"""
from __future__ import annotations

from datetime import date
from typing import Sequence

from sqlalchemy import and_, case, func, literal, or_, select

from service.projections.tasks import tasks as t
from workflows.classification import Counts

_DONE_ON_TIME, _DONE_LATE, _ON_TIME, _OVERDUE = range(4)


def counts_by(conn, as_of: date, where: Sequence = (), by: Sequence = ()) -> dict[tuple, Counts]:
    """{key: Counts} where the key holds the values of the ``by`` columns (``()`` for all)."""
    done = and_(t.c.done_on.is_not(None), t.c.done_on <= as_of)
    status = case(
        (and_(done, t.c.done_on <= t.c.deadline), literal(_DONE_ON_TIME)),
        (done, literal(_DONE_LATE)),
        (t.c.deadline >= as_of, literal(_ON_TIME)),
        else_=literal(_OVERDUE),
    ).label("status")
    counted = and_(or_(t.c.cancelled_on.is_(None), t.c.cancelled_on > as_of), t.c.created_on <= as_of)
    stmt = (select(*by, status, func.count().label("n")).where(counted, *where)
            .group_by(*by, status))
    found: dict[tuple, list[int]] = {}
    for row in conn.execute(stmt):
        key = tuple(row[:len(by)])
        found.setdefault(key, [0, 0, 0, 0])[row.status] += row.n
    return {k: Counts(*v) for k, v in found.items()}


def sum_counts(counts) -> Counts:
    totals = [0, 0, 0, 0]
    for c in counts:
        totals[0] += c.done_on_time
        totals[1] += c.done_late
        totals[2] += c.in_progress_on_time
        totals[3] += c.in_progress_overdue
    return Counts(*totals)


def group_counts(by_both: dict, index: int) -> dict[str, Counts]:
    """{(plan_id, agency_id): Counts} summed per plan (index 0) or per agency (index 1)."""
    groups: dict[str, list] = {}
    for key, counts in by_both.items():
        groups.setdefault(key[index], []).append(counts)
    return {k: sum_counts(v) for k, v in sorted(groups.items())}
