"""A dispatcher in a process of its own that sends one message and then hangs on the next,
so that a test can SIGKILL it mid-batch: python -m tests.outbox.child_dispatcher URL PORT ISO."""
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


class HangsOnSecond:
    def __init__(self, inner):
        self.inner, self.sent = inner, 0

    def send(self, message):
        if self.sent == 1:
            time.sleep(600)  # killed here, with the rest of its batch claimed
        self.sent += 1
        return self.inner.send(message)


def main(url: str, port: int, now: str) -> None:
    clock = ManualClock(datetime.fromisoformat(now))
    dd = bootstrap(Settings(url, "x", Path(tempfile.gettempdir())), clock=clock)
    smtp = SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, sender="dondoc@example.vn"))
    Dispatcher(dd, HangsOnSecond(smtp), None, "child", batch_size=10).run_once(clock.now())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
