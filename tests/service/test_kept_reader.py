"""SQLite: a thread keeps the connection its last API request read through (kept_reader), idle,
for its next request; never two requests at once on it, never another engine's, never one
from before a dispose or a fork, and never holding a lock while kept."""
from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import text

from service import kept_reader
from service.db import make_engine
from service.request_reading import RequestReading


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/kept.sqlite3")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    kept_reader.release()
    yield engine
    kept_reader.release()
    engine.dispose()


def _read(reading) -> int:
    return reading.connection.driver_connection.execute("SELECT count(*) FROM t").fetchone()[0]


def test_the_next_request_of_the_thread_reads_on_the_same_connection(engine):
    with RequestReading(engine) as first:
        _read(first)
        connection = first.connection
    assert engine.pool.checkedout() == 1  # kept, not in the pool
    assert not connection.driver_connection.in_transaction  # rolled back: no snapshot held
    with RequestReading(engine) as second:
        assert second.connection is connection
        assert _read(second) == 1


def test_two_readings_at_once_never_share_it(engine):
    with RequestReading(engine) as first:
        with RequestReading(engine) as second:
            assert second.connection is not first.connection
    # the thread keeps one: the other went back to the pool
    assert engine.pool.checkedout() == 1


def test_a_kept_connection_holds_no_lock(engine):
    """A writer commits and a checkpoint empties the whole log while the thread keeps it."""
    with RequestReading(engine) as reading:
        _read(reading)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (2)")
    other = engine.raw_connection()
    try:  # outside any transaction
        busy, _, _ = other.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        other.close()
    assert busy == 0
    with RequestReading(engine) as reading:  # and the kept connection sees the commit
        assert _read(reading) == 2


def test_another_thread_never_gets_it(engine):
    with RequestReading(engine) as reading:
        mine = reading.connection
    theirs = []

    def other():
        with RequestReading(engine) as reading:
            theirs.append(reading.connection)
        kept_reader.release()
    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert theirs and theirs[0] is not mine


def test_not_kept_across_engines_or_a_dispose(engine, tmp_path):
    with RequestReading(engine) as reading:
        first = reading.connection
    other = make_engine(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        with RequestReading(other) as reading:
            assert reading.connection is not first
        assert engine.pool.checkedout() == 0  # the first engine's went back to its pool
    finally:
        kept_reader.release()
        other.dispose()
    with RequestReading(engine) as reading:
        first = reading.connection
    engine.dispose()  # gives back what the disposing thread keeps
    assert kept_reader._KEPT.connection is None
    with RequestReading(engine) as reading:
        assert reading.connection is not first


def test_not_kept_after_a_fork(engine, monkeypatch):
    with RequestReading(engine) as reading:
        first = reading.connection
    monkeypatch.setattr(kept_reader, "_PID", [-1])  # as a forked child sees it (below)
    with RequestReading(engine) as reading:
        assert reading.connection is not first


def test_a_forked_child_knows_its_own_process_id():
    pid = os.fork()
    if pid == 0:  # the child: no database here, only the id the kept connection is checked by
        os._exit(0 if kept_reader._PID[0] == os.getpid() != os.getppid() else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert kept_reader._PID[0] == os.getpid()


def test_a_view_that_used_sqlalchemy_gives_it_back(engine):
    with RequestReading(engine) as reading:
        assert reading.execute(text("SELECT count(*) FROM t")).scalar() == 1
    assert engine.pool.checkedout() == 0


def test_an_invalidated_connection_is_not_kept(engine):
    with RequestReading(engine) as reading:
        reading.connection.invalidate()
    assert kept_reader._KEPT.connection is None
    with RequestReading(engine) as reading:
        assert _read(reading) == 1
