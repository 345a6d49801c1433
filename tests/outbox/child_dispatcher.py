"""A dispatcher in a process of its own, for tests that SIGKILL it:
python -m tests.outbox.child_dispatcher URL PORT ISO [before|after|run] [WORKER_ID].

``before``: it sends one message and hangs before the second goes; ``after``: it hangs once the
relay has accepted the second message, before its outcome is written (the message in flight);
``run``: it sends everything it can claim over one kept SMTP connection, printing ``accepted``
on stdout each time the relay accepts a message, so that a test can kill it right after its
k-th (no hang, no sleep)."""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from notifications.email import SmtpSettings, SmtpTransport
from service.bootstrap import bootstrap
from service.clock import ManualClock
from service.config import Settings
from service.outbox.dispatcher import Dispatcher
from tests.outbox.conftest import SENDER  # the survivor's: the same Message-IDs


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
    def __init__(self, inner):
        self.inner, self.settings = inner, inner.settings

    def session(self):  # one kept connection for the run, as the real transport does
        return self.inner.session()

    def send(self, message):
        delivery = self.inner.send(message)
        print("accepted", flush=True)
        return delivery


def main(url: str, port: int, now: str, when: str = "before", worker: str = "child") -> None:
    clock = ManualClock(datetime.fromisoformat(now))
    dd = bootstrap(Settings(url, "x", Path(tempfile.gettempdir())), clock=clock)
    smtp = SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, sender=SENDER))
    transport = SaysEachAccepted(smtp) if when == "run" else HangsOnSecond(smtp, when == "after")
    Dispatcher(dd, transport, None, worker, batch_size=3 if when == "run" else 10).run_once(clock.now())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:6])
