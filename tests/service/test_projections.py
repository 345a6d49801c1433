"""Projections move with the events in one transaction, and a rebuild reproduces them."""
import pytest
from sqlalchemy import insert, select, update

from service.eventlog.store import EventStore, Meta
from service.eventlog.tables import events as events_table
from service.projections.base import load_checkpoint
from service.projections.rebuild import UnknownEventsInLog, catch_up, rebuild
from service.uow import UnitOfWork

from .sample_events import CounterProjection, FailingProjection, SampleCounted, counters, test_metadata
from tests.conftest import LOG_KEY


@pytest.fixture
def counter_engine(engine):
    test_metadata.create_all(engine)
    return engine


def run(engine, clock, projections, stream, expected, events):
    with UnitOfWork(engine, projections, clock, Meta(actor="tester"), key=LOG_KEY) as uow:
        uow.append(stream, expected, events)
        uow.commit()


def rows(engine):
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(counters)))


def test_projection_follows_each_commit(counter_engine, clock):
    p = CounterProjection()
    run(counter_engine, clock, [p], "a", 0, [SampleCounted(2), SampleCounted(3)])
    run(counter_engine, clock, [p], "a", 2, [SampleCounted(5)])
    run(counter_engine, clock, [p], "b", 0, [SampleCounted(1)])
    assert rows(counter_engine) == [("a", 10, 3), ("b", 1, 1)]
    with counter_engine.connect() as conn:  # written once: appends do not queue on it
        assert load_checkpoint(conn, "test_counters") == 0


def test_failing_projection_rolls_the_events_back(counter_engine, clock):
    with pytest.raises(RuntimeError, match="projection broke"):
        run(counter_engine, clock, [CounterProjection(), FailingProjection()], "a", 0, [SampleCounted(1)])
    with counter_engine.connect() as conn:
        assert EventStore(conn).last_position() == 0
    assert rows(counter_engine) == []


def test_rebuild_reproduces_the_read_model_exactly(counter_engine, clock):
    p = CounterProjection()
    for i in range(30):
        run(counter_engine, clock, [p], f"s{i % 4}", i // 4, [SampleCounted(i)])
    before = rows(counter_engine)
    with counter_engine.begin() as conn:
        conn.execute(update(counters).values(total=0))  # damage the read model
    report = rebuild(counter_engine, [p], page=7)
    assert report.events == 30
    assert rows(counter_engine) == before


def test_catch_up_feeds_a_projection_added_later(counter_engine, clock):
    for i in range(5):
        run(counter_engine, clock, [], "x", i, [SampleCounted(1)])
    assert catch_up(counter_engine, [CounterProjection()]) == 5
    assert rows(counter_engine) == [("x", 5, 5)]


def test_rebuild_refuses_a_log_with_unknown_event_types(counter_engine, clock):
    p = CounterProjection()
    run(counter_engine, clock, [p], "a", 0, [SampleCounted(4)])
    _write_unknown_event(counter_engine)
    with pytest.raises(UnknownEventsInLog, match="FromTheFuture.*position 2"):
        rebuild(counter_engine, [p])
    assert rows(counter_engine) == [("a", 4, 1)]


def _write_unknown_event(engine):
    from datetime import datetime, timezone

    from service.eventlog.hashing import event_hash

    with engine.begin() as conn:
        prev = conn.execute(select(events_table.c.hash).order_by(events_table.c.position.desc())).scalar()
        now = datetime(2030, 1, 1, tzinfo=timezone.utc)
        h = event_hash(prev, 2, "a", 2, "FromTheFuture", {"x": 1}, {}, now)
        conn.execute(insert(events_table).values(position=2, seq=2, stream_id="a", version=2, type="FromTheFuture",
                                                 data={"x": 1}, meta={}, recorded_at=now, prev_hash=prev, hash=h))
