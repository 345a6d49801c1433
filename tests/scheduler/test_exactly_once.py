"""No reminder twice and none lost: racing sweeps, a second process, a process killed mid-sweep."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from service.db import read_only
from service.eventlog.tables import events
from service.scheduler.sweep import sweep
from tests.scheduler.conftest import bulk_tasks, key_counts, local

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = date(2022, 6, 16)
NOW = local("2022-06-16 09:00")  # remind_7/3/1 skipped, due_today sent: 4 keys a task


class Worker:
    """A scheduler process (tests/scheduler/worker.py) that answers one line per command."""

    def __init__(self, engine, now=NOW):
        url = engine.url.render_as_string(hide_password=False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.scheduler.worker", url, now.isoformat()],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.read() == "ready"

    def send(self, cmd: str) -> None:
        self.proc.stdin.write(cmd + "\n")
        self.proc.stdin.flush()

    def ask(self, cmd: str) -> str:
        self.send(cmd)
        return self.read()

    def read(self) -> str:
        line = self.proc.stdout.readline().strip()
        assert line, f"worker ended (status {self.proc.poll()})"
        return line

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send("exit")
            self.proc.wait(timeout=30)


def scheduler_events(dd) -> int:
    # read-only: on SQLite a plain connection would queue behind the worker's writes
    with read_only(dd.engine) as conn:
        return conn.execute(select(func.count()).select_from(events).where(
            events.c.type.in_(("ReminderSent", "ReminderSkipped")))).scalar()


def test_two_sweeps_racing_record_each_key_once(dd, clock):
    bulk_tasks(dd, 120, DEADLINE)
    clock.set(NOW)
    start = threading.Barrier(3)
    reports = []

    def run():
        start.wait()
        reports.append(sweep(dd, NOW, batch_size=10))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = key_counts(dd)
    assert len(counts) == 120 * 4 and set(counts.values()) == {1}
    assert sum(r.events for r in reports) == 120 * 4
    assert not any(r.failed for r in reports)


def test_a_sweep_killed_midway_loses_nothing_and_doubles_nothing(dd, engine):
    n = 600
    bulk_tasks(dd, n, DEADLINE)
    worker = Worker(engine)
    worker.send("slow-sweep")
    assert worker.read() == "started"
    deadline = time.monotonic() + 120
    while scheduler_events(dd) < 40:  # wait until it is well into the sweep
        assert time.monotonic() < deadline, "the worker made no progress"
        time.sleep(0.005)
    worker.kill()
    done = scheduler_events(dd)
    assert 0 < done < n * 4, "the kill came too late to test anything"
    report = sweep(dd, NOW)
    counts = key_counts(dd)
    assert len(counts) == n * 4 and set(counts.values()) == {1}
    assert report.events == n * 4 - done


@pytest.mark.postgres
def test_two_scheduler_processes_one_leads_none_doubles(dd, engine, backend):
    if backend != "postgresql":
        pytest.skip("leadership between processes is PostgreSQL's (SQLite is one process)")
    bulk_tasks(dd, 100, DEADLINE)
    a, b = Worker(engine), Worker(engine)
    try:
        assert a.ask("tick") == f"leader {100 * 4}"
        assert b.ask("tick") == "follower"
        assert a.ask("tick") == "leader 0"
        # both sweep at once, leadership or not: still each key once
        bulk_tasks(dd, 100, DEADLINE, plan_id="more")
        a.send("sweep"), b.send("sweep")
        swept = [a.read(), b.read()]
        assert sum(int(s.split()[1]) for s in swept) == 100 * 4
        counts = key_counts(dd)
        assert len(counts) == 200 * 4 and set(counts.values()) == {1}
        # the leader dies: its connection closes, the follower takes over
        a.kill()
        until = time.monotonic() + 30
        while (answer := b.ask("tick")) == "follower":
            assert time.monotonic() < until, "the follower never took over"
            time.sleep(0.05)
        assert answer == "leader 0"
    finally:
        for w in (a, b):
            w.close()


def test_a_sweep_that_loses_the_race_reloads_and_adds_nothing(dd, clock, backend, monkeypatch):
    if backend != "postgresql":
        pytest.skip("SQLite writers queue from their first read: no race to lose")
    import service.scheduler.sweep as sweep_module

    bulk_tasks(dd, 3, DEADLINE)
    real, other = sweep_module.decide, []

    def decide_after_another_sweep(task, now, calendar, policy, *notice):
        if not other:  # between our read and our append, another scheduler sweeps
            racer = threading.Thread(target=lambda: other.append(sweep(dd, now)))
            other.append(None)
            racer.start(), racer.join()
        return real(task, now, calendar, policy, *notice)

    monkeypatch.setattr(sweep_module, "decide", decide_after_another_sweep)
    report = sweep(dd, NOW)
    assert other[1].events == 3 * 4
    assert report.events == 0 and report.conflicts == 1 and not report.failed
    assert set(key_counts(dd).values()) == {1} and len(key_counts(dd)) == 3 * 4
