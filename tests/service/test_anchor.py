"""A signed head kept outside the database catches what the chain alone cannot: the last events
removed, and a rewrite that recomputes every later hash."""
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from service.cli import main
from service.eventlog.anchor import check_anchor, make_anchor
from service.eventlog.hashing import event_hash
from service.eventlog.tables import events

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


def test_removing_the_last_events_is_caught(engine):
    fill(engine)
    anchor = anchored(engine)
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.position > 8))
    assert verify(engine).ok  # the chain alone sees nothing
    assert "ends at position 8, before the anchored position 10" in problem(engine, anchor)


def test_a_rewrite_that_recomputes_every_later_hash_is_caught(engine):
    fill(engine)
    anchor = anchored(engine)
    with engine.begin() as conn:
        rows = conn.execute(select(events).order_by(events.c.position)).all()
        prev = rows[2].prev_hash
        for r in rows[2:]:
            data = {**r.data, "n": 99} if r.position == 3 else r.data
            h = event_hash(prev, r.position, r.stream_id, r.version, r.type, data, r.meta, r.recorded_at)
            conn.execute(update(events).where(events.c.position == r.position)
                         .values(data=data, prev_hash=prev, hash=h))
            prev = h
    assert verify(engine).ok  # consistent again, from the chain's point of view
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
