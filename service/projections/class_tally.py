"""The four-way classification as of today, kept: the classification page reads a few rows per
agency and plan instead of counting every visible task (issue 14).

As of the present day every day a task row records (created, done, cancelled) has come, so
``classify_sql``'s rules become: a cancelled task is not counted; a done one is done on time
or late by its done day against its deadline, whatever today is; any other is in progress,
on time while its deadline is today or later and overdue after. So ``class_totals`` counts the
tasks per agency, plan, kind and status (done on time, done late, open), and ``open_tally`` the
open ones per deadline as well: in progress on time is the open tally's rows due from today
on, overdue the open total less those. Kept by the tasks projection in the same transaction
as the rows (``TasksProjection.written``); emptied and
refilled by ``log rebuild`` with them. An as-of day in the past is counted from the rows
(``service.queries.dashboard_sql``).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from sqlalchemy import Column, Date, Index, Integer, String, Table, select

from service.projections.tally_rows import add_moves, empty, whose
from service.tables import metadata

DONE_ON_TIME, DONE_LATE, OPEN = "done_on_time", "done_late", "open"



class_totals = Table(
    "class_totals", metadata, *whose(),
    Column("status", String(20), primary_key=True),
    Column("n", Integer, nullable=False),
    Index("ix_class_totals_plan", "plan_id", "agency_id", "kind", "status", "n"),  # a coordinator's plans
)

open_tally = Table(
    "open_tally", metadata, *whose(),
    Column("deadline", Date, primary_key=True),
    Column("n", Integer, nullable=False),
    # the rows due from today on: a range by deadline, whole or within a coordinator's plans
    Index("ix_open_tally_deadline", "deadline", "agency_id", "plan_id", "kind", "n"),
    Index("ix_open_tally_plan", "plan_id", "deadline", "agency_id", "kind", "n"),
)

TOTALS_KEY = ("agency_id", "plan_id", "kind", "status")
OPEN_KEY = ("agency_id", "plan_id", "kind", "deadline")


def buckets(row) -> tuple[tuple | None, tuple | None]:
    """The class_totals row and the open_tally row a task row counts in (None: not counted)."""
    if row["cancelled_on"] is not None:
        return None, None
    key = (row["agency_id"], row["plan_id"], row["kind"])
    done_on = row["done_on"]
    if done_on is not None:
        return (*key, DONE_ON_TIME if done_on <= row["deadline"] else DONE_LATE), None
    return (*key, OPEN), (*key, row["deadline"])


def class_changes(new: Iterable[dict], changed: Iterable[dict], before: dict) -> tuple[Counter, Counter]:
    """What the written rows move in the totals and in the open tally."""
    totals, opened = Counter(), Counter()

    def move(row, sign):
        total, open_ = buckets(row)
        if total is not None:
            totals[total] += sign
        if open_ is not None:
            opened[open_] += sign

    for row in new:
        move(row, 1)
    for row in changed:
        was = before[row["task_id"]]
        if buckets(was) != buckets(row):
            move(was, -1)
            move(row, 1)
    return totals, opened


def apply_class_changes(conn, moves: tuple[Counter, Counter]) -> None:
    totals, opened = moves
    add_moves(conn, class_totals, TOTALS_KEY, totals)
    add_moves(conn, open_tally, OPEN_KEY, opened)


def refill_classes(conn, tasks) -> None:
    """Both recounted from the tasks rows, by :func:`buckets` (rows written without the projection)."""
    cols = [tasks.c[k] for k in ("task_id", "agency_id", "plan_id", "kind", "deadline", "done_on", "cancelled_on")]
    empty(conn, class_totals, open_tally)
    apply_class_changes(conn, class_changes(conn.execute(select(*cols)).mappings(), (), {}))
