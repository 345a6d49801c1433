"""Event log figures: appends per second (one per transaction, batches of 100), command round
trips per second (load a 20-event stream, decide, append, project, commit), rebuild speed.

DONDOC_BENCH_REBUILD_EVENTS sets the log size for the rebuild (default 1,000,000).
"""
from __future__ import annotations

import os
import time
from datetime import datetime, timezone

from datetime import date
from pathlib import Path

from service.bootstrap import bootstrap
from service.clock import SystemClock
from service.config import Settings
from service.projections.registry import all_projections
from workflows.commands import CommentOnTask
from workflows.permissions import Actor
from workflows.task_events import (CommentAdded, DutyRole, ResultSubmitted, SubmissionAccepted,
                                   TaskCreated, TaskKind, TaskStarted)
from service.eventlog.store import EventStore, Meta, NewStream
from service.projections.rebuild import rebuild
from service.uow import UnitOfWork
from tests.benchmarks.databases import backends
from tests.service.sample_events import CounterProjection, SampleCounted, test_metadata
from tests.conftest import LOG_KEY

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)
META = Meta(actor="bench", request_id="bench")


def rate(n, seconds):
    return f"{n / seconds:,.0f}/s ({n:,} in {seconds:.2f}s)"


def single_appends(engine, n=2000):
    t0 = time.perf_counter()
    for i in range(n):
        with engine.begin() as conn:
            EventStore(conn, LOG_KEY).append(f"single-{i}", 0, [SampleCounted(i)], META, NOW)
    return rate(n, time.perf_counter() - t0)


def batch_appends(engine, batches=200, size=100):
    t0 = time.perf_counter()
    for b in range(batches):
        with engine.begin() as conn:
            EventStore(conn, LOG_KEY).append(f"batch-{b}", 0, [SampleCounted(i) for i in range(size)], META, NOW)
    return rate(batches * size, time.perf_counter() - t0)


def round_trips(engine, n=2000, streams=100):
    projections = [CounterProjection()]
    clock = SystemClock()
    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append_batch(
            [NewStream(f"rt-{s}", 0, [SampleCounted(1)] * 20) for s in range(streams)], META, NOW)
    t0 = time.perf_counter()
    for i in range(n):
        log_round_trip(engine, projections, clock, f"rt-{i % streams}")
    return rate(n, time.perf_counter() - t0)


def log_round_trip(engine, projections, clock, stream: str) -> None:
    """One command on the bare log path: load the stream, decide from its whole history,
    append, project, commit (the eventlog, peer and writers benchmarks time this)."""
    with UnitOfWork(engine, projections, clock, META, key=LOG_KEY) as uow:
        history = uow.events.read_stream(stream)
        total = sum(e.event.by for e in history)
        uow.append(stream, history[-1].version, [SampleCounted(1 if total % 2 else 2)])
        uow.commit()


def task_history(i: int, per_stream: int) -> list:
    """A task's life: created, started, commented on, submitted, accepted."""
    created = TaskCreated(f"t{i}", f"p{i % 50}", f"p{i % 50}:a0:d{i % 7}", "Báo cáo kết quả thực hiện",
                          f"ag{i % 300}", DutyRole.LEAD, TaskKind.REPORT, date(2024, 6, 18), "2024-H1",
                          "6 tháng đầu năm 2024")
    middle = [TaskStarted()] + [CommentAdded("Đang tổng hợp số liệu")] * (per_stream - 4)
    return [created, *middle, ResultSubmitted("Đã hoàn thành", NOW), SubmissionAccepted(NOW)]


def rebuild_speed(engine, n):
    """A log of task streams (20 events each) replayed into every read model dondoc keeps."""
    per_stream, chunk = 20, 10_000
    t0 = time.perf_counter()
    done = 0
    while done < n:
        size = min(chunk, n - done)
        streams = [NewStream(f"task-t{(done + j) // per_stream}", 0, task_history((done + j) // per_stream, per_stream))
                   for j in range(0, size, per_stream)]
        with engine.begin() as conn:
            EventStore(conn, LOG_KEY).append_batch(streams, META, NOW)
        done += size
    fill = time.perf_counter() - t0
    with engine.connect() as conn:
        total = EventStore(conn).last_position()
    t0 = time.perf_counter()
    report = rebuild(engine, all_projections(), page=10_000)
    took = time.perf_counter() - t0
    return f"{rate(report.events, took)} (log of {total:,} task events, filled in {fill:.0f}s)"


def task_round_trips(engine, n=2000, streams=100):
    """Through the bus: load a task of 20 events, check the actor, decide, append, update every
    read model, commit."""
    one = task_command(engine, Path("."), streams, 20)
    t0 = time.perf_counter()
    for i in range(n):
        one(i)
    return rate(n, time.perf_counter() - t0)


def task_command(engine, folder: Path, streams: int, history: int):
    """``streams`` tasks of ``history`` events, appended and projected (their read models
    rebuilt), and a command on one of them through the bus: a comment by an administrator."""
    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append_batch(
            [NewStream(f"task-t{i}", 0, task_history(i, history + 2)[:-2]) for i in range(streams)],
            META, NOW)
    dd = bootstrap(Settings(str(engine.url), "", folder), engine=engine)
    rebuild(engine, dd.projections)  # the read models of the seeded tasks
    admin = Actor("bench", "administrator")

    def one(i: int) -> None:
        dd.bus.handle(CommentOnTask(f"t{i % streams}", text="Đôn đốc"), admin)
    return one


def main():
    n_rebuild = int(os.environ.get("DONDOC_BENCH_REBUILD_EVENTS", "1000000"))
    for name, make in backends():
        with make() as engine:
            test_metadata.create_all(engine)
            print(f"{name:10s} append, 1 event per transaction: {single_appends(engine)}", flush=True)
            print(f"{name:10s} append, batches of 100:          {batch_appends(engine)}", flush=True)
            print(f"{name:10s} command round trips:             {round_trips(engine)}", flush=True)
            print(f"{name:10s} task commands through the bus:   {task_round_trips(engine)}", flush=True)
        with make() as engine:
            test_metadata.create_all(engine)
            print(f"{name:10s} rebuild:                         {rebuild_speed(engine, n_rebuild)}", flush=True)
