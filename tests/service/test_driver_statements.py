"""Statements run on the driver (``service.driver_statements``) give what SQLAlchemy gives:
the same values (dates, aware UTC times, JSON lists), rows read by name and by position, a
list bound as one value (``dbutil.among``) selecting what an IN list selects, and the engine's
listeners see them."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import bindparam, event, select

from service.dbutil import among
from service.driver_statements import DriverStatement
from service.projections.tasks import tasks
from tests.service.synthetic_tasks import fill

NOW = datetime(2024, 6, 20, 3, tzinfo=timezone.utc)


@pytest.fixture
def filled(engine):
    fill(engine, 300, n_plans=7, n_agencies=9, now=NOW)
    return engine


@pytest.mark.parametrize("chosen", [[], ["plan-3"], ["plan-1", "plan-4", "plan-6", "no-such-plan"]])
def test_a_list_bound_as_one_value_selects_what_an_in_list_selects(filled, chosen):
    ordered = (tasks.c.deadline, tasks.c.task_id)
    mine = DriverStatement(select(tasks).where(among(tasks.c.plan_id, "plans", filled.dialect.name))
                           .order_by(*ordered).limit(bindparam("n")))
    with filled.connect() as conn:
        expected = conn.execute(select(tasks).where(tasks.c.plan_id.in_(chosen)).order_by(*ordered).limit(50)).all()
        got = mine.records(conn, {"plans": chosen, "n": 50})
    assert [tuple(r) for r in got] == [tuple(r) for r in expected]
    assert (len(got) > 0) == bool(chosen)
    if got:  # by name and by position, as SQLAlchemy's rows
        first, row = got[0], expected[0]
        assert first._fields == tuple(row._fields)
        assert (first.deadline, first.created_at, first.cooperating) == (row.deadline, row.created_at, row.cooperating)
        assert first.created_at.tzinfo is not None and first[0] == row[0]


def test_the_engines_listeners_see_driver_statements(filled):
    seen = []

    def keep(conn, cursor, sql, params, context, executemany):
        seen.append((sql, params))

    one = DriverStatement(select(tasks.c.task_id).where(tasks.c.task_id == bindparam("id")))
    event.listen(filled, "before_cursor_execute", keep)
    try:
        with filled.connect() as conn:
            assert one.rows(conn, {"id": "t0000007"}) == [("t0000007",)]
    finally:
        event.remove(filled, "before_cursor_execute", keep)
    assert [sql for sql, _ in seen if "FROM tasks" in sql], seen
    assert any("t0000007" in (p.values() if isinstance(p, dict) else p) for _, p in seen)


def test_json_values_read_as_sqlalchemy_reads_them(engine):
    """A JSON column's text is parsed; a number (what SQLite's JSON functions may give) stays a
    number; NULL stays None: the driver's processor (one call on SQLite) as SQLAlchemy's own."""
    from sqlalchemy import JSON, literal_column, type_coerce

    for sql in ("'[\"ag-1\", \"ag-2\"]'", "'{\"a\": [1, 2.5, null]}'", "3", "2.5", "NULL", "'\"text\"'"):
        statement = select(type_coerce(literal_column(sql), JSON).label("v"))
        with engine.connect() as conn:
            expected = conn.execute(statement).scalar()
            got = DriverStatement(statement).rows(conn)[0][0]
        assert got == expected and type(got) is type(expected), sql
