"""Small SQL helpers that differ between SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def upsert(conn, table: Table, key: dict, **values) -> None:
    """Insert the row, or update ``values`` where ``key`` exists already."""
    ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)
    conn.execute(ins.values(**key, **values).on_conflict_do_update(index_elements=list(key), set_=values))
