"""A follower reading by position never skips an event that commits late: the writer that
took position N holds the append lock until it commits, so N+1 cannot become visible first."""
import threading
from datetime import datetime, timezone

from service.db import read_only
from service.eventlog.store import EventStore, Meta

from .sample_events import SampleCounted
from tests.conftest import LOG_KEY

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)


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

    def follow_once():
        with read_only(engine) as conn:
            seen.append([e.position for e in EventStore(conn).read_all(after=0)])

    a = threading.Thread(target=slow_writer)
    b = threading.Thread(target=fast_writer)
    a.start(), b.start()
    a_appended.wait(10)
    for _ in range(5):  # the fast writer is waiting on the lock meanwhile
        follow_once()
        assert not b.is_alive() or seen[-1] == []
    a_may_commit.set()
    a.join(10), b.join(10)
    follow_once()
    assert seen[-1] == [1, 2]
    assert all(s in ([], [1], [1, 2]) for s in seen)
    with engine.connect() as conn:
        assert [e.stream_id for e in EventStore(conn).read_all()] == ["slow", "fast"]
