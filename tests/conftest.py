"""Fixtures shared by every test: a migrated database on each backend, an app, a clock.

Every test that takes ``engine`` runs twice: on a fresh SQLite file and on a fresh schema of
the PostgreSQL at DONDOC_TEST_POSTGRES_URL (default: CI's 127.0.0.1:5432/test). Set that
variable to an empty string to run SQLite only.

A test marked ``two_clocks`` runs at two hours of 1 March 2024 in Vietnam: 02:00 (the quiet
night, when CI may well run) and 10:00 (office hours). Its ``clock`` starts at that hour, and the
wall clock is moved to the *other* hour: code that reads the wall clock instead of the clock it
is given then answers for the wrong hour, and the test fails under both.
"""
from __future__ import annotations

import os
import secrets
import uuid
from datetime import datetime, timezone

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text

from service import migrate
from service.clock import ManualClock
from service.db import make_engine
from workflows.localtime import VN_TZ

# No test asserts a speed: Hypothesis's per-example deadline (200 ms) would, and fails on a
# loaded machine; the benchmarks measure time.
hypothesis_settings.register_profile("dondoc", deadline=None)
hypothesis_settings.load_profile("dondoc")

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"

# One log key for the run, as a deployment has one (service.log_key): every app, command line
# and child process of the tests chains the log with it; tests of a wrong key pass another.
LOG_KEY = os.environ.setdefault("DONDOC_LOG_KEY", secrets.token_urlsafe(32))


def postgres_url() -> str | None:
    return os.environ.get("DONDOC_TEST_POSTGRES_URL", DEFAULT_PG) or None


def _backends():
    params = [pytest.param("sqlite", id="sqlite")]
    params.append(pytest.param("postgresql", id="postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(postgres_url() is None, reason="DONDOC_TEST_POSTGRES_URL is empty"),
    ]))
    return params


@pytest.fixture(params=_backends())
def backend(request):
    return request.param


@pytest.fixture
def db_url(backend, tmp_path):
    """A URL to an empty database of the backend, dropped after the test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'dondoc.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(postgres_url())
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = postgres_url()
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def bare_engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine):
    """A migrated database."""
    migrate.upgrade(bare_engine)
    return bare_engine


@pytest.fixture
def on_postgres(request, backend):
    """For the tests of what only PostgreSQL has: on SQLite the test is skipped, for the reason
    its module gives in ``POSTGRES_ONLY``. Named first among a test's fixtures, it skips before
    any other is set up."""
    if backend != "postgresql":
        pytest.skip(getattr(request.module, "POSTGRES_ONLY", "PostgreSQL only"))


@pytest.fixture
def pg(on_postgres, request):
    """A migrated database on PostgreSQL (on SQLite the test is skipped before any database is
    made: ``on_postgres``)."""
    return request.getfixturevalue("engine")


TWO_CLOCKS = {"02h": 2, "10h": 10}  # local hours: night (no SMS) and office hours


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("two_clocks"):
        metafunc.fixturenames.append("local_hour")
        metafunc.parametrize("local_hour", list(TWO_CLOCKS.values()), ids=list(TWO_CLOCKS),
                             indirect=True)


@pytest.fixture
def local_hour(request):
    """The hour (Vietnam) a ``two_clocks`` test runs at; the wall clock shows the other one."""
    hour = request.param
    other = next(h for h in TWO_CLOCKS.values() if h != hour)
    with time_machine.travel(datetime(2024, 3, 1, other, 0, tzinfo=VN_TZ), tick=True):
        yield hour


@pytest.fixture
def clock(request):
    if request.node.get_closest_marker("two_clocks"):
        hour = request.getfixturevalue("local_hour")
        return ManualClock(datetime(2024, 3, 1, hour, 0, tzinfo=VN_TZ))
    return ManualClock(datetime(2024, 3, 1, 1, 0, tzinfo=timezone.utc))


@pytest.fixture
def app(engine, clock, tmp_path):
    from service.app import create_app

    app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": clock,
                      "DATABASE_URL": str(engine.url), "INSTANCE_PATH": str(tmp_path / "instance")})
    yield app


@pytest.fixture
def dd(app):
    return app.extensions["dondoc"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def served(tmp_path):
    """The web tests' world served on loopback for a browser test (tests.web.browser)."""
    from tests.web.browser import serve

    yield from serve(tmp_path)


@pytest.fixture(autouse=True)
def _command_line_in_english(monkeypatch):
    """The command line speaks Vietnamese unless told otherwise; the tests read its English
    (DONDOC_LANG=en), and tests/service/test_cli_language.py its Vietnamese."""
    monkeypatch.setenv("DONDOC_LANG", "en")
