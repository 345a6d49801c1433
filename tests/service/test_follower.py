"""A follower never skips an event that commits late, nor reads one twice.

PostgreSQL's writers take positions without waiting for each other, so position N+1 may
commit before N. A follower reads the sealed order instead (``seq``) and, beyond the last
sealed row, only the rows no transaction still in flight can precede, numbered as the sealer
will number them (eventlog.store, eventlog.sealer). SQLite's single writer makes them wait.

The follower's view depends on every transaction on the server (its xmin), so where a test
needs to see a commit it waits for that, bounded; it never waits for a scheduler.
"""
import threading
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from service.db import read_only
from service.eventlog.sealer import seal_log
from service.eventlog.store import ConcurrencyError, EventStore, Meta, NewStream
from service.eventlog.tables import events
from service.eventlog.verify import verify_log

from .sample_events import SampleCounted
from tests.conftest import LOG_KEY

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)
PATIENCE = 120  # seconds another session's transaction may hold the follower back


def follow(engine, after=0, limit=1000):
    with read_only(engine) as conn:
        return EventStore(conn).read_all(after=after, limit=limit)


def follow_until(engine, count: int):
    deadline = time.monotonic() + PATIENCE
    while len(got := follow(engine)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return got


def test_a_later_position_never_becomes_visible_before_an_earlier_one(engine):
    a_appended, a_may_commit = threading.Event(), threading.Event()
    seen: list[list[int]] = []

    def slow_writer():
        with engine.begin() as conn:
            EventStore(conn, LOG_KEY).append("slow", 0, [SampleCounted(1)], Meta(), NOW)
            a_appended.set()
            a_may_commit.wait(10)

    def fast_writer():
        a_appended.wait(10)
        with engine.begin() as conn:
            EventStore(conn, LOG_KEY).append("fast", 0, [SampleCounted(2)], Meta(), NOW)

    a = threading.Thread(target=slow_writer)
    b = threading.Thread(target=fast_writer)
    a.start(), b.start()
    a_appended.wait(10)
    b.join(2)  # PostgreSQL: the fast writer commits meanwhile; SQLite: it waits for the slow one
    for _ in range(5):
        seen.append([e.position for e in follow(engine)])
        assert seen[-1] == []
    a_may_commit.set()
    a.join(10), b.join(10)
    seen.append([e.position for e in follow_until(engine, 2)])
    assert seen[-1] == [1, 2]
    assert [e.seq for e in follow(engine)] == [1, 2]
    assert [e.stream_id for e in follow(engine)] == ["slow", "fast"]
    seal_log(engine, LOG_KEY, final=True)
    with engine.connect() as conn:  # the sealer gave them the numbers the follower read
        assert [e.stream_id for e in EventStore(conn).read_all()] == ["slow", "fast"]


@pytest.mark.slow
def test_eight_writers_raced_by_a_follower_and_a_sealer(engine):
    """8 writers on streams of their own (some appends in batches, some rolled back, leaving
    gaps in the positions), a sealer sealing as they go, and a follower reading all the while:
    every committed event read exactly once, in the numbering the sealer gives it."""
    seconds = 20
    stop, errors = threading.Event(), []
    read: list = []

    def writer(w):
        version, n = 0, 0
        while not stop.is_set():
            n += 1
            batch = [NewStream(f"w{w}", version, [SampleCounted(n)] * (1 + n % 3))]
            if n % 5 == 0:
                batch.append(NewStream(f"w{w}-side{n}", 0, [SampleCounted(n)]))
            try:
                with engine.connect() as conn, conn.begin() as tx:
                    EventStore(conn, LOG_KEY).append_batch(batch, Meta(actor=f"w{w}"), NOW)
                    if n % 7 == 0:
                        tx.rollback()  # its positions are lost: a gap
                        continue
                version += len(batch[0].events)
            except ConcurrencyError as exc:  # nobody else writes these streams
                errors.append(exc)
                return

    def sealer():
        while not stop.is_set():
            seal_log(engine, LOG_KEY)
            time.sleep(0.02)

    def follower():
        after = 0
        while not stop.is_set() or after < final_seq[0]:
            batch = follow(engine, after, limit=97)
            read.extend((e.seq, e.position, e.stream_id, e.version) for e in batch)
            after = batch[-1].seq if batch else after
            if not batch:
                time.sleep(0.005)

    final_seq = [float("inf")]
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    threads += [threading.Thread(target=sealer), threading.Thread(target=follower)]
    for t in threads:
        t.start()
    time.sleep(seconds)  # the race runs for a while: no clock is moved here
    stop.set()
    for t in threads[:-1]:
        t.join(60)
    seal_log(engine, LOG_KEY, final=True)
    final_seq[0] = _last_seq(engine)
    threads[-1].join(PATIENCE)
    assert not errors and not threads[-1].is_alive()

    with engine.connect() as conn:
        rows = conn.execute(select(events.c.seq, events.c.position, events.c.stream_id,
                                   events.c.version).order_by(events.c.seq)).all()
        assert verify_log(conn, LOG_KEY).ok
    assert len(rows) > 100  # the writers did race
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert len(read) == len({r[1] for r in read}), "an event was read twice"
    assert read == [tuple(r) for r in rows], "skipped, or numbered otherwise than the sealer"
    if engine.dialect.name == "postgresql":  # rolled-back appends left positions unused
        assert max(r.position for r in rows) > len(rows)
    by_stream: dict = {}
    for _, _, stream, version in read:
        by_stream.setdefault(stream, []).append(version)
    assert all(v == list(range(1, len(v) + 1)) for v in by_stream.values())


def _last_seq(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(events.c.seq).where(events.c.seq.is_not(None))
                            .order_by(events.c.seq.desc()).limit(1)).scalar() or 0
