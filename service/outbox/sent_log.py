"""The MessageSent of a dispatcher's batches, logged behind it.

After each batch the dispatcher logs what the relay and gateway accepted
(outcomes.log_accepted: one unit of work, the events and their read models). On PostgreSQL
that unit of work runs in a thread of its own while the dispatcher claims and sends the next
batch: the database works on it while the dispatcher waits on the relay, instead of the two
waiting for each other. One at a time: a batch's waits for the one before, and the last one
is done before the run returns. Nothing of the promise moves: each acceptance is still
recorded on its own before the next message can be taken (the rows are ``accepted`` until
their events are on the log; a dispatcher killed before that leaves them to the next one).
On SQLite, one writer at a time, a second transaction would hold up the acceptances: the
batch is logged in the dispatcher's own thread, as before.
"""
from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from service.outbox.outcomes import log_accepted

log = logging.getLogger(__name__)


class SentLog:
    def __init__(self, dd, worker_id: str, now: datetime):
        self.dd, self.worker_id, self.now = dd, worker_id, now
        behind = dd.engine.dialect.name == "postgresql"
        self._thread = ThreadPoolExecutor(1, f"sent-log-{worker_id}") if behind else None
        self._pending: Future | None = None

    def __call__(self) -> None:
        """Log what was accepted so far (in the thread: once the batch before is logged)."""
        if self._thread is None:
            log_accepted(self.dd, self.worker_id, self.now)
            return
        self.wait()
        self._pending = self._thread.submit(log_accepted, self.dd, self.worker_id, self.now)

    def wait(self) -> None:
        """The batch under way is logged (its error raised here)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def __enter__(self) -> "SentLog":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc is None:
                self.wait()
            else:  # the run's error is the one to raise; this one is logged
                try:
                    self.wait()
                except Exception:  # noqa: BLE001
                    log.exception("outbox %s: a batch's MessageSent, logged as the run ended",
                                  self.worker_id)
        finally:
            if self._thread is not None:
                self._thread.shutdown()
