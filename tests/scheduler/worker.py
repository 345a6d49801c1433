"""A scheduler process for the tests, driven line by line on stdin so that tests wait on what
it says rather than on the clock:

    python -m tests.scheduler.worker DATABASE_URL NOW_ISO

``tick``: lead if possible and sweep when leading (prints ``leader N`` or ``follower``);
``sweep``: sweep whatever the leadership (prints ``swept N``); ``slow-sweep``: sweep one task
per transaction (prints ``started`` first, for the tests that kill it mid-way); ``exit``.
"""
from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path

from service.bootstrap import bootstrap
from service.clock import ManualClock
from service.config import Settings
from service.scheduler.leadership import leadership_for
from service.scheduler.sweep import sweep


def main(url: str, now: str) -> None:
    settings = Settings(database_url=url, secret_key="test", instance_path=Path(tempfile.gettempdir()))
    dd = bootstrap(settings, clock=ManualClock(datetime.fromisoformat(now)))
    lead = leadership_for(dd)
    say("ready")
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "tick":
            say(f"leader {sweep(dd).events}" if lead.acquire() else "follower")
        elif cmd == "sweep":
            say(f"swept {sweep(dd).events}")
        elif cmd == "slow-sweep":
            say("started")
            say(f"swept {sweep(dd, batch_size=1).events}")
        elif cmd == "exit":
            break
    lead.release()


def say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
