"""The task list's floor on a database: a Flask app that runs the very statements dondoc's
page runs (their SQL and parameters, taken from dondoc in the same run: bench_tasklist's
``page_statements``) on a driver connection each worker keeps, and returns the first 20 rows
of the last as JSON. No token, no visibility or overdue rule, no cursor: what any Flask app
answering this page from this database pays, before dondoc does anything of its own.

Served by the same gunicorn beside the bare app: bare app to this one is what the database's
round trip and rows cost on the machine, this one to dondoc is what dondoc adds.

DONDOC_BENCH_STATEMENT: a pickle file bench_tasklist writes, (database URL, [(SQL,
parameters), ...]) in the driver's own parameter style.
"""
from __future__ import annotations

import os
import pickle
import threading

import orjson
from flask import Flask

from psycopg.adapt import PyFormat, Transformer

from service.db import make_engine
from service.pg_prepared import numbered

with open(os.environ["DONDOC_BENCH_STATEMENT"], "rb") as f:
    URL, STATEMENTS = pickle.load(f)

app = Flask(__name__)
_KEPT = threading.local()
_ENGINE = []  # made in the worker (after gunicorn's fork), once


def _cursor():
    """A cursor of a driver connection of dondoc's own engine (its JSON loader, UTC session,
    SQLite pragmas), kept by the worker's thread."""
    cursor = getattr(_KEPT, "cursor", None)
    if cursor is None:
        if not _ENGINE:
            _ENGINE.append(make_engine(URL))
        raw = _ENGINE[0].raw_connection().driver_connection
        if not URL.startswith("sqlite"):
            raw.autocommit = True  # dondoc's API reads in autocommit too (request_reading)
            raw.prepare_threshold = 0  # dondoc's engine leaves psycopg none (pg_prepared): here its own
        cursor = _KEPT.cursor = raw.cursor()
    return cursor


def _rows(cursor, sql, params) -> tuple[list, list]:
    if URL.startswith("sqlite"):
        cursor.execute(sql, params)
    else:
        cursor.execute(sql, params)  # prepared once by psycopg, as dondoc prepares its own
    return cursor.fetchall(), [d[0] for d in cursor.description]


@app.get("/tasks")
def tasks():
    cursor = _cursor()
    for sql, params in STATEMENTS:
        rows, keys = _rows(cursor, sql, params)
    items = [dict(zip(keys, row)) for row in rows[:20]]
    return app.response_class(orjson.dumps({"items": items, "next_cursor": None}), mimetype="application/json")
