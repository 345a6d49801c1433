"""A thread keeps the connection its last API request read through, checked out of the
engine's pool, for its next one (Django's persistent connections, one a thread).

Checking a connection out of SQLAlchemy's pool and back in (its queue, lock, proxy, events and
reset) cost an API request about as much as its token check (12-15 µs of 270 for a page of
tasks on SQLite; on PostgreSQL, under gunicorn, 40 µs of the worker's CPU a request besides the
autocommit set and unset each time). A kept connection is idle between requests: on SQLite its
read transaction was rolled back before it was kept, so it holds no lock and no snapshot, and
never keeps a writer or a checkpoint waiting; on PostgreSQL it stays in autocommit (the API's
reads, request_reading.py), with no transaction open. It is given back to the pool instead of
kept (on PostgreSQL out of autocommit first, as every other user of the pool expects it), or
closed when found stale:
- when the thread already keeps one (a request reading on two connections at once);
- when the request made a SQLAlchemy Connection over it (``RequestReading.sqlalchemy``);
- when the pool it came from is no longer the engine's (``dispose``), or the process is not
  the one that took it (a fork), or the connection was invalidated;
- when the engine is disposed in the thread that keeps it (``engine_disposed``);
- on PostgreSQL, when a ping finds the server gone: a connection kept for ALIVE_WINDOW seconds
  or more, or whose socket has something to read, is pinged before it is used again, as the
  pool's check-out pings one (db.alive).
"""
from __future__ import annotations

import os
import threading
import time

from sqlalchemy import Engine, event

from service.db import alive


class _Kept(threading.local):
    def __init__(self) -> None:
        self.connection = None  # a pooled connection (PoolProxiedConnection), checked out
        self.pool = None  # the pool it came from
        self.pid = 0
        self.since = 0.0  # when it was kept (time.monotonic)


_KEPT = _Kept()
# This process's id, kept up to date across forks: os.getpid() is a system call (glibc caches
# it no more), and every API request asked it twice.
_PID = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))


def take(engine: Engine):
    """A pooled connection of ``engine``, the pool it is of, and whether it is the one this
    thread kept (if it still may be used; else one checked out of the pool)."""
    kept = _KEPT
    connection, its_pool, pool = kept.connection, kept.pool, engine.pool
    if connection is not None:
        kept.connection = kept.pool = None
        if its_pool is pool and kept.pid == _PID[0] and connection.is_valid and _usable(engine, connection,
                                                                                         kept.since):
            return connection, pool, True
        _give_back(connection)
    return engine.raw_connection(), pool, False


def _usable(engine: Engine, connection, since: float) -> bool:
    """SQLite's file is always there; a PostgreSQL server may have gone since (db.alive)."""
    if engine.dialect.name == "sqlite":
        return True
    try:
        if alive(engine.dialect, connection.dbapi_connection, since):
            return True
    except Exception:  # the ping failed otherwise: not this connection, then
        pass
    connection.invalidate()  # the pool drops it; the next check-out pings or reconnects
    return False


def keep(engine: Engine, connection, pool) -> bool:
    """Keep ``connection`` (of ``pool``; no transaction open) for this thread's next request
    if the thread keeps none yet and it may be used again (True); else False: the caller gives
    it back."""
    kept = _KEPT
    if kept.connection is None and connection.is_valid and pool is engine.pool:
        _watch(engine)
        kept.connection, kept.pool, kept.pid, kept.since = connection, pool, _PID[0], time.monotonic()
        return True
    return False


def release() -> None:
    """This thread's kept connection back to its pool."""
    kept = _KEPT
    connection = kept.connection
    if connection is not None:
        kept.connection = kept.pool = None
        _give_back(connection)


def _give_back(connection) -> None:
    """Back to the pool, out of autocommit first (PostgreSQL's kept connections are in it)."""
    try:
        leave_autocommit(connection.driver_connection, connection.invalidate)
        connection.close()
    except Exception:  # a broken connection: the pool has dropped it; nothing to give back
        pass


def leave_autocommit(raw, invalidate) -> None:
    """A PostgreSQL driver connection (``raw``; None once invalidated) out of autocommit before
    it goes back to the pool: never back in it in autocommit, where a writer's transaction
    would commit statement by statement. One that cannot leave it (a transaction left open)
    is invalidated (``invalidate``) instead."""
    if raw is not None and getattr(raw, "autocommit", False) is True:
        try:
            raw.autocommit = False
        except Exception:
            invalidate()


def _watch(engine: Engine) -> None:
    """Once per engine: its disposal gives back the connection the disposing thread keeps."""
    if not engine.__dict__.get("dondoc_kept_reader_watched"):
        engine.__dict__["dondoc_kept_reader_watched"] = True
        event.listen(engine, "engine_disposed", lambda _engine: release())
