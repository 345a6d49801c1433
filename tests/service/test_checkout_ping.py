"""A pooled PostgreSQL connection is pinged on checkout unless it was given back a moment ago
(service.db.ALIVE_WINDOW); one whose server session ended is replaced either way."""
import time

import pytest
from sqlalchemy import text

from service import db
from service.db import make_engine


@pytest.fixture
def postgres(backend, db_url):
    if backend != "postgresql":
        pytest.skip("SQLite has no server to lose")
    engine = make_engine(db_url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


def _pid(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar()


def _pinged(engine, monkeypatch, window: float) -> bool:
    """Whether checking out and using a connection sent a ping first."""
    monkeypatch.setattr(db, "ALIVE_WINDOW", window)
    sent = []
    real = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: sent.append(1) or real(c))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    return bool(sent)


def test_a_connection_just_given_back_is_not_pinged(postgres, monkeypatch):
    _pid(postgres)
    assert not _pinged(postgres, monkeypatch, window=60)


def test_a_connection_at_rest_longer_is_pinged(postgres, monkeypatch):
    _pid(postgres)
    assert _pinged(postgres, monkeypatch, window=0)


@pytest.mark.parametrize("window", [60, 0], ids=["just-used", "at-rest"])
def test_a_connection_whose_session_ended_is_replaced(postgres, monkeypatch, window):
    pid = _pid(postgres)
    admin = make_engine(str(postgres.url.render_as_string(hide_password=False)))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            gone = text("SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = :pid)")
            until = time.monotonic() + 10
            while not conn.execute(gone, {"pid": pid}).scalar():  # termination is asynchronous
                assert time.monotonic() < until
                time.sleep(0.01)
    finally:
        admin.dispose()
    assert _pinged(postgres, monkeypatch, window)  # the socket said the session had ended
    assert _pid(postgres) != pid
