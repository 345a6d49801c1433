"""Counts kept beside the tasks rows (``overdue_tally``, ``class_tally``): moves added to a
table of counts by one upsert per row moved, the rows emptied dropped."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import Column, String, bindparam, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

_DROP_EMPTY: dict = {}


def whose() -> list[Column]:
    """The key columns every kept count starts with: the agency, the plan and the kind."""
    return [Column("agency_id", String(64), primary_key=True), Column("plan_id", String(64), primary_key=True),
            Column("kind", String(20), primary_key=True)]


def _drop_empty(table, key):
    if table.name not in _DROP_EMPTY:
        _DROP_EMPTY[table.name] = delete(table).where(
            *(table.c[k] == bindparam(f"k_{k}") for k in key), table.c.n <= 0)
    return _DROP_EMPTY[table.name]


def add_moves(conn, table, key, moves: Counter) -> None:
    """Adds ``{key values: change}`` to the table's counts ``n`` and drops the rows emptied."""
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
        conn.execute(_drop_empty(table, key), emptied)


def empty(conn, *tables) -> None:
    for table in tables:
        conn.execute(delete(table))
