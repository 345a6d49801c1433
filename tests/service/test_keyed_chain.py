"""The keyed chain and the signed head: what the plain chain missed is caught (the last events
removed, a rewrite that recomputes every later hash, a forged head), a wrong key is named, and
neither an append nor the sealer chains onto a log that was cut or with a key that is not the
log's (PostgreSQL's appends leave the chain to the sealer; SQLite's append chains its rows)."""
import pytest
from click.testing import CliRunner
from sqlalchemy import delete, insert, select, update

from service.cli import main
from service.eventlog.hashing import GENESIS, PLAIN, SEALED, event_hash, keyed_hash, sealed_hash
from service.eventlog.head import LogRefused, read_head, sign
from service.eventlog.sealer import seal_log
from service.eventlog.store import EventStore, Meta
from service.eventlog.tables import events, log_head
from service.eventlog.verify import verify_log
from tests.conftest import LOG_KEY

from .sample_events import SampleCounted
from .test_verify import NOW, fill, positions_after_rows_written_by_hand, verify

OTHER_KEY = "not-the-log-key"


def rows(engine):
    with engine.connect() as conn:
        return conn.execute(select(events).order_by(events.c.position)).all()


def rewrite_from(engine, first: int, hash_of) -> None:
    """Change position ``first`` and recompute every later hash with ``hash_of``."""
    all_rows = rows(engine)
    with engine.begin() as conn:
        prev = all_rows[first - 1].prev_hash
        for r in all_rows[first - 1:]:
            data = {"by": 999} if r.position == first else r.data
            h = hash_of(prev, r.position, r.stream_id, r.version, r.type, data, r.meta, r.recorded_at)
            conn.execute(update(events).where(events.c.position == r.position)
                         .values(data=data, prev_hash=prev, hash=h, chain=r.chain))
            prev = h


def test_new_rows_are_keyed_and_the_head_signed(engine):
    fill(engine, 4)
    assert {r.chain for r in rows(engine)} == {SEALED}
    assert [r.seq for r in rows(engine)] == [1, 2, 3, 4]
    last = rows(engine)[-1]
    with engine.connect() as conn:
        head = read_head(conn)
    assert (head.position, head.hash) == (4, last.hash)
    assert head.signed_by(LOG_KEY.encode()) and not head.signed_by(OTHER_KEY.encode())
    assert last.hash == sealed_hash(LOG_KEY.encode(), last.prev_hash, 4, last.position,
                                    last.stream_id, last.version, last.type, last.data, last.meta,
                                    last.recorded_at)


def test_removing_the_last_events_is_caught(engine):
    fill(engine)
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.position > 8))
    report = verify(engine)
    assert report.first_bad_position == 9
    assert "ends at position 8, before its signed head at 10: events were removed" in report.problem


def test_removing_the_head_as_well_is_caught(engine):
    fill(engine)
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.position > 8))
        conn.execute(delete(log_head))
    assert "signed head is missing" in verify(engine).problem


def test_a_rewrite_that_recomputes_every_later_hash_is_caught(engine):
    fill(engine)
    rewrite_from(engine, 3, lambda *a: keyed_hash(OTHER_KEY.encode(), *a))
    report = verify(engine)
    assert report.first_bad_position == 3 and "was changed after it was written" in report.problem


def test_a_rewrite_down_to_the_plain_scheme_is_caught(engine):
    fill(engine)
    with engine.begin() as conn:
        conn.execute(update(events).where(events.c.position >= 6).values(chain=PLAIN))
    rewrite_from(engine, 6, event_hash)
    report = verify(engine)
    assert report.first_bad_position == 6 and "without the key after keyed events" in report.problem


def test_a_rewrite_of_the_whole_log_with_a_new_head_is_caught_by_the_head(engine):
    fill(engine)
    rewrite_from(engine, 1, lambda *a: keyed_hash(OTHER_KEY.encode(), *a))
    last = rows(engine)[-1]
    with engine.begin() as conn:
        conn.execute(update(log_head).values(hash=last.hash,
                                             signature=sign(OTHER_KEY.encode(), 10, last.hash)))
    report = verify(engine)
    assert report.first_bad_position == 1 and "not this log's key" in report.problem


def test_a_wrong_key_is_named_and_cannot_write(engine):
    fill(engine, 3)
    with engine.connect() as conn:
        report = verify_log(conn, OTHER_KEY)
    assert report.first_bad_position == 1 and "not this log's key" in report.problem
    with engine.begin() as conn, pytest.raises(LogRefused, match="wrong key"):
        EventStore(conn, OTHER_KEY).append("s9", 0, [SampleCounted(9)], Meta(), NOW)
    assert len(rows(engine)) == 3


def test_neither_append_nor_sealer_chains_onto_a_log_cut_short(engine):
    fill(engine)
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.position == 10))
    with pytest.raises(LogRefused, match="events were removed"):
        with engine.begin() as conn:  # SQLite: the append chains, and refuses
            EventStore(conn, LOG_KEY).append("s9", 0, [SampleCounted(9)], Meta(), NOW)
        seal_log(engine, LOG_KEY, final=True)  # PostgreSQL: the append waits for the sealer, which refuses
    assert "events were removed" in verify(engine).problem  # the refusal left it as it was
    assert max(r.seq or 0 for r in rows(engine)) == 9  # nothing chained onto it


