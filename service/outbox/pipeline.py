"""A dispatcher's emails staged side by side and accepted one at a time, in order.

While the relay reads one message, the dispatcher renders the next and its worker threads carry
others up to their last line, each on a connection of its own (``SmtpTransport.staging``,
notifications.smtp_staged): the dispatcher's work and the relay's overlap instead of adding up.
The relay takes a message only at its last line, and that line is sent by the dispatcher's own
thread (``_next``), right before it records the acceptance, one message at a time: so a
dispatcher killed outright still leaves at most one message the relay took and the outbox does
not know of. Messages staged but not committed die with their connections (the relay drops a
transaction whose last line never came), and their rows come free when the lease runs out.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Callable


class Pipeline:
    def __init__(self, stage: Callable, connections: int):
        """``stage(email)``: the transport's staging function; at most ``connections`` messages
        are on the relay's connections at once (2 or more)."""
        self.stage, self.width = stage, connections
        self._workers = ThreadPoolExecutor(connections - 1, thread_name_prefix="smtp-stage")
        self._ahead: deque = deque()

    def put(self, email, settle: Callable) -> None:
        """Stage ``email``; ``settle(delivery or the exception)`` is called once the relay took it
        or refused it, from this thread, in the order of ``put``."""
        self._ahead.append((self._workers.submit(self.stage, email), settle))
        while len(self._ahead) >= self.width:
            self._next()

    def drain(self) -> None:
        """Commit and settle everything staged."""
        while self._ahead:
            self._next()

    def _next(self) -> None:
        future, settle = self._ahead.popleft()
        try:
            outcome = future.result().commit()
        except Exception as error:  # settled as the sequential path would have been
            outcome = error
        settle(outcome)

    def close(self) -> None:
        """Abandon what is still staged (after an error: its last line is never sent)."""
        while self._ahead:
            future, _ = self._ahead.popleft()
            try:
                future.result().abandon()
            except Exception:  # noqa: BLE001 - staging failed: nothing on the wire to drop
                pass
        self._workers.shutdown()
