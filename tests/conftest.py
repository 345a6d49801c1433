"""Fixtures shared by every test: a migrated database on each backend, an app, a clock.

Every test that takes ``engine`` runs twice: on a fresh SQLite file and on a fresh schema of
the PostgreSQL at DONDOC_TEST_POSTGRES_URL (default: CI's 127.0.0.1:5432/test). Set that
variable to an empty string to run SQLite only.
"""
from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from service import migrate
from service.clock import ManualClock
from service.db import make_engine

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


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
def clock():
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
