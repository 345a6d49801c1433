"""Scheduler figures: one sweep among 1,000,000 open tasks, with 100 and with 10,000 of them due.

The million tasks that are not due are written straight into ``task_schedule`` (bulk insert on
SQLite, COPY on PostgreSQL): they have no event streams, which the sweep never reads for tasks
that are not due. The due tasks are real: their TaskCreated events are appended through a unit
of work, so their schedule rows come from the projection. Each due task has four actions due
(three stale reminders skipped, ``due_today`` sent).

Each sweep is timed twice: with the reactors bootstrap gives (the outbox reactor queues the
messages in the same transaction) and without them (the scheduler's own share).

DONDOC_BENCH_SCHEDULE_TASKS sets the number of open tasks (default 1,000,000).
"""
from __future__ import annotations

import os
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import text

from service.bootstrap import bootstrap
from service.clock import ManualClock
from service.config import Settings
from service.scheduler.projection import task_schedule
from service.scheduler.sweep import due_page, sweep
from tests.benchmarks.databases import backends
from tests.scheduler.conftest import bulk_tasks

DEADLINE = date(2022, 6, 16)
NOW = datetime(2022, 6, 16, 2, 0, tzinfo=timezone.utc)  # 09:00 in Vietnam on the deadline
COLUMNS = ("task_id", "plan_id", "agency_id", "role", "state", "deadline", "closed", "handled",
           "next_action_at", "version")


def filler_rows(n: int):
    """Open tasks whose next action is in the months after NOW."""
    base = NOW + timedelta(days=1)
    for i in range(n):
        at = base + timedelta(minutes=i % 200_000)
        yield (f"open-{i:07d}", f"plan-{i % 50}", f"ag-{i % 300}", "lead", "open",
               DEADLINE + timedelta(days=30 + i % 150), False, "[]", at, 1)


def fill(engine, n: int) -> float:
    t0 = time.perf_counter()
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            cur = conn.connection.driver_connection.cursor()
            with cur.copy(f"COPY task_schedule ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in filler_rows(n):
                    copy.write_row(row)
            conn.execute(text("ANALYZE task_schedule"))
    else:
        chunk = []
        with engine.begin() as conn:
            for row in filler_rows(n):
                chunk.append(dict(zip(COLUMNS, row), handled=[]))
                if len(chunk) == 50_000:
                    conn.execute(task_schedule.insert(), chunk)
                    chunk = []
            if chunk:
                conn.execute(task_schedule.insert(), chunk)
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - t0


def timed_sweep(dd, due: int, label: str, reactors: bool) -> str:
    bulk_tasks(dd, due, DEADLINE, plan_id=f"{label}-{'r' if reactors else 'n'}")
    saved = dd.reactors
    dd.reactors = saved if reactors else []
    try:
        t0 = time.perf_counter()
        report = sweep(dd, NOW)
        took = time.perf_counter() - t0
    finally:
        dd.reactors = saved
    assert report.tasks == due and report.events == due * 4 and not report.failed, report
    what = "with outbox reactor" if reactors else "scheduler alone   "
    return (f"{due:>6,} due, {what}: {took * 1000:9.1f} ms "
            f"({took / due * 1000:.2f} ms a task, {report.events:,} events)")


def query_time(dd) -> str:
    t0 = time.perf_counter()
    for _ in range(20):
        due_page(dd.engine, NOW, None, 1000)
    return f"due-task query on an empty due set: {(time.perf_counter() - t0) / 20 * 1000:.2f} ms"


def main():
    n = int(os.environ.get("DONDOC_BENCH_SCHEDULE_TASKS", "1000000"))
    for name, make in backends():
        with make() as engine, tempfile.TemporaryDirectory() as d:
            dd = bootstrap(Settings(database_url=str(engine.url), secret_key="bench",
                                    instance_path=Path(d)), clock=ManualClock(NOW), engine=engine)
            print(f"{name:10s} {n:,} open tasks filled in {fill(engine, n):.1f}s", flush=True)
            print(f"{name:10s} {query_time(dd)}", flush=True)
            for due in (100, 10_000):
                for reactors in (True, False):
                    print(f"{name:10s} {timed_sweep(dd, due, f'due{due}', reactors)}", flush=True)
