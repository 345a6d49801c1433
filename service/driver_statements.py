"""Statements of the command path, compiled once per dialect and run on the driver's cursor.

A command runs a handful of small statements (read a stream, append, update a read model row).
Through ``Connection.execute`` each costs about 70 µs of SQLAlchemy's own work (cache lookup,
parameter and result set-up, events) beside 4 µs in SQLite. Here a Core statement is compiled
once per dialect and set of columns given, its parameters and columns go through the same type
processors SQLAlchemy applies (aware UTC times, JSON, dates), and it runs on the DBAPI
connection inside the caller's transaction. Errors come back as SQLAlchemy's (an
IntegrityError stays an IntegrityError). Only for statements without expanding (IN list)
parameters.
"""
from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement


class DriverStatement:
    def __init__(self, statement: ClauseElement):
        self.statement = statement
        self._compiled: dict[tuple, tuple] = {}

    def rows(self, conn: Connection, params: dict | None = None) -> list[tuple]:
        """The rows a SELECT (or RETURNING) gives, each value as SQLAlchemy would give it."""
        return self._run(conn, params or {}, many=False, fetch=True)

    def first(self, conn: Connection, params: dict | None = None) -> tuple | None:
        rows = self.rows(conn, params)
        return rows[0] if rows else None

    def execute(self, conn: Connection, params: dict | Sequence[dict]) -> int:
        """Runs an INSERT, UPDATE or DELETE once per parameter set; returns the rows changed."""
        many = not isinstance(params, dict)
        if many and not params:
            return 0
        return self._run(conn, params, many=many, fetch=False)

    def _run(self, conn: Connection, params, many: bool, fetch: bool):
        first = params[0] if many else params
        sql, order, binds, results = self._compile(conn, tuple(first))
        positional = conn.dialect.positional
        values = ([_bound(p, order, binds, positional) for p in params] if many
                  else _bound(params, order, binds, positional))
        if not conn.in_transaction():
            conn.begin()  # as SQLAlchemy's autobegin would (on SQLite: BEGIN IMMEDIATE)
        raw = conn.connection.driver_connection
        dbapi = conn.dialect.loaded_dbapi
        cursor = raw.cursor()
        try:
            if many:
                cursor.executemany(sql, values)
            else:
                cursor.execute(sql, values)
            if not fetch:
                return cursor.rowcount
            if not any(results):
                return cursor.fetchall()
            return [tuple(v if f is None or v is None else f(v) for f, v in zip(results, row))
                    for row in cursor.fetchall()]
        except dbapi.Error as exc:
            raise DBAPIError.instance(sql, values, exc, dbapi.Error,
                                      dialect=conn.dialect) from exc
        finally:
            cursor.close()

    def _compile(self, conn: Connection, keys: tuple) -> tuple:
        dialect = conn.dialect
        key = (id(dialect), keys)
        found = self._compiled.get(key)
        if found is None or found[0] is not dialect:
            if len(self._compiled) > 64:  # engines come and go (tests): keep the last ones
                self._compiled.clear()
            compiled = self.statement.compile(dialect=dialect, column_keys=list(keys))
            if any(b.expanding for b in compiled.binds.values()):
                raise ValueError("expanding parameters are not compiled once: use conn.execute")
            order = compiled.positiontup if dialect.positional else list(compiled.binds)
            binds = {name: (b, _processor(b.type, dialect, bind=True))
                     for name, b in compiled.binds.items()}
            selected = getattr(self.statement, "selected_columns", ())
            results = [_processor(c.type, dialect, bind=False) for c in selected]
            # the dialect itself is kept: its id is not reused while the entry lives
            found = self._compiled[key] = (dialect, compiled.string, order, binds, results)
        return found[1:]


def _processor(type_, dialect, bind: bool):
    impl = type_.dialect_impl(dialect)
    return impl.bind_processor(dialect) if bind else impl.result_processor(dialect, None)


def _bound(params: dict, order, binds: dict, positional: bool) -> Any:
    """The driver's parameters: positional (a tuple in ``order``) or named (a dict)."""
    values = []
    for name in order:
        bind, process = binds[name]
        if name in params:
            value = params[name]
        elif bind.key in params:
            value = params[bind.key]
        elif bind.callable is not None:
            value = bind.callable()
        elif bind.required:
            raise KeyError(f"no value for the parameter {name!r}")
        else:
            value = bind.value
        values.append(value if process is None or value is None else process(value))
    return tuple(values) if positional else dict(zip(order, values))
