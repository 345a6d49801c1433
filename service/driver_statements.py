"""Statements of the command path, compiled once per dialect and run on the driver's cursor.

A command runs a handful of small statements (read a stream, append, update a read model row).
Through ``Connection.execute`` each costs about 70 µs of SQLAlchemy's own work (cache lookup,
parameter and result set-up, events) beside 4 µs in SQLite. Here a Core statement is compiled
once per dialect and set of columns given, its parameters and columns go through the same type
processors SQLAlchemy applies (aware UTC times, JSON, dates), and it runs on the DBAPI
connection inside the caller's transaction. Errors come back as SQLAlchemy's (an
IntegrityError stays an IntegrityError). The engine's ``before_cursor_execute`` listeners
are called as SQLAlchemy calls them (without an execution context; their return value is not
used). Only for statements without expanding (IN list) parameters: a list is bound as one
value (``dbutil.among``), or ``KeyedStatement`` reads rows by many keys in parts.
"""
from __future__ import annotations

import json
from collections import namedtuple
from datetime import timezone
from typing import Any, Callable, Sequence

from sqlalchemy import JSON, Connection, bindparam
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement, ColumnElement

from service.pg_prepared import numbered, prepared


class DriverStatement:
    def __init__(self, statement: ClauseElement):
        self.statement = statement
        self._compiled: dict[tuple, tuple] = {}
        self._numbered_sql: dict[str, tuple[bytes, list[str]]] = {}
        self._record = None

    def rows(self, conn: Connection, params: dict | None = None) -> list[Sequence]:
        """The rows a SELECT (or RETURNING) gives, each value as SQLAlchemy would give it."""
        return self._run(conn, params or {}, many=False, fetch=True)

    def records(self, conn: Connection, params: dict | None = None) -> list[tuple]:
        """As ``rows``, each row a named tuple of the selected columns' keys (``row.deadline``,
        ``row[0]``, ``row._fields``), as SQLAlchemy's rows are read."""
        record = self._record
        if record is None:
            record = self._record = namedtuple("Record", [c.key for c in self.statement.selected_columns])
        return self._run(conn, params or {}, many=False, fetch=True, record=record)

    def first(self, conn: Connection, params: dict | None = None) -> Sequence | None:
        rows = self.rows(conn, params)
        return rows[0] if rows else None

    def execute(self, conn: Connection, params: dict | Sequence[dict]) -> int:
        """Runs an INSERT, UPDATE or DELETE once per parameter set; returns the rows changed."""
        many = not isinstance(params, dict)
        if many and not params:
            return 0
        return self._run(conn, params, many=many, fetch=False)

    def sent(self, conn: Connection, params: dict) -> Callable[[], int]:
        """As ``execute`` for one parameter set, but on a PostgreSQL connection in autocommit
        the statement is only sent (pg_prepared.Prepared.send): the function returned waits
        for its answer and gives the rows changed, so the caller works while the server runs
        it. Elsewhere the statement runs here and the function gives its count."""
        if conn.dialect.name == "postgresql":
            own = prepared(conn.connection)
            if own is not None and own.raw.autocommit:
                answer = self._run(conn, params, many=False, fetch=False, ahead=True)
                dialect = conn.dialect

                def count() -> int:
                    try:
                        return answer()
                    except dialect.loaded_dbapi.Error as exc:  # as _run raises them
                        raise DBAPIError.instance(str(self.statement), params, exc,
                                                  dialect.loaded_dbapi.Error,
                                                  dialect=dialect) from exc
                return count
        count = self.execute(conn, params)
        return lambda: count

    def _run(self, conn: Connection, params, many: bool, fetch: bool, ahead: bool = False,
             record: type | None = None):
        """``record``: a named tuple class each row is made as (else a plain tuple)."""
        first = params[0] if many else params
        sql, binding, convert = self._compile(conn, tuple(first))
        values = [binding(p) for p in params] if many else binding(params)
        if not conn.in_transaction():
            conn.begin()  # as SQLAlchemy's autobegin would (on SQLite: BEGIN IMMEDIATE)
        dbapi = conn.dialect.loaded_dbapi
        postgres = conn.dialect.name == "postgresql"
        cursor = _cursor(conn.connection) if postgres else conn.connection.driver_connection.cursor()
        if conn.dispatch.before_cursor_execute:  # listeners (logs, instrumentation, tests) see it too
            conn.dispatch.before_cursor_execute(conn, cursor, sql, values, None, many)
        try:
            own = postgres and (not many or len(values) == 1) and prepared(conn.connection)
            if own:  # on libpq, prepared once per connection
                numbered, names = self._numbered(sql)
                given = values[0] if many else values
                if ahead:
                    return own.send(numbered, tuple([given[n] for n in names]))
                rows = own.run(numbered, tuple([given[n] for n in names]), fetch)
                if not fetch:
                    return rows
            elif many and len(values) > 1:  # psycopg's executemany is a pipeline: not for one
                cursor.executemany(sql, values)
            elif many:
                cursor.execute(sql, values[0])
            else:
                cursor.execute(sql, values)
            if not own and not fetch:
                return cursor.rowcount
            if not own:
                rows = cursor.fetchall()
            if convert is not None:
                return convert(rows, record)
            return rows if record is None else list(map(record._make, rows))
        except dbapi.Error as exc:
            raise DBAPIError.instance(sql, values, exc, dbapi.Error,
                                      dialect=conn.dialect) from exc
        finally:
            if not postgres:
                cursor.close()

    def _numbered(self, sql: str) -> tuple[bytes, list[str]]:
        """The statement in libpq's numbered parameters (pg_prepared), made once."""
        found = self._numbered_sql.get(sql)
        if found is None:
            found = self._numbered_sql[sql] = numbered(sql)
        return found

    def _compile(self, conn: Connection, keys: tuple) -> tuple:
        dialect = conn.dialect
        key = (id(dialect), keys)
        found = self._compiled.get(key)
        if found is None or found[0] is not dialect:
            if len(self._compiled) > 256:  # engines come and go (tests): keep the last ones
                self._compiled.clear()
            compiled = self.statement.compile(dialect=dialect, column_keys=list(keys))
            if any(b.expanding for b in compiled.binds.values()):
                raise ValueError("expanding parameters are not compiled once: use conn.execute")
            order = compiled.positiontup if dialect.positional else list(compiled.binds)
            binding = _Binding(order, compiled.binds, dialect)
            selected = getattr(self.statement, "selected_columns", ())
            results = [(i, f) for i, f in enumerate(_processor(c.type, dialect, bind=False)
                                                    for c in selected) if f is not None]
            # the dialect itself is kept: its id is not reused while the entry lives
            found = self._compiled[key] = (dialect, compiled.string, binding,
                                           _converter(results, len(selected)))
        return found[1:]


