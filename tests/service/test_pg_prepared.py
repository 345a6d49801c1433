"""PostgreSQL: driver statements run as prepared statements of their own on libpq
(``service.pg_prepared``): they outlive the rollbacks and DDL after which psycopg deallocates
every statement it prepared, a transaction they open is a transaction (BEGIN with the
engine's isolation level), and the database's errors come back as SQLAlchemy's."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import bindparam, literal_column, select, text
from sqlalchemy.exc import IntegrityError

from service.db import make_engine
from service.driver_statements import DriverStatement
from service.eventlog.store import ConcurrencyError, EventStore, Meta
from service.pg_prepared import numbered
from tests.conftest import LOG_KEY
from tests.service.sample_events import SampleCounted

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)
META = Meta(actor="test")
_VERSION = DriverStatement(text("SELECT max(version) FROM events WHERE stream_id = :sid"))


POSTGRES_ONLY = "psycopg's prepared statements: PostgreSQL only"  # why the fixture pg skips these tests on SQLite


def test_numbered_parameters():
    assert numbered("SELECT %(a)s, 100 %% 7, %(b)s::int, %(a)s") == (
        b"SELECT $1, 100 % 7, $2::int, $1", ["a", "b"])


def test_statements_outlive_rollbacks_and_ddl(pg):
    with pg.connect() as conn:
        assert conn.connection.driver_connection.prepare_threshold is None
    for i in range(8):  # what psycopg prepared would be deallocated after each of these
        with pg.begin() as conn:
            EventStore(conn, LOG_KEY).append("s", i, [SampleCounted(i)], META, NOW)
        with pytest.raises(ConcurrencyError), pg.begin() as conn:
            EventStore(conn, LOG_KEY).append("s", i, [SampleCounted(i)], META, NOW)
        with pg.connect() as conn:
            for _ in range(6):
                conn.execute(text("SELECT 1")).scalar()
            conn.execute(text("CREATE TABLE IF NOT EXISTS scratch (n int)"))
            conn.execute(text("DROP TABLE scratch"))
            conn.rollback()
    with pg.connect() as conn:
        assert _VERSION.rows(conn, {"sid": "s"}) == [(8,)]
        names = conn.execute(text("SELECT name FROM pg_prepared_statements")).scalars().all()
    assert names and all(n.startswith("dondoc_") for n in names)


def test_a_transaction_opened_by_a_driver_statement_rolls_back(pg):
    with pg.connect() as conn:
        EventStore(conn, LOG_KEY).append("s", 0, [SampleCounted(1)], META, NOW)
        assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 1
        conn.rollback()
    with pg.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 0


def test_the_engines_isolation_level_begins_the_transaction(pg):
    engine = make_engine(pg.url.render_as_string(hide_password=False), isolation_level="SERIALIZABLE")
    level = DriverStatement(select(literal_column("current_setting('transaction_isolation')")))
    try:
        with engine.connect() as conn:
            assert level.rows(conn) == [("serializable",)]
            assert conn.connection.driver_connection.info.transaction_status.name == "INTRANS"
    finally:
        engine.dispose()


def test_errors_come_back_as_sqlalchemys(pg):
    insert = DriverStatement(text("INSERT INTO log_head (id) VALUES (:id)"))
    broken = DriverStatement(select(literal_column("1 / 0")).where(bindparam("x") == 1))
    with pg.connect() as conn:
        with pytest.raises(IntegrityError):  # id 1 twice, or the head's columns missing
            insert.execute(conn, {"id": 1})
            insert.execute(conn, {"id": 1})
        conn.rollback()
        with pytest.raises(Exception, match="division by zero"):
            broken.rows(conn, {"x": 1})
        conn.rollback()
        assert _VERSION.rows(conn, {"sid": "none"}) == [(None,)]
