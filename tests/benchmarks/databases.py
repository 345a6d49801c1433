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
    sep = "&" if "?" in PG else "?"
    engine = make_engine(f"{PG}{sep}options=-csearch_path%3D{schema}")
    try:
        migrate.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def backends():
    yield "sqlite", sqlite_engine
    if PG:
        yield "postgresql", postgres_engine