def _cursor(pooled):
    """PostgreSQL: one cursor per driver connection, kept with it (``info`` lives as long as
    the driver's connection does; a pooled one is used by one thread at a time): making a
    cursor for each statement cost 20-30 µs on psycopg. Each use fetches everything before
    the next, so the cursor is free whenever it is asked for."""
    raw = pooled.driver_connection
    cursor = pooled.info.get("dondoc_cursor")
    if cursor is None or cursor.connection is not raw or cursor.closed:
        cursor = pooled.info["dondoc_cursor"] = raw.cursor()
    return cursor


class KeyedStatement:
    """``SELECT ... WHERE column IN (:k0, ..., :kn)`` for many keys on the driver, in parts of
    ``size`` keys (what ``dbutil.any_of`` and ``key_parts`` send on SQLite): SQLAlchemy expands
    the IN list of every part again, about three times SQLite's own work for 10,000 keys. A
    part's list is padded with its last key to one of a few lengths, so that a few statements
    are compiled, not one per length (a key twice in an IN list finds its rows once)."""

    LENGTHS = (1, 8, 32, 128, 500)

    def __init__(self, build: Callable[[ColumnElement], Any], column: ColumnElement):
        """``build(condition)``: the statement with ``condition`` (the IN clause) as its WHERE."""
        self.build, self.column = build, column
        self._by_length: dict[int, DriverStatement] = {}

    def rows(self, conn: Connection, keys: Sequence) -> list[Sequence]:
        out: list[Sequence] = []
        size = self.LENGTHS[-1]
        for start in range(0, len(keys), size):
            part = list(keys[start:start + size])
            length = next(n for n in self.LENGTHS if n >= len(part))
            part += part[-1:] * (length - len(part))
            statement = self._by_length.get(length)
            if statement is None:
                condition = self.column.in_([bindparam(f"k{i}") for i in range(length)])
                statement = self._by_length[length] = DriverStatement(self.build(condition))
            out += statement.rows(conn, {f"k{i}": k for i, k in enumerate(part)})
        return out


