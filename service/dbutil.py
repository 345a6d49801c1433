"""Small SQL helpers that differ between SQLite and PostgreSQL."""
from __future__ import annotations

import functools

from sqlalchemy import ARRAY, JSON, String, Table, Text, TypeDecorator, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def upsert(conn, table: Table, key: dict, **values) -> None:
    """Insert the row, or update ``values`` where ``key`` exists already."""
    ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)
    conn.execute(ins.values(**key, **values).on_conflict_do_update(index_elements=list(key), set_=values))


def any_of(column, name: str, postgres: bool):
    """``column IN (:name)``: on PostgreSQL ``= ANY(:name)`` with the keys as one array (any
    number of them, one statement to plan and bind); elsewhere expanding, sent in parts by
    ``key_parts``."""
    if postgres:
        return among(column, name, "postgresql")
    return column.in_(bindparam(name, expanding=True))


def among(column, name: str, dialect: str):
    """``column IN (:name)`` with the list bound as one parameter whatever its length, so the
    statement is compiled once (``driver_statements``): on PostgreSQL ``= ANY(:name)`` (an
    array: ``KeyArray``), on SQLite ``IN (SELECT value FROM json_each(:name))`` (a JSON
    array)."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=KeyArray(array_item_type(column.type))))
    values = func.json_each(bindparam(name, type_=JSON)).table_valued("value")
    return column.in_(select(values.c.value))


def array_item_type(type_):
    """The item type an array parameter of ``type_``'s values is sent as on PostgreSQL: TEXT
    for strings of any length. A ``varchar(64)[]`` parameter had each element checked against
    the length and the array cast to ``text[]`` on every run, for the comparison (a varchar is
    compared as text): 7 of the 58 µs of the backend's CPU a coordinator's page took. A
    varchar column compared with text keeps its index (the same operator class)."""
    return Text() if isinstance(type_, String) else type_


def key_parts(conn, keys: list, size: int = 500) -> list[list]:
    """The keys for ``any_of``'s parameter: all at once on PostgreSQL, ``size`` at a time
    elsewhere (SQLite limits the variables of a statement)."""
    if conn.dialect.name == "postgresql":
        return [keys] if keys else []
    return [keys[i:i + size] for i in range(0, len(keys), size)]


class TextArray(list):
    """A list of str with its text as a PostgreSQL array (``{"a","b"}``): db.make_engine's
    connections send that text (TextArrayDumper), made once for the list (``text_array``)."""

    __slots__ = ("text",)


@functools.lru_cache(maxsize=256)
def text_array(values: tuple) -> TextArray | None:
    """``values`` (str, at most 100) as a TextArray, or None (others go as psycopg sends a
    list). Every element quoted, a backslash before each quote and backslash in it."""
    if len(values) > 100 or not all(v.__class__ is str for v in values):
        return None
    found = TextArray(values)
    found.text = "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"
    return found


class KeyArray(TypeDecorator):
    """ARRAY(item type) whose short lists of str are bound as a TextArray, the same list's made
    once: SQLAlchemy's ARRAY copied the list and psycopg quoted each element (a regular
    expression each) on every request (a coordinator's twenty plans: 2 % of a page's CPU)."""

    impl = ARRAY
    cache_ok = True

    def bind_processor(self, dialect):
        copy = self.impl_instance.dialect_impl(dialect).bind_processor(dialect)

        def process(value):
            if value is None:
                return None
            found = text_array(tuple(value))
            if found is not None:
                return found
            return copy(value) if copy is not None else value
        return process
