"""One leader at a time: a lease row (SQLite, or anywhere) and PostgreSQL's advisory lock."""
import time
from datetime import timedelta

from sqlalchemy import text

from service.scheduler.leadership import AdvisoryLock, LeaseLock


POSTGRES_ONLY = "advisory locks are PostgreSQL's"  # why the fixture pg skips these tests on SQLite


def test_a_lease_is_held_renewed_and_taken_over_when_it_expires(engine, clock):
    a = LeaseLock(engine, clock, ttl=timedelta(minutes=3), holder="a")
    b = LeaseLock(engine, clock, ttl=timedelta(minutes=3), holder="b")
    assert a.acquire() and not b.acquire()
    clock.advance(timedelta(minutes=2))
    assert a.acquire()  # renewed: good for three more minutes
    clock.advance(timedelta(minutes=2))
    assert not b.acquire()
    clock.advance(timedelta(minutes=2))  # a stopped renewing (it died)
    assert b.acquire() and not a.acquire()
    b.release()
    assert a.acquire()


def test_one_advisory_lock_holder_and_release(pg):
    a, b = AdvisoryLock(pg), AdvisoryLock(pg)
    assert a.acquire() and not b.acquire()
    assert a.acquire()  # still leading
    a.release()
    assert b.acquire() and not a.acquire()
    b.release()


def test_a_lost_connection_is_lost_leadership(pg):
    a, b = AdvisoryLock(pg), AdvisoryLock(pg)
    assert a.acquire()
    pid = a._conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with pg.connect().execution_options(isolation_level="AUTOCOMMIT") as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        gone = text("SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = :pid)")
        until = time.monotonic() + 10
        while not admin.execute(gone, {"pid": pid}).scalar():  # termination is asynchronous
            assert time.monotonic() < until
            time.sleep(0.01)
    assert b.acquire()
    assert not a.acquire() and not a.leading
    b.release()


def test_installations_in_other_schemas_do_not_block_each_other(pg):
    from service.db import make_engine
    from tests.conftest import postgres_url

    public = make_engine(postgres_url())  # the default schema, not this test's
    try:
        here, there = AdvisoryLock(pg), AdvisoryLock(public)
        assert here.acquire() and there.acquire()
        here.release(), there.release()
    finally:
        public.dispose()