def test_the_sealer_refuses_a_row_written_without_the_key(engine):
    """A row slipped into the log by someone who can write the database but has no key: not
    sealed into the chain, and named by verify."""
    fill(engine, 3)
    data, meta = {"by": 7}, {"actor": "x"}
    with engine.begin() as conn:
        conn.execute(insert(events).values(position=50, stream_id="slipped", version=1,
                                           type="SampleCounted", data=data, meta=meta,
                                           recorded_at=NOW, chain=SEALED,
                                           hash=keyed_hash(OTHER_KEY.encode(), "unsealed", 50,
                                                           "slipped", 1, "SampleCounted", data,
                                                           meta, NOW)))
    with pytest.raises(LogRefused, match="position 50 was not written with this log key"):
        seal_log(engine, LOG_KEY, final=True)
    report = verify(engine)
    assert report.first_bad_position == 50 and report.unsealed == 1
    assert "not sealed yet, was not written with the log key" in report.problem


def test_a_row_whose_json_is_not_what_was_hashed_is_named(engine):
    """Invalid JSON (SQLite stores any text) or JSON of another shape (PostgreSQL's json type
    takes only valid JSON): a finding naming the row, never a crash."""
    fill(engine, 3)
    damage = "'{\"n\": 1,'" if engine.dialect.name == "sqlite" else "'\"n\"'"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE events SET data = {damage} WHERE position = 2")
    report = verify(engine)
    assert report.first_bad_position == 2
    assert ("invalid JSON in its data" if engine.dialect.name == "sqlite"
            else "was changed after it was written") in report.problem


def test_a_log_written_before_the_key_verifies_and_its_next_append_signs_it(engine):
    with engine.begin() as conn:
        prev = GENESIS
        for position in (1, 2):
            data, meta = {"n": position}, {"actor": "a"}
            h = event_hash(prev, position, "old", position, "SampleCounted", data, meta, NOW)
            conn.execute(insert(events).values(position=position, seq=position, stream_id="old", version=position,
                                               type="SampleCounted", data=data, meta=meta,
                                               recorded_at=NOW, prev_hash=prev, hash=h))
            prev = h
        positions_after_rows_written_by_hand(conn)
    report = verify(engine)
    assert report.ok and report.plain == 2 and report.unsigned
    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append("old", 2, [SampleCounted(3)], Meta(), NOW)
    seal_log(engine, LOG_KEY, final=True)
    report = verify(engine)
    assert report.ok and report.checked == 3 and report.plain == 2 and not report.unsigned


def test_cli_verify_names_truncation_and_a_wrong_key(engine, db_url, monkeypatch):
    fill(engine)
    runner = CliRunner()
    ok = runner.invoke(main, ["--database-url", db_url, "log", "verify"])
    assert ok.exit_code == 0 and "signed head held" in ok.output, ok.output
    monkeypatch.setenv("DONDOC_LOG_KEY", OTHER_KEY)
    wrong = runner.invoke(main, ["--database-url", db_url, "log", "verify"])
    assert wrong.exit_code == 1 and "not this log's key" in wrong.output, wrong.output
    monkeypatch.setenv("DONDOC_LOG_KEY", LOG_KEY)
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.position > 7))
    cut = runner.invoke(main, ["--database-url", db_url, "log", "verify"])
    assert cut.exit_code == 1 and "before its signed head at 10" in cut.output, cut.output


def test_an_export_of_format_1_still_imports_and_gets_a_signed_head(tmp_path):
    """A file written before the chain was keyed: plain rows, no ``chain``, no head line."""
    import io
    import json

    from service.eventlog.transfer import import_log
    from service.db import make_engine
    from service import migrate

    prev, lines = GENESIS, [json.dumps({"format": "dondoc-event-log", "version": 1, "events": 2})]
    for position in (1, 2):
        data, meta = {"n": position}, {"actor": "a"}
        h = event_hash(prev, position, "old", position, "SampleCounted", data, meta, NOW)
        lines.append(json.dumps(dict(position=position, stream_id="old", version=position,
                                     type="SampleCounted", data=data, meta=meta, prev_hash=prev,
                                     hash=h, recorded_at="2024-03-01T00:00:00.000000Z")))
        prev = h
    target = make_engine(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    migrate.upgrade(target)
    report = import_log(target, io.StringIO("\n".join(lines) + "\n"), [], LOG_KEY)
    assert report.events == 2
    with target.connect() as conn:
        verified = verify_log(conn, LOG_KEY)
        head = read_head(conn)
    assert verified.ok and verified.plain == 2 and not verified.unsigned
    assert (head.position, head.hash) == (2, prev) and head.signed_by(LOG_KEY.encode())
    target.dispose()
