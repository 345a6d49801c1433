"""The hash chain names the first changed or removed event."""
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, text, update

from service.cli import main
from service.eventlog.sealer import seal_log
from service.eventlog.store import EventStore, Meta
from service.eventlog.tables import events
from service.eventlog.verify import verify_log

from .sample_events import SampleCounted
from .test_projections import _write_unknown_event
from tests.conftest import LOG_KEY

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)


def fill(engine, n=10, start=0):
    """``n`` events, one append each, then sealed (as ``log verify`` seals first)."""
    for i in range(start, n):
        with engine.begin() as conn:
            EventStore(conn, LOG_KEY).append(f"s{i % 3}", i // 3, [SampleCounted(i)], Meta(actor="a"), NOW)
    seal_log(engine, LOG_KEY, final=True)


def positions_after_rows_written_by_hand(conn) -> None:
    """As migration 0019 leaves PostgreSQL's identity: new positions after the rows there."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT setval('events_position_seq', "
                          "COALESCE((SELECT max(position) FROM events), 0) + 1, false)"))


def verify(engine):
    with engine.connect() as conn:
        return verify_log(conn, LOG_KEY, page=4)


def test_intact_log_verifies(engine):
    fill(engine)
    report = verify(engine)
    assert report.ok and report.checked == 10


def test_changed_row_is_named(engine):
    fill(engine)
    with engine.begin() as conn:
        conn.execute(update(events).where(events.c.position == 6).values(data={"by": 999}))
    report = verify(engine)
    assert report.first_bad_position == 6
    assert "changed" in report.problem


def test_changed_metadata_is_named(engine):
    fill(engine)
    with engine.begin() as conn:
        conn.execute(update(events).where(events.c.position == 3).values(meta={"actor": "someone else"}))
    assert verify(engine).first_bad_position == 3


def test_removed_row_is_named(engine):
    fill(engine)
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.position == 4))
    report = verify(engine)
    assert report.first_bad_position == 4
    assert "missing" in report.problem


def test_removed_last_rows_break_nothing_visible_but_a_rewritten_tail_does(engine):
    fill(engine)
    with engine.begin() as conn:
        conn.execute(update(events).where(events.c.position == 10).values(prev_hash="0" * 64))
    assert verify(engine).first_bad_position == 10


def test_unknown_types_are_reported(engine):
    fill(engine, 1)
    _write_unknown_event(engine)
    report = verify(engine)
    assert report.unknown_types == {"FromTheFuture": 2}
    assert not report.ok


def test_cli_verify_exit_status(engine, db_url):
    fill(engine)
    runner = CliRunner()
    ok = runner.invoke(main, ["--database-url", db_url, "log", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "10 events" in ok.output
    with engine.begin() as conn:
        conn.execute(update(events).where(events.c.position == 2).values(stream_id="tampered"))
    bad = runner.invoke(main, ["--database-url", db_url, "log", "verify"])
    assert bad.exit_code == 1
    assert "position 2" in bad.output


def test_invalid_json_in_a_row_is_named_not_a_crash(engine):
    fill(engine, 3)
    if engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL's json type refuses invalid JSON: nothing to damage there")
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE events SET data = '{\"n\": 1,' WHERE position = 2")
    report = verify(engine)
    assert report.first_bad_position == 2 and "invalid JSON in its data" in report.problem
