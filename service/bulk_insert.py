"""Inserting many rows at once: an activation writes 10,000 events, tasks, schedule and target
rows in one transaction.

On PostgreSQL SQLAlchemy's executemany sends one INSERT per row down psycopg's pipeline; here
each column's own bind processor (the same conversion SQLAlchemy applies: aware UTC times,
JSON) runs over the rows and they go as one COPY, in the same transaction. Errors come back as
SQLAlchemy's (an IntegrityError stays an IntegrityError). SQLite (whose executemany costs
little beyond the B-trees), few rows, or rows that would need a Python-side column default go
through SQLAlchemy as before.
"""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError

SMALL = 50  # below this, one statement through SQLAlchemy costs no more


def bulk_insert(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """Rows go in the order of the table's primary key when they carry it: each B-tree page
    is then filled once instead of being revisited (on SQLite, random uuids in a large batch
    spill the page cache to the write-ahead log)."""
    if not rows:
        return
    rows = _in_key_order(table, rows)
    columns = list(rows[0])
    if conn.dialect.name != "postgresql" or len(rows) < SMALL or not _plain(table, columns, rows):
        conn.execute(table.insert(), rows)
        return
    dialect = conn.dialect
    processors = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    values = [tuple(v if p is None or v is None else p(v) for p, v in zip(processors, (r[c] for c in columns)))
              for r in rows]
    quote = dialect.identifier_preparer
    names = ", ".join(quote.quote(c) for c in columns)
    _copy(conn, f"COPY {quote.format_table(table)} ({names}) FROM STDIN", values)


def _in_key_order(table: Table, rows: Sequence[dict]) -> list[dict]:
    key = [c.key for c in table.primary_key.columns]
    if not all(k in rows[0] for k in key):
        return list(rows)
    try:
        return sorted(rows, key=lambda r: tuple(r[k] for k in key))
    except (KeyError, TypeError):  # a row without the key, or None in it: as given
        return list(rows)


def _plain(table: Table, columns: list[str], rows: Sequence[dict]) -> bool:
    """Every row has the same columns, all of the table's, and no column left out has a
    default that SQLAlchemy (not the database) would fill in."""
    keys = set(columns)
    if not keys <= set(table.c.keys()) or any(r.keys() != keys for r in rows):
        return False
    return all(c.default is None for c in table.c if c.key not in keys)


def _copy(conn: Connection, sql: str, values: list[tuple]) -> None:
    dbapi = conn.dialect.loaded_dbapi
    raw = conn.connection.dbapi_connection
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in values:
                copy.write_row(row)
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi.Error) from exc
