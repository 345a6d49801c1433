"""SQLite: a thread keeps the connection its last API request read through, checked out of the
engine's pool, for its next one (Django's persistent connections, one a thread).

Checking a connection out of SQLAlchemy's pool and back in (its queue, lock, proxy, events and
reset) cost an API request about as much as its token check (12-15 µs of 270 for a page of
tasks). A kept connection is idle between requests: its read transaction was rolled back
before it was kept, so it holds no lock and no snapshot, and never keeps a writer or a
checkpoint waiting. It is given back to the pool instead of kept, or closed when found stale:
- when the thread already keeps one (a request reading on two connections at once);
- when the request made a SQLAlchemy Connection over it (``RequestReading.sqlalchemy``);
- when the pool it came from is no longer the engine's (``dispose``), or the process is not
  the one that took it (a fork), or the connection was invalidated;
- when the engine is disposed in the thread that keeps it (``engine_disposed``).
PostgreSQL's connections are not kept: the pool's check-out pings a connection idle for long
(db.py) and a kept one would escape it.
"""
from __future__ import annotations

import os
import threading

from sqlalchemy import Engine, event


class _Kept(threading.local):
    def __init__(self) -> None:
        self.connection = None  # a pooled connection (PoolProxiedConnection), checked out
        self.pool = None  # the pool it came from
        self.pid = 0


_KEPT = _Kept()
# This process's id, kept up to date across forks: os.getpid() is a system call (glibc caches
# it no more), and every API request asked it twice.
_PID = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))


def take(engine: Engine):
    """A pooled connection of ``engine``, and the pool it is of: the one this thread kept, if it
    still may be used, else one checked out of the pool."""
    kept = _KEPT
    connection, its_pool, pool = kept.connection, kept.pool, engine.pool
    if connection is not None:
        kept.connection = kept.pool = None
        if its_pool is pool and kept.pid == _PID[0] and connection.is_valid:
            return connection, pool
        _give_back(connection)
    return engine.raw_connection(), pool


def keep(engine: Engine, connection, pool) -> None:
    """Keep ``connection`` (of ``pool``; rolled back, no transaction open) for this thread's
    next request, or give it back to the pool if the thread keeps one already or it may not be
    used again."""
    kept = _KEPT
    if kept.connection is None and connection.is_valid and pool is engine.pool:
        _watch(engine)
        kept.connection, kept.pool, kept.pid = connection, pool, _PID[0]
    else:
        _give_back(connection)


def release() -> None:
    """This thread's kept connection back to its pool."""
    kept = _KEPT
    connection = kept.connection
    if connection is not None:
        kept.connection = kept.pool = None
        _give_back(connection)


def _give_back(connection) -> None:
    try:
        connection.close()
    except Exception:  # a broken connection: the pool has dropped it; nothing to give back
        pass


def _watch(engine: Engine) -> None:
    """Once per engine: its disposal gives back the connection the disposing thread keeps."""
    if not engine.__dict__.get("dondoc_kept_reader_watched"):
        engine.__dict__["dondoc_kept_reader_watched"] = True
        event.listen(engine, "engine_disposed", lambda _engine: release())
