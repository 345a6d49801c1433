"""An anchor kept outside the database catches what the log's own signed head cannot: the log
and its head both put back as they were earlier (the last events removed, an old head that was
copied restored), and a rewrite by someone who holds the log key."""
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from service.cli import main
from service.eventlog.anchor import check_anchor, make_anchor
from service.eventlog.head import sign
from service.eventlog.hashing import sealed_hash
from service.eventlog.tables import events, log_head
from tests.conftest import LOG_KEY

from .test_verify import fill, verify

KEY = "khoa-bi-mat-cua-may-chu"


def anchored(engine) -> str:
    with engine.connect() as conn:
        return make_anchor(conn, KEY)


def problem(engine, anchor, key=KEY):
    with engine.connect() as conn:
        return check_anchor(conn, anchor, key)


def test_an_intact_log_holds_its_anchor(engine):
    fill(engine)
    anchor = anchored(engine)
    assert anchor.startswith("dondoc-anchor-v1:10:")
    assert problem(engine, anchor) is None


def test_removing_the_last_events_and_restoring_an_old_head_is_caught(engine):
    fill(engine, 8)
    with engine.connect() as conn:  # someone keeps a copy of the head as it is at 8
        old_head = conn.execute(select(log_head)).mappings().one()
    fill(engine, 10, start=8)
    anchor = anchored(engine)
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.position > 8))
        conn.execute(update(log_head).values(**old_head))
    assert verify(engine).ok  # the log and its head agree again
    assert "ends at position 8, before the anchored position 10" in problem(engine, anchor)


def test_a_rewrite_by_someone_who_holds_the_log_key_is_caught(engine):
    fill(engine)
    anchor = anchored(engine)
    key = LOG_KEY.encode()
    with engine.begin() as conn:
        rows = conn.execute(select(events).order_by(events.c.position)).all()
        prev = rows[2].prev_hash
        for r in rows[2:]:
            data = {**r.data, "n": 99} if r.position == 3 else r.data
            h = sealed_hash(key, prev, r.seq, r.position, r.stream_id, r.version, r.type, data,
                            r.meta, r.recorded_at)
            conn.execute(update(events).where(events.c.position == r.position)
                         .values(data=data, prev_hash=prev, hash=h))
            prev = h
        conn.execute(update(log_head).values(hash=prev, signature=sign(key, 10, prev)))
    assert verify(engine).ok  # consistent again, for whoever holds the key
    assert "no longer has the anchored hash" in problem(engine, anchor)


def test_an_anchor_cannot_be_forged_without_the_key(engine):
    fill(engine)
    forged = anchored(engine).rsplit(":", 1)[0] + ":" + "0" * 64
    assert "signature does not match" in problem(engine, forged)
    assert "signature does not match" in problem(engine, anchored(engine), key="another key")
    assert "not an anchor" in problem(engine, "hello")


def test_cli_anchor_then_verify_with_it(engine, db_url, monkeypatch):
    monkeypatch.setenv("DONDOC_SECRET_KEY", KEY)
    fill(engine)
    runner = CliRunner()
    printed = runner.invoke(main, ["--database-url", db_url, "log", "anchor"])
    assert printed.exit_code == 0, printed.output
    anchor = printed.output.strip()
    ok = runner.invoke(main, ["--database-url", db_url, "log", "verify", "--anchor", anchor])
    assert ok.exit_code == 0 and "1 anchor(s) held" in ok.output, ok.output
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.position == 10))
    bad = runner.invoke(main, ["--database-url", db_url, "log", "verify", "--anchor", anchor])
    assert bad.exit_code == 1 and "events were removed" in bad.output
