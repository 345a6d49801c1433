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

from sqlalchemy import Column, Date, Index, Integer, String, Table, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service.tables import metadata
from workflows.localtime import local_date

def _whose() -> list[Column]:
    return [Column("agency_id", String(64), primary_key=True), Column("plan_id", String(64), primary_key=True),
            Column("kind", String(20), primary_key=True)]


overdue_tally = Table(
    "overdue_tally", metadata, *_whose(),
    Column("deadline", Date, primary_key=True),
    Column("n", Integer, nullable=False),
    # every board is a range by deadline, whole or within a coordinator's plans
    Index("ix_overdue_tally_deadline", "deadline", "agency_id", "plan_id", "kind", "n"),
    Index("ix_overdue_tally_plan", "plan_id", "deadline", "agency_id", "kind", "n"),
    # an agency's oldest deadline: the first row of its range by deadline
    Index("ix_overdue_tally_agency", "agency_id", "deadline", "plan_id", "kind", "n"),
)

overdue_totals = Table(
    "overdue_totals", metadata, *_whose(),
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


def _drop_empty(table, key):
    return delete(table).where(*(table.c[k] == bindparam(f"k_{k}") for k in key), table.c.n <= 0)


_DROP_EMPTY = {overdue_tally.name: _drop_empty(overdue_tally, _KEY),
               overdue_totals.name: _drop_empty(overdue_totals, _TOTAL_KEY)}


def apply_changes(conn, moves: Counter) -> None:
    """Adds the moves to the tally and to the totals (one upsert per row moved) and drops the
    rows emptied."""
    totals: Counter = Counter()
    for k, v in moves.items():
        totals[k[:-1]] += v
    _add(conn, overdue_tally, _KEY, moves)
    _add(conn, overdue_totals, _TOTAL_KEY, totals)


def _add(conn, table, key, moves: Counter) -> None:
    moves = {k: v for k, v in moves.items() if v}
    if not moves:
        return
    ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)
    upsert = ins.on_conflict_do_update(index_elements=list(key), set_={"n": table.c.n + ins.excluded.n})
    # a fixed order: two writers moving the same rows lock them in the same order
    ordered = sorted(moves.items(), key=lambda kv: tuple(str(x) for x in kv[0]))
    conn.execute(upsert, [dict(zip(key, k), n=v) for k, v in ordered])
    emptied = [dict((f"k_{c}", x) for c, x in zip(key, k)) for k, v in ordered if v < 0]
    if emptied:
        conn.execute(_DROP_EMPTY[table.name], emptied)


def refill(conn, tasks) -> None:
    """The tally and the totals recounted from the tasks rows, by :func:`bucket` (for rows written without the
    projection: a benchmark's or a test's bulk insert)."""
    moves: Counter = Counter()
    cols = [tasks.c[k] for k in (*_KEY, "state", "submitted_at")]
    for row in conn.execute(select(*cols)).mappings():
        if (b := bucket(row)) is not None:
            moves[b] += 1
    conn.execute(delete(overdue_tally))
    conn.execute(delete(overdue_totals))
    apply_changes(conn, moves)
