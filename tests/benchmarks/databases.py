"""Throw-away databases for benchmarks: an SQLite file and a PostgreSQL schema."""
from __future__ import annotations

import contextlib
import os
import tempfile
import uuid

from sqlalchemy import text

from service import migrate
from service.db import make_engine

PG = os.environ.get("DONDOC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextlib.contextmanager
def sqlite_engine():
    with tempfile.TemporaryDirectory() as d:
        engine = make_engine(f"sqlite:///{d}/bench.sqlite3")
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


@contextlib.contextmanager
def postgres_engine():
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = _in_schema(schema)
    try:
        migrate.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextlib.contextmanager
def kept_sqlite(path):
    """An SQLite file kept after the run (brought to the latest revision first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@contextlib.contextmanager
def kept_postgres(schema: str):
    """A PostgreSQL schema kept after the run (created if missing, then upgraded)."""
    admin = make_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    engine = _in_schema(schema)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def _in_schema(schema: str):
    sep = "&" if "?" in PG else "?"
    return make_engine(f"{PG}{sep}options=-csearch_path%3D{schema}")


def backends():
    yield "sqlite", sqlite_engine
    if PG:
        yield "postgresql", postgres_engine
