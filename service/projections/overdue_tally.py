"""How many tasks could be overdue, per agency, plan, kind and deadline: the dashboard's first
screen reads this tally instead of counting tasks (issue 14).

Whether a task is overdue depends on the day (``task_rules.is_overdue``): a working task whose
deadline day has passed, or a result submitted after its deadline day that waits for review.
What does not depend on the day is whether a task *would be* overdue once its deadline has
passed: working (open, in progress, returned), or submitted late (or with no time known). Those
tasks are tallied here by deadline, so "overdue as of today" is the sum of the rows with a
deadline before today: a range of at most agencies x plans x kinds x deadlines rows, however
many tasks there are. Beside it, ``overdue_totals`` holds the same counts summed over every
deadline (per agency, plan and kind), so overdue as of today is also the total less the rows
due today or later: a few rows per agency and plan however many deadlines have passed (the
first screen reads it so; ``service.queries.overdue_board``). Both are kept by the tasks
projection (``TasksProjection.written``) in the same
transaction as the rows it counts; emptied and refilled by ``log rebuild`` with them.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from sqlalchemy import Column, Date, Index, Integer, Table, select

from service.projections.class_tally import refill_classes
from service.projections.tally_rows import add_moves, empty, whose
from service.tables import metadata
from workflows.localtime import local_date


overdue_tally = Table(
    "overdue_tally", metadata, *whose(),
    Column("deadline", Date, primary_key=True),
    Column("n", Integer, nullable=False),
    # every board is a range by deadline, whole or within a coordinator's plans
    Index("ix_overdue_tally_deadline", "deadline", "agency_id", "plan_id", "kind", "n"),
    Index("ix_overdue_tally_plan", "plan_id", "deadline", "agency_id", "kind", "n"),
    # an agency's oldest deadline: the first row of its range by deadline
    Index("ix_overdue_tally_agency", "agency_id", "deadline", "plan_id", "kind", "n"),
)

overdue_totals = Table(
    "overdue_totals", metadata, *whose(),
    Column("n", Integer, nullable=False),
    Index("ix_overdue_totals_plan", "plan_id", "agency_id", "kind", "n"),  # a coordinator's plans
)

WORKING_STATES = ("open", "in_progress", "returned")  # task_rules.WORKING
_KEY = ("agency_id", "plan_id", "kind", "deadline")
_TOTAL_KEY = _KEY[:-1]


def bucket(row) -> tuple | None:
    """The tally row a task row counts in, or None: closed, or submitted in time."""
    state = row["state"]
    if state in WORKING_STATES or (state == "submitted" and (
            row["submitted_at"] is None or local_date(row["submitted_at"]) > row["deadline"])):
        return tuple(row[k] for k in _KEY)
    return None


def tally_changes(new: Iterable[dict], changed: Iterable[dict], before: dict) -> Counter:
    """What the written rows move in the tally: +1 where a row now counts, -1 where it did."""
    moves: Counter = Counter()
    for row in new:
        if (b := bucket(row)) is not None:
            moves[b] += 1
    for row in changed:
        was, now = bucket(before[row["task_id"]]), bucket(row)
        if was != now:
            if was is not None:
                moves[was] -= 1
            if now is not None:
                moves[now] += 1
    return Counter({k: v for k, v in moves.items() if v})


def apply_changes(conn, moves: Counter) -> None:
    """Adds the moves to the tally and to the totals (one upsert per row moved) and drops the
    rows emptied."""
    totals: Counter = Counter()
    for k, v in moves.items():
        totals[k[:-1]] += v
    add_moves(conn, overdue_tally, _KEY, moves)
    add_moves(conn, overdue_totals, _TOTAL_KEY, totals)


def refill(conn, tasks) -> None:
    """The tally and the totals recounted from the tasks rows, by :func:`bucket`, and the
    classification's (``class_tally``) by its rule (for rows written without the projection:
    a benchmark's or a test's bulk insert)."""
    moves: Counter = Counter()
    cols = [tasks.c[k] for k in (*_KEY, "state", "submitted_at")]
    for row in conn.execute(select(*cols)).mappings():
        if (b := bucket(row)) is not None:
            moves[b] += 1
    empty(conn, overdue_tally, overdue_totals)
    apply_changes(conn, moves)
    refill_classes(conn, tasks)
