"""A stream's events keep their order in the sealed log on PostgreSQL.

The sealer and followers order the rows of finished transactions by the transaction's id
(``txid``: assigned at its first write), then position. A transaction that wrote something,
then read a stream another transaction had just appended to and appended after it, would hold
an older id than the event it follows: sealed before it, a stream's version 6 would come
before its version 5. Such an append is refused as a concurrency conflict (the command is tried
again, in a new transaction with a newer id)."""
from datetime import datetime, timezone

import pytest

from service.eventlog.sealer import seal_log
from service.eventlog.store import ConcurrencyError, EventStore, Meta

from .sample_events import SampleCounted
from tests.conftest import LOG_KEY

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)


def test_an_append_after_a_newer_transactions_event_is_refused(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's single writer orders every append by its commit")
    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append("s", 0, [SampleCounted(1)] * 4, Meta(), NOW)
    older = engine.connect()
    try:
        older.begin()
        EventStore(older, LOG_KEY).append("x", 0, [SampleCounted(1)], Meta(), NOW)  # its id: older
        with engine.begin() as newer:
            EventStore(newer, LOG_KEY).append("s", 4, [SampleCounted(5)], Meta(), NOW)
        with pytest.raises(ConcurrencyError):  # version 6 after the newer transaction's 5
            EventStore(older, LOG_KEY).append("s", 5, [SampleCounted(6)], Meta(), NOW)
        older.rollback()
    finally:
        older.close()
    with engine.begin() as again:  # tried again: a new transaction, a newer id
        EventStore(again, LOG_KEY).append("s", 5, [SampleCounted(6)], Meta(), NOW)
    seal_log(engine, LOG_KEY, final=True)
    with engine.connect() as conn:
        versions = [e.version for e in EventStore(conn).read_all() if e.stream_id == "s"]
    assert versions == [1, 2, 3, 4, 5, 6]


def test_a_batch_of_several_streams_is_checked_too(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's single writer orders every append by its commit")
    from service.eventlog.store import NewStream

    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append("s", 0, [SampleCounted(1)], Meta(), NOW)
    older = engine.connect()
    try:
        older.begin()
        EventStore(older, LOG_KEY).append("x", 0, [SampleCounted(1)], Meta(), NOW)
        with engine.begin() as newer:
            EventStore(newer, LOG_KEY).append("s", 1, [SampleCounted(2)], Meta(), NOW)
        with pytest.raises(ConcurrencyError):
            EventStore(older, LOG_KEY).append_batch(
                [NewStream("s", 2, [SampleCounted(3)]), NewStream("y", 0, [SampleCounted(1)])], Meta(), NOW)
        older.rollback()
    finally:
        older.close()
