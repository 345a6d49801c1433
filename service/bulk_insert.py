"""Inserting many rows at once: an activation writes 10,000 events, tasks, schedule and target
rows in one transaction.

On PostgreSQL SQLAlchemy's executemany sends one INSERT per row down psycopg's pipeline; here
each column's own bind processor (the same conversion SQLAlchemy applies: aware UTC times,
JSON) runs over the rows and they go as one COPY, in the same transaction; on SQLite they go
to the driver's own executemany (SQLAlchemy's per-row work cost as much as SQLite's). Errors
come back as SQLAlchemy's (an IntegrityError stays an IntegrityError). Few rows, or rows that
would need a Python-side column default go through SQLAlchemy as before.
"""
from __future__ import annotations

from datetime import date
from operator import itemgetter
from typing import Sequence

from sqlalchemy import JSON, Connection, Table
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
    if len(rows) < SMALL or not _plain(table, columns, rows):
        conn.execute(table.insert(), rows)
        return
    dialect = conn.dialect
    data = _columns(table, dialect, columns, rows, conn)
    quote = dialect.identifier_preparer
    names = ", ".join(quote.quote(c) for c in columns)
    if dialect.name == "postgresql":
        _raw(conn, f"COPY {quote.format_table(table)} ({names}) FROM STDIN", list(zip(*data)), copy=True)
    else:  # SQLAlchemy's executemany costs as much again per row as SQLite's own B-trees
        # A column that is None in every row is NULL in the statement's text: the sqlite3 module
        # binds a None through its adapter lookup, which makes and clears an AttributeError
        # each time (3,000 instructions; an activation's task rows hold 110,000 of them)
        nulls = [_all_none(column) for column in data]
        if all(nulls):
            nulls[0] = False  # a row of no values would insert nothing
        marks = ", ".join("NULL" if null else "?" for null in nulls)
        bound = [column for column, null in zip(data, nulls) if not null]
        _raw(conn, f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({marks})", list(zip(*bound)))


def _columns(table: Table, dialect, columns: list[str], rows: Sequence[dict], conn: Connection) -> list:
    """The rows' values as the driver takes them, column by column in ``columns``' order. Each
    row is read once (its dict's values all at once), then converted column by column: reading
    10,000 dicts again for each of 27 columns cost more than the conversions."""
    processes = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    if dialect.name == "postgresql":
        processes = [_json_text(conn, p) if isinstance(table.c[c].type, JSON) and p else p
                     for c, p in zip(columns, processes)]
    get = itemgetter(*columns)
    tuples = list(map(get, rows)) if len(columns) > 1 else [(v,) for v in map(get, rows)]
    return [column if process is None or _all_none(column) else _bound(process, column)
            for process, column in zip(processes, zip(*tuples))]


def _all_none(column: Sequence) -> bool:
    return column.count(None) == len(column)


def _json_text(conn: Connection, process):
    """PostgreSQL: a JSON column's conversion made to the very text psycopg's Json dumper
    would write for the row (the connection's own dumper), so that COPY writes it as it is.
    _bound converts each distinct value once: a batch's rows share their meta and their empty
    lists, which COPY otherwise serialised again for each of 10,000 rows."""
    from psycopg.adapt import PyFormat
    from psycopg.types.json import Json

    raw = conn.connection.dbapi_connection
    dumper = raw.adapters.get_dumper(Json, PyFormat.TEXT)(Json, raw)

    def text(value):
        wrapped = process(value)
        return bytes(dumper.dump(wrapped)).decode() if isinstance(wrapped, Json) else wrapped

    return text


_BY_VALUE = frozenset({str, int, date})  # exact types whose equal values convert alike
_MISSING = object()


def _bound(process, values: Sequence) -> list:
    """One column's values as the driver takes them: the column's conversion (the bind
    processor SQLAlchemy would run) applied once per distinct value (a batch's rows share
    their time, their deadlines, their empty JSON lists), the value itself or the object
    itself (kept alive meanwhile, so that its id is not reused)."""
    if process is None:
        return values
    by_value: dict = {}
    by_object: dict[int, tuple] = {}
    out = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        kind = type(v)
        # str, int and date values are never equal to one another, nor to a type
        key = v if kind in _BY_VALUE else kind if (kind is list or kind is dict) and not v else None
        if key is not None:
            done = by_value.get(key, _MISSING)
            if done is _MISSING:
                done = by_value[key] = process(v)
        else:
            kept = by_object.get(id(v))
            if kept is None:
                kept = by_object[id(v)] = (v, process(v))
            done = kept[1]
        out.append(done)
    return out


def _in_key_order(table: Table, rows: Sequence[dict]) -> list[dict]:
    key = [c.key for c in table.primary_key.columns]
    if not key or not all(k in rows[0] for k in key):
        return list(rows)
    # the key as a tuple, as before: (None,) == (None,) where None < None would be refused
    by = itemgetter(*key) if len(key) > 1 else (lambda r, k=key[0]: (r[k],))
    try:
        return sorted(rows, key=by)
    except (KeyError, TypeError):  # a row without the key, or None in it: as given
        return list(rows)


def _plain(table: Table, columns: list[str], rows: Sequence[dict]) -> bool:
    """Every row has the same columns, all of the table's, and no column left out has a
    default that SQLAlchemy (not the database) would fill in."""
    keys = set(columns)
    if not keys <= set(table.c.keys()) or any(r.keys() != keys for r in rows):
        return False
    return all(c.default is None for c in table.c if c.key not in keys)


def _raw(conn: Connection, sql: str, values: list[tuple], copy: bool = False) -> None:
    if not conn.in_transaction():
        conn.begin()  # as SQLAlchemy's autobegin would (on SQLite: BEGIN IMMEDIATE)
    dbapi = conn.dialect.loaded_dbapi
    raw = conn.connection.dbapi_connection
    try:
        if copy:
            with raw.cursor() as cursor, cursor.copy(sql) as stream:
                for row in values:
                    stream.write_row(row)
        else:
            cursor = raw.cursor()
            try:
                cursor.executemany(sql, values)
            finally:
                cursor.close()
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi.Error) from exc
