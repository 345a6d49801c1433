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

    def settled(self) -> None:
        """Nothing the relay took is left unsettled here (each is settled at its commit)."""

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
        settle(outcome)()

    def close(self) -> None:
        """Abandon what is still staged (after an error: its last line is never sent)."""
        while self._ahead:
            future, _ = self._ahead.popleft()
            try:
                future.result().abandon()
            except Exception:  # noqa: BLE001 - staging failed: nothing on the wire to drop
                pass
        self._workers.shutdown()


class InTurn:
    """A dispatcher's emails on one connection, one after another, its work and the relay's
    overlapping without a thread: each message goes whole (its last line with the rest) and
    the relay's answer is read only when the next one is ready, so the relay reads one message
    while the dispatcher renders and writes the next. The answer read, the next one's MAIL FROM
    is sent and, while the relay reads it, the previous message is settled (its acceptance
    sent to the database, whose answer is read once the next message's RCPT TO and DATA are
    through): the next message's last line goes only once that answer is in, so a dispatcher
    killed outright leaves at most one message the relay took and the outbox does not know
    of. ``settled()`` before anything else is sent (an SMS: another acceptance)."""

    def __init__(self, stage: Callable):
        """``stage(email, whole=True, first=f, meanwhile=g, before_end=h)``: the transport's
        staging function (``SmtpTransport.staging``)."""
        self.stage = stage
        self._last: tuple | None = None  # (the message sent whole, its settle)

    def put(self, email, settle: Callable) -> None:
        """Send ``email``; ``settle(delivery or the exception)`` is called from this thread,
        once the relay answered and, but for the last one, the next MAIL FROM went; what it
        returns is called before the next last line goes (the outcome is recorded then)."""
        last, self._last = self._last, None
        answered: list = []
        recording: list = []
        failed: list = []

        def first() -> None:  # the bytes are ready: the relay's answer to the last one
            if last is not None:
                answered.append(_answer(last[0]))

        def meanwhile() -> None:  # this one's MAIL FROM is with the relay: settle the last
            if last is not None:
                try:
                    recording.append(last[1](answered[0]))
                except BaseException as error:
                    failed.append(error)
                    raise

        def before_end() -> None:  # this one's last line is next: the last one is recorded
            if recording:
                try:
                    recording.pop()()
                except BaseException as error:
                    failed.append(error)
                    raise

        try:
            sent = self.stage(email, whole=True, first=first, meanwhile=meanwhile,
                              before_end=before_end)
        except Exception as error:
            if failed:  # recording the last one failed: not this message's outcome
                raise
            settle(error)()
            return
        self._last = (sent, settle)

    def settled(self) -> None:
        """Read and settle the message the relay may have taken."""
        last, self._last = self._last, None
        if last is not None:
            last[1](_answer(last[0]))()

    drain = settled

    def close(self) -> None:
        """Abandon the message whose answer is unread (after an error)."""
        last, self._last = self._last, None
        if last is not None:
            last[0].abandon()


def _answer(sent):
    try:
        return sent.answer()
    except Exception as error:  # settled as the sequential path would have been
        return error
