"""A dispatcher in a process of its own, for tests that SIGKILL it:
python -m tests.outbox.child_dispatcher URL PORT ISO [before|after|run] [WORKER_ID] [CONNECTIONS].

``before``: it sends one message and hangs before the second goes; ``after``: it hangs once the
relay has accepted the second message, before its outcome is written (the message in flight);
``run``: it sends everything it can claim over one kept SMTP connection, printing ``accepted``
on stdout each time the relay accepts a message, so that a test can kill it right after its
k-th (no hang, no sleep); ``lockstep``: as ``run``, but it also says ``staged`` each time a
message is on the relay but its last line (the pipeline's), and ``ready`` before each last line,
which it sends only once a line comes on its stdin (so a test can kill it there). CONNECTIONS: how many it carries to the relay at once (the product's
pipeline, service.outbox.pipeline; 1: one after another on one kept connection; default: the
default of SmtpSettings)."""
from __future__ import annotations

import contextlib
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from notifications.email import SmtpSettings, SmtpTransport
from service.bootstrap import bootstrap
from service.clock import ManualClock
from service.config import Settings
from service.outbox.dispatcher import Dispatcher
from tests.outbox.conftest import SENDER  # the survivor's: the same Message-IDs


_said = threading.Lock()


def say(word: str) -> None:
    """One whole line on stdout (the pipeline's threads speak too)."""
    with _said:
        sys.stdout.write(word + "\n")
        sys.stdout.flush()


class HangsOnSecond:
    def __init__(self, inner, after: bool):
        self.inner, self.sent, self.after = inner, 0, after
        self.settings = inner.settings  # the Message-ID's domain comes from them

    def send(self, message):
        if self.sent == 1 and not self.after:
            time.sleep(600)  # killed here, with the rest of its batch claimed
        self.sent += 1
        delivery = self.inner.send(message)
        if self.sent == 2 and self.after:
            time.sleep(600)  # killed here: the relay has it, the outbox does not know
        return delivery


class SaysEachAccepted:
    def __init__(self, inner, lockstep: bool = False):
        self.inner, self.settings, self.lockstep = inner, inner.settings, lockstep

    def session(self):  # one kept connection for the run, as the real transport does
        return self.inner.session()

    @contextlib.contextmanager
    def staging(self):  # the pipeline's: says so when the relay took a staged message
        with self.inner.staging() as stage:
            yield self._stage_and_say(stage)

    def _stage_and_say(self, stage):
        def staged(message, **how):
            if how.get("whole") and self.lockstep:  # one connection, in turn: the last line
                say("ready")                         # goes with the rest
                sys.stdin.readline()
            done = _Says(stage(message, **how), self.lockstep and not how.get("whole"))
            if self.lockstep:
                say("staged")
            return done
        return staged

    def send(self, message):
        delivery = self.inner.send(message)
        say("accepted")
        return delivery


class _Says:
    def __init__(self, staged, lockstep: bool):
        self.staged, self.lockstep = staged, lockstep

    def commit(self):
        if self.lockstep:
            say("ready")
            sys.stdin.readline()  # the test says go, or kills us here
        delivery = self.staged.commit()
        say("accepted")
        return delivery

    def answer(self):  # sent whole (one connection, in turn): the relay took it
        delivery = self.staged.answer()
        say("accepted")
        return delivery

    def abandon(self):
        self.staged.abandon()


def main(url: str, port: int, now: str, when: str = "before", worker: str = "child",
         connections: str | None = None) -> None:
    clock = ManualClock(datetime.fromisoformat(now))
    dd = bootstrap(Settings(url, "x", Path(tempfile.gettempdir())), clock=clock)
    pipeline = {} if connections is None else {"connections": int(connections)}
    smtp = SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, sender=SENDER, **pipeline))
    running = when in ("run", "lockstep")
    transport = (SaysEachAccepted(smtp, when == "lockstep") if running
                 else HangsOnSecond(smtp, when == "after"))
    Dispatcher(dd, transport, None, worker, batch_size=3 if running else 10).run_once(clock.now())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:7])
