"""A list bound by ``dbutil.among`` (``= ANY(:list)`` on PostgreSQL) is sent as the text of an
array, made once per list (``dbutil.text_array``): the server must read back exactly the list
psycopg itself would have sent, whatever the strings hold; and a driver statement's times in
UTC are given as they come (``utc_as_is``), equal to SQLAlchemy's."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import String, column, select, text

from service.dbutil import TextArray, among, text_array
from service.driver_statements import DriverStatement
from service.projections.tasks import tasks

AWKWARD = ("plan-1", 'a"b', "c\\d", "é Sở Y tế", "{x,y}", "NULL", "null", " sp ", "", "a,b", "}", '\\"')


POSTGRES_ONLY = "PostgreSQL's arrays"  # why the fixture pg skips these tests on SQLite


def test_the_text_of_an_array_is_read_back_as_the_list(pg):
    found = text_array(AWKWARD)
    assert isinstance(found, TextArray) and list(found) == list(AWKWARD)
    assert text_array(AWKWARD) is found  # made once
    with pg.connect() as conn:
        raw = conn.connection.driver_connection
        back, same = raw.execute("SELECT %s::text[], %s::text[] = %s::text[]", [found, found, list(AWKWARD)]).fetchone()
    assert back == list(AWKWARD) and same


def test_what_is_not_a_short_list_of_str_goes_as_psycopg_sends_it():
    assert text_array((1, 2)) is None
    assert text_array(("a", None)) is None
    assert text_array(tuple(str(i) for i in range(101))) is None
    assert text_array(()) == [] and text_array(()).text == "{}"


def test_among_finds_the_rows_of_the_listed_values(pg):
    """Through a driver statement (a prepared statement on libpq) and through SQLAlchemy."""
    values = [v for v in AWKWARD if v]
    with pg.begin() as conn:
        conn.execute(text("CREATE TEMPORARY TABLE awkward (v varchar(64))"))
        conn.execute(text("INSERT INTO awkward VALUES (:v)"), [{"v": v} for v in values + ["other", "a"]])
        stmt = select(column("v", String(64))).select_from(text("awkward")).where(
            among(column("v", String(64)), "vs", "postgresql"))
        by_driver = DriverStatement(stmt).rows(conn, {"vs": values})
        by_sqlalchemy = conn.execute(stmt, {"vs": values}).all()
        many = [f"k{i}" for i in range(150)] + values  # longer than text_array takes
        by_driver_long = DriverStatement(stmt).rows(conn, {"vs": many})
    assert sorted(r[0] for r in by_driver) == sorted(values)
    assert sorted(r[0] for r in by_sqlalchemy) == sorted(values)
    assert sorted(r[0] for r in by_driver_long) == sorted(values)


def test_driver_statements_give_utc_times_as_sqlalchemy_does(engine):
    at = datetime(2024, 3, 1, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=7)))
    with engine.begin() as conn:
        conn.execute(tasks.insert().values(
            task_id="t-utc", plan_id="p", duty_id="d", duty_text="x", agency_id="a", role="lead",
            kind="one_off", cooperating=[], former_agencies=[], state="submitted", deadline=at.date(),
            original_deadline=at.date(), created_at=at, submitted_at=at, created_on=at.date(), version=1))
        stmt = select(tasks.c.created_at, tasks.c.submitted_at, tasks.c.done_at).where(tasks.c.task_id == "t-utc")
        driver = DriverStatement(stmt).rows(conn)[0]
        sqlalchemy = conn.execute(stmt).first()
    assert tuple(driver) == tuple(sqlalchemy) == (at, at, None)
    assert all(v.tzinfo is timezone.utc for v in driver[:2])


def test_a_list_of_strings_goes_as_text_and_keeps_the_index(pg):
    """A varchar column's list is sent as ``text[]`` (no length check of each element, no cast
    of the array on every run: ``dbutil.array_item_type``); the column keeps its index, and a
    string longer than the column's length is looked for, not refused."""
    stmt = select(tasks.c.task_id).where(among(tasks.c.plan_id, "plans", "postgresql"))
    sql = str(stmt.compile(dialect=pg.dialect))
    assert "::TEXT[]" in sql and "VARCHAR" not in sql
    with pg.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql, {"plans": ["p1", "p2"]}))
        assert "Index" in plan and "Seq Scan" not in plan, plan
        assert DriverStatement(stmt).rows(conn, {"plans": ["x" * 100]}) == []
