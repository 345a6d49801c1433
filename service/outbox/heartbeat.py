"""Keeping a dispatcher's claims alive while it works, so that the lease can be short.

A claim lasts ``lease`` (a minute): long enough for one message on the wire (the SMTP timeout
is 30 s), short enough that the rows of a dispatcher killed with ``kill -9`` are taken over a
minute later, not fifteen. While the dispatcher lives, a thread extends the lease of every row
it still holds every quarter lease; a dispatcher that dies stops extending, and its rows come
free. A row is extended only while ``claimed_by`` is still this worker, so a claim that was
lost (a dispatcher frozen past its lease) is never taken back.
"""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from service.outbox.tables import outbox as t

log = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, dd, worker_id: str, lease: timedelta):
        self.dd, self.worker_id, self.lease = dd, worker_id, lease
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self) -> int:
        """Extend this worker's claims to now + lease; how many rows."""
        until = self.dd.clock.now() + self.lease
        with self.dd.engine.begin() as conn:
            return conn.execute(update(t).where(t.c.status.in_(("sending", "accepted")),
                                                t.c.claimed_by == self.worker_id)
                                .values(claimed_until=until)).rowcount

    def __enter__(self) -> "Heartbeat":
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{self.worker_id}",
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.lease.total_seconds() / 4):
            try:
                self.beat()
            except SQLAlchemyError as error:  # the next beat may succeed; the lease still holds
                log.warning("outbox heartbeat of %s failed: %s", self.worker_id, error)
