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
from psycopg import pq
from psycopg.adapt import PyFormat, Transformer

from service.db import make_engine
from service.pg_prepared import numbered

with open(os.environ["DONDOC_BENCH_STATEMENT"], "rb") as f:
    URL, STATEMENTS = pickle.load(f)

app = Flask(__name__)
_KEPT = threading.local()
_ENGINE = []  # made in the worker (after gunicorn's fork), once


def _run():
    """The statements run on a driver connection of dondoc's own engine (its JSON loader, UTC
    session, SQLite pragmas), kept by the worker's thread: the last one's rows and column names."""
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
        return rows, [d[0] for d in cursor.description]
    return run


def _libpq(raw):
    """PostgreSQL: each statement prepared once and run on libpq itself, its rows loaded by
    psycopg's C loaders, as pg_prepared runs dondoc's (psycopg's cursor costs more Python a
    statement than dondoc's own path)."""
    raw.autocommit = True  # dondoc's API reads in autocommit too (request_reading)
    tx, prepared = Transformer(raw), []
    for i, (sql, params) in enumerate(STATEMENTS):
        text, names = numbered(sql)
        values = tuple(params[name] for name in names)
        dumped = tx.dump_sequence(values, [PyFormat.AUTO] * len(values))
        name = b"floor_%d" % i
        _check(raw, raw.pgconn.prepare(name, text, tx.types))
        prepared.append((name, dumped, tx.formats))

    def run():
        for name, dumped, formats in prepared:
            result = _check(raw, raw.pgconn.exec_prepared(name, dumped, formats))
        tx.set_pgresult(result)
        return tx.load_rows(0, result.ntuples, tuple), [result.fname(i).decode() for i in range(result.nfields)]
    return run


def _check(raw, result):
    if result is None or result.status not in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK):
        raise RuntimeError(raw.pgconn.error_message.decode() if result is None
                           else result.error_message.decode())
    return result


@app.get("/tasks")
def tasks():
    rows, keys = _run()
    items = [dict(zip(keys, row)) for row in rows[:20]]
    return app.response_class(orjson.dumps({"items": items, "next_cursor": None}), mimetype="application/json")
