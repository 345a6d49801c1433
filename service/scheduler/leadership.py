"""One scheduler leads at a time; the others wait and take over when it dies.

Leadership saves work, it is not what keeps reminders single: the sweep is exactly-once on its
own (see ``sweep``), so a short overlap of two leaders is harmless.

- PostgreSQL: a session advisory lock on a dedicated connection, held while leading. When the
  leader's process dies its connection closes and the server releases the lock; a follower's
  next ``acquire()`` gets it.
- SQLite (the embedded one-process set-up): a lease row with an expiry the leader renews at
  every tick; a follower takes it once it has expired.
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import Column, String, Table, delete, insert, or_, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from service.tables import UtcDateTime, metadata

log = logging.getLogger("dondoc.scheduler")

scheduler_leases = Table(
    "scheduler_leases", metadata,
    Column("name", String(80), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
)


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class AdvisoryLock:
    """``pg_try_advisory_lock`` on a connection of its own, outside the pool. The key includes
    the schema, so two dondoc installations in one database do not block each other."""

    def __init__(self, engine, name: str = "dondoc-scheduler"):
        self.engine, self.name = engine, name
        self._conn = None

    @property
    def leading(self) -> bool:
        return self._conn is not None

    def acquire(self) -> bool:
        """True when this process leads (already, or from now on)."""
        if self._conn is not None:
            try:
                self._conn.exec_driver_sql("SELECT 1")
                return True
            except DBAPIError:  # connection lost: so is the lock
                log.warning("scheduler lost its leadership connection")
                self._close()
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        conn.detach()  # closing it must really close it (and free the lock), not pool it
        try:
            got = conn.execute(_TRY_LOCK, {"name": self.name}).scalar()
        except DBAPIError:
            conn.close()
            raise
        if got:
            self._conn = conn
            log.info("scheduler leads (advisory lock %s)", self.name)
        else:
            conn.close()
        return bool(got)

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(_UNLOCK, {"name": self.name})
            except DBAPIError:
                pass
            self._close()

    def _close(self) -> None:
        try:
            self._conn.close()
        finally:
            self._conn = None


_KEY = "hashtext(CAST(:name AS text) || ':' || coalesce(current_schema(), ''))"
_TRY_LOCK = text(f"SELECT pg_try_advisory_lock({_KEY})")
_UNLOCK = text(f"SELECT pg_advisory_unlock({_KEY})")


class LeaseLock:
    """A row naming the leader until ``expires_at``. Taken with a conditional UPDATE (or the
    first INSERT): whoever's statement changed the row leads."""

    def __init__(self, engine, clock, ttl: timedelta = timedelta(minutes=3),
                 name: str = "scheduler", holder: str | None = None):
        self.engine, self.clock, self.ttl, self.name = engine, clock, ttl, name
        self.holder = holder or holder_id()
        self.leading = False

    def acquire(self) -> bool:
        now = self.clock.now()
        t = scheduler_leases
        try:
            with self.engine.begin() as conn:
                taken = conn.execute(
                    update(t).where(t.c.name == self.name,
                                    or_(t.c.holder == self.holder, t.c.expires_at < now))
                    .values(holder=self.holder, expires_at=now + self.ttl)).rowcount == 1
                if not taken and conn.execute(select(t.c.name).where(t.c.name == self.name)).first() is None:
                    conn.execute(insert(t).values(name=self.name, holder=self.holder,
                                                  expires_at=now + self.ttl))
                    taken = True
        except IntegrityError:  # another process inserted the first lease at the same moment
            taken = False
        if taken and not self.leading:
            log.info("scheduler leads (lease %s held by %s)", self.name, self.holder)
        self.leading = taken
        return taken

    def release(self) -> None:
        if self.leading:
            with self.engine.begin() as conn:
                conn.execute(delete(scheduler_leases).where(
                    scheduler_leases.c.name == self.name, scheduler_leases.c.holder == self.holder))
            self.leading = False


def leadership_for(dd):
    """The advisory lock on PostgreSQL, a lease elsewhere."""
    if dd.engine.dialect.name == "postgresql":
        return AdvisoryLock(dd.engine)
    return LeaseLock(dd.engine, dd.clock)
