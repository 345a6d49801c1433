"""The task list's floor on a database: a Flask app that runs the very statements dondoc's
page runs (their SQL and parameters, taken from dondoc in the same run: bench_tasklist's
``page_statements``) on a driver connection each worker keeps, and returns the first 20 rows
of the last as JSON. No token, no visibility or overdue rule, no cursor: what any Flask app
answering this page from this database pays, before dondoc does anything of its own.

Served by the same gunicorn beside the bare app: bare app to this one is what the database's
round trip and rows cost on the machine, this one to dondoc is what dondoc adds.

DONDOC_BENCH_STATEMENT: a pickle file bench_tasklist writes: the database URL, the statements
[(SQL, parameters), ...] in the driver's own parameter style, and the names of the last one's
columns.
"""
from __future__ import annotations

import os
import pickle
import threading

import orjson
from flask import Flask

from service.db import make_engine
from service.pg_prepared import Prepared, numbered

with open(os.environ["DONDOC_BENCH_STATEMENT"], "rb") as f:
    URL, STATEMENTS, KEYS = pickle.load(f)

app = Flask(__name__)
_KEPT = threading.local()
_ENGINE = []  # made in the worker (after gunicorn's fork), once


def _run():
    """The statements run on a driver connection of dondoc's own engine (its JSON loader, UTC
    session, SQLite pragmas), kept by the worker's thread: the last one's rows."""
    run = getattr(_KEPT, "run", None)
    if run is None:
        if not _ENGINE:
            _ENGINE.append(make_engine(URL))
        raw = _ENGINE[0].raw_connection().driver_connection
        run = _KEPT.run = _sqlite(raw) if URL.startswith("sqlite") else _libpq(raw)
    return run()


def _sqlite(raw):
    def run():
        cursor = raw.cursor()
        for sql, params in STATEMENTS:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return rows
    return run


def _libpq(raw):
    """PostgreSQL: the statements prepared once and run on libpq itself by pg_prepared, as
    dondoc's are (psycopg's cursor costs more Python a statement than that path)."""
    raw.autocommit = True  # dondoc's API reads in autocommit too (request_reading)
    on_libpq = Prepared(raw)
    statements = []
    for sql, params in STATEMENTS:
        text, names = numbered(sql)
        statements.append((text, tuple(params[name] for name in names)))

    def run():
        for text, values in statements:
            rows = on_libpq.run(text, values, fetch=True)
        return rows
    return run


@app.get("/tasks")
def tasks():
    items = [dict(zip(KEYS, row)) for row in _run()[:20]]
    return app.response_class(orjson.dumps({"items": items, "next_cursor": None}), mimetype="application/json")
