"""A dispatcher in a process of its own that sends one message and then hangs on the next,
so that a test can SIGKILL it mid-batch: python -m tests.outbox.child_dispatcher URL PORT ISO
[before|after]. ``before``: it hangs before the second message goes; ``after``: once the relay
has accepted the second message, before its outcome is written (the message in flight)."""
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


def main(url: str, port: int, now: str, when: str = "before") -> None:
    clock = ManualClock(datetime.fromisoformat(now))
    dd = bootstrap(Settings(url, "x", Path(tempfile.gettempdir())), clock=clock)
    smtp = SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, sender=SENDER))
    Dispatcher(dd, HangsOnSecond(smtp, when == "after"), None, "child",
               batch_size=10).run_once(clock.now())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:5])