def driver_sql(conn: Connection, sql: str) -> None:
    """A statement without parameters or rows (SQLite's BEGIN IMMEDIATE), on the driver."""
    dbapi = conn.dialect.loaded_dbapi
    try:
        conn.connection.driver_connection.execute(sql)
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, (), exc, dbapi.Error, dialect=conn.dialect) from exc


def _converter(results: list[tuple[int, Callable]], width: int) -> Callable | None:
    """The rows of a statement as SQLAlchemy gives them: each value of a column with a result
    processor (``results``: its place and processor) through it, unless NULL; the others as
    they are. Made once per compiled statement, as one comprehension over rows of ``width``
    columns: looping over the columns of every row in Python cost more than SQLite's reading
    of them. ``convert(rows, record=None)`` gives tuples, or instances of the named tuple
    class ``record`` made in the same step (its ``_make`` a call more a row). None when no
    column needs a processor."""
    if not results:
        return None
    processed = dict(results)
    names = [f"c{i}" for i in range(width)]

    def value(i: int) -> str:
        if i not in processed:
            return f"c{i}"
        if getattr(processed[i], "empty_list_as_is", False):  # "[]" is [] without a call
            return f"(([] if c{i} == '[]' else p{i}(c{i})) if c{i} is not None else None)"
        if getattr(processed[i], "utc_as_is", False):  # an aware UTC time already, as it is
            return f"(c{i} if c{i} is None or c{i}.tzinfo is utc else p{i}(c{i}))"
        return f"(p{i}(c{i}) if c{i} is not None else None)"
    values = ", ".join(value(i) for i in range(width))
    row = ", ".join(names)
    source = (f"def convert(rows, record=None):\n"
              f"    if record is None:\n"
              f"        return [({values},) for {row}, in rows]\n"
              f"    return [new(record, ({values},)) for {row}, in rows]\n")
    env = {f"p{i}": f for i, f in results}
    env["new"], env["utc"] = tuple.__new__, timezone.utc
    exec(source, env)  # noqa: S102 (made of column numbers only)
    return env["convert"]


def _processor(type_, dialect, bind: bool):
    impl = type_.dialect_impl(dialect)
    if not bind and dialect.name == "sqlite" and isinstance(impl, JSON):
        return _sqlite_json(dialect._json_deserializer or json.loads)
    return impl.bind_processor(dialect) if bind else impl.result_processor(dialect, None)


def _sqlite_json(loads: Callable) -> Callable:
    """SQLAlchemy's result processor of a JSON column on SQLite, in one call (it is three): text
    through the engine's deserializer; a number, which SQLite's JSON functions give as one,
    as it is. (None never reaches a processor here.)"""
    def process(value):
        return value if value.__class__ in (int, float) else loads(value)
    # most lists of a task (its cooperating and former agencies) are empty: _converter gives
    # "[]" as [] without calling this
    process.empty_list_as_is = True
    return process


class _Binding:
    """The driver's parameters from a dict: positional (a tuple in the compiled order) or
    named (a dict), each value through its type's bind processor."""

    def __init__(self, order, binds: dict, dialect):
        self.order, self.binds, self.positional = list(order), binds, dialect.positional
        processors = [_processor(binds[name].type, dialect, bind=True) for name in self.order]
        self.processed = [(i, p) for i, p in enumerate(processors) if p is not None]

    def __call__(self, params: dict) -> Any:
        values = [params[name] if name in params else self._missing(name, params)
                  for name in self.order]
        for i, process in self.processed:
            if values[i] is not None:
                values[i] = process(values[i])
        return tuple(values) if self.positional else dict(zip(self.order, values))

    def _missing(self, name: str, params: dict):
        bind = self.binds[name]
        if bind.key in params:
            return params[bind.key]
        if bind.callable is not None:
            return bind.callable()
        if bind.required:
            raise KeyError(f"no value for the parameter {name!r}")
        return bind.value
