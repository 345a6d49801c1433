"""The event store's contract, run on SQLite and on PostgreSQL."""
import threading
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from service.eventlog.sealer import seal_log
from service.eventlog.store import ConcurrencyError, EventStore, Meta, NewStream
from service.uow import UnitOfWork

from .sample_events import Colour, SampleCounted, SampleHappened
from tests.conftest import LOG_KEY

NOW = datetime(2024, 3, 1, 8, 0, tzinfo=timezone.utc)


def sample(i=0):
    return SampleHappened(f"n{i}", date(2024, 6, 14), NOW, Decimal("1.600"), Colour.BLUE, uuid.UUID(int=i))


def append(engine, stream, expected, events, meta=Meta(actor="u1", request_id="r1")):
    with engine.begin() as conn:
        return EventStore(conn, LOG_KEY).append(stream, expected, events, meta, NOW)


def test_append_and_read_a_stream(engine):
    append(engine, "task-1", 0, [sample(1), sample(2)])
    append(engine, "task-1", 2, [SampleCounted(3)])
    with engine.connect() as conn:
        got = EventStore(conn).read_stream("task-1")
    assert [e.version for e in got] == [1, 2, 3]
    assert got[0].event == sample(1)
    assert got[2].event == SampleCounted(3)
    assert got[0].meta == {"actor": "u1", "request_id": "r1", "schema": 1}  # the shape it was written in
    assert got[0].recorded_at.replace(tzinfo=timezone.utc) == NOW


def test_stale_version_writes_nothing(engine):
    append(engine, "task-1", 0, [sample(1)])
    with pytest.raises(ConcurrencyError) as err:
        append(engine, "task-1", 0, [sample(2), sample(3)])
    assert err.value.actual == 1
    with engine.connect() as conn:
        assert len(EventStore(conn).read_stream("task-1")) == 1
        assert EventStore(conn).last_position() == 1


def test_batch_append_is_all_or_nothing(engine):
    append(engine, "task-2", 0, [sample(1)])
    with pytest.raises(ConcurrencyError):
        with engine.begin() as conn:
            EventStore(conn, LOG_KEY).append_batch(
                [NewStream("task-1", 0, [sample(1)]), NewStream("task-2", 0, [sample(2)])], Meta(), NOW)
    with engine.connect() as conn:
        assert EventStore(conn).read_stream("task-1") == []


def test_read_all_in_position_order_and_pages(engine):
    for i in range(7):
        append(engine, f"s-{i % 3}", i // 3, [SampleCounted(i)])
    seal_log(engine, LOG_KEY, final=True)
    with engine.connect() as conn:
        store = EventStore(conn, LOG_KEY)
        first = store.read_all(after=0, limit=4)
        rest = store.read_all(after=first[-1].seq, limit=4)
    positions = [e.position for e in first + rest]
    assert positions == list(range(1, 8))
    assert [e.event.by for e in first + rest] == list(range(7))


def test_two_writers_at_once_exactly_one_wins(engine):
    append(engine, "task-race", 0, [sample(0)])
    barrier, outcomes = threading.Barrier(2), []

    def writer(i):
        barrier.wait()
        try:
            append(engine, "task-race", 1, [SampleCounted(i)])
            outcomes.append("won")
        except ConcurrencyError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "won"]
    with engine.connect() as conn:
        assert [e.version for e in EventStore(conn).read_stream("task-race")] == [1, 2]


def test_many_writers_on_many_streams_keep_the_sealed_order_gapless(engine):
    """Positions may commit out of order (PostgreSQL's writers do not wait for each other); the
    sealed order has every event once, without a gap, each stream in version order."""
    def writer(i):
        for j in range(5):
            append(engine, f"w-{i}", j, [SampleCounted(j)])

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    seal_log(engine, LOG_KEY, final=True)
    with engine.connect() as conn:
        events = EventStore(conn).read_all(limit=100)
    assert [e.seq for e in events] == list(range(1, 21))
    assert sorted(e.position for e in events) == list(range(1, 21))  # nothing rolled back
    for i in range(4):
        assert [e.version for e in events if e.stream_id == f"w-{i}"] == [1, 2, 3, 4, 5]


def test_uow_rolls_back_when_not_committed(engine, clock):
    with UnitOfWork(engine, [], clock, key=LOG_KEY) as uow:
        uow.append("task-9", 0, [sample(9)])
    with engine.connect() as conn:
        assert EventStore(conn).last_position() == 0
