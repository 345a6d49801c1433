"""Concurrent writers on PostgreSQL (issue 14): commands per second with 1 and with 8 writers,
each a process of its own on streams no other writer touches, for a fixed time, while a sealer
seals the log every second as the scheduler does.

- append: one event per transaction, nothing read or projected;
- log path: load a 20-event stream, decide, append, project, commit (UnitOfWork);
- bus path: a task command (CommentOnTask) through service.bus: actor check, every read model.

Printed beside the load average (the server is shared) and PostgreSQL's synchronous_commit,
which stays on, with the share of samples of the writers' backends (pg_stat_activity, every
0.1 s) found waiting on a lock: on a loaded machine the commands/s say how much CPU the run
got, the lock waits say whether the writers queue behind each other. Beside them, the CPU a
command costs, whatever the load: the writers' own (client), their PostgreSQL backends'
(server, from /proc/<pid>/stat) and the sealer's (its process and backend). On 2 cores,
1,000 commands/s leaves 2 ms of CPU a command for all of it. DONDOC_BENCH_WRITERS_SECONDS sets
each run's length (default 10), DONDOC_BENCH_WRITERS_PATHS the paths run (default
append,log,bus). The same file runs against an older checkout (no sealer there: it is
skipped) for a before figure.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import time
import uuid
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import text

from service.db import make_engine
from service.eventlog.store import EventStore, Meta, NewStream
from tests.benchmarks.bench_eventlog import task_history
from tests.benchmarks.databases import PG, postgres_engine
from tests.conftest import LOG_KEY
from tests.service.sample_events import CounterProjection, SampleCounted, test_metadata

try:
    from service.eventlog.sealer import seal_log
except ImportError:  # a checkout from before the sealer: appends chain themselves
    seal_log = None

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)
META = Meta(actor="bench", request_id="bench")
STREAMS_PER_WRITER = 20


def _append_command(engine, w: int):
    def run(i: int) -> None:
        with engine.begin() as conn:
            EventStore(conn, LOG_KEY).append(f"a{w}", i, [SampleCounted(i)], META, NOW)
    return run


def _log_command(engine, w: int):
    from service.clock import SystemClock
    from service.uow import UnitOfWork

    projections, clock = [CounterProjection()], SystemClock()

    def run(i: int) -> None:
        stream = f"w{w}-{i % STREAMS_PER_WRITER}"
        with UnitOfWork(engine, projections, clock, META, key=LOG_KEY) as uow:
            history = uow.events.read_stream(stream)
            total = sum(e.event.by for e in history)  # decide from the whole history
            uow.append(stream, history[-1].version, [SampleCounted(1 if total % 2 else 2)])
            uow.commit()
    return run


def _bus_command(engine, w: int):
    from service.bootstrap import bootstrap
    from service.config import Settings
    from workflows.commands import CommentOnTask
    from workflows.permissions import Actor

    dd, admin = bootstrap(Settings("", "", Path(".")), engine=engine), Actor("bench", "administrator")

    def run(i: int) -> None:
        dd.bus.handle(CommentOnTask(f"t{w * STREAMS_PER_WRITER + i % STREAMS_PER_WRITER}",
                                    text="Đôn đốc"), admin)
    return run


def _writer(url: str, path: str, w: int, start, seconds: float, out, measured) -> None:
    engine = make_engine(url)
    run = {"append": _append_command, "log": _log_command, "bus": _bus_command}[path](engine, w)
    run(0)  # warm up: connect, build statements
    start.wait()
    n, cpu, deadline = 1, time.process_time(), time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        run(n)
        n += 1
    out.put((n - 1, time.process_time() - cpu))
    measured.wait(60)  # the backend's CPU is read before it ends
    engine.dispose()


def _seed(engine, writers: int) -> None:
    """Streams of 20 events for each writer, and tasks of 18 (through every read model)."""
    from service.bootstrap import bootstrap
    from service.config import Settings

    test_metadata.create_all(engine)
    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append_batch(
            [NewStream(f"w{w}-{s}", 0, [SampleCounted(1)] * 20)
             for w in range(writers) for s in range(STREAMS_PER_WRITER)], META, NOW)
    dd = bootstrap(Settings("", "", Path(".")), engine=engine)
    with dd.uow(META) as uow:
        uow.append_batch([NewStream(f"task-t{i}", 0, task_history(i, 20)[:-2])
                          for i in range(writers * STREAMS_PER_WRITER)])
        uow.commit()
    if seal_log is not None:
        seal_log(engine, LOG_KEY, final=True)


def measure(path: str, writers: int, seconds: float) -> str:
    ctx = mp.get_context("spawn")
    with postgres_engine() as engine:
        _seed(engine, 8)
        name = f"dondoc-writer-{uuid.uuid4().hex[:8]}"
        url = engine.url.render_as_string(hide_password=False) + f"&application_name={name}"
        sealer = make_engine(url + "-sealer", pool_size=1)
        start, out, measured = ctx.Event(), ctx.Queue(), ctx.Event()
        procs = [ctx.Process(target=_writer, args=(url, path, w, start, seconds, out, measured))
                 for w in range(writers)]
        for p in procs:
            p.start()
        time.sleep(3 + writers)  # the writers connect and warm up
        if seal_log is not None:
            seal_log(sealer, LOG_KEY)  # the sealer's backend is there before the count starts
        load, sealed, waits, sealing = os.getloadavg()[0], 0, Counter(), 0.0
        server = _backend_cpu(engine, name)
        start.set()
        t0 = last_seal = time.perf_counter()
        while out.qsize() < len(procs) and time.perf_counter() - t0 < seconds + 60:
            if seal_log is not None and time.perf_counter() - last_seal >= 1:
                cpu = time.process_time()
                sealed += seal_log(sealer, LOG_KEY)  # as the scheduler's job, every second
                sealing += time.process_time() - cpu
                last_seal = time.perf_counter()
            if time.perf_counter() - t0 < seconds:
                waits.update(_waiting(engine, name))
            time.sleep(0.1)
        results = [out.get(timeout=60) for _ in procs]
        server = {k: v - server.get(k, 0.0) for k, v in _backend_cpu(engine, name).items()}
        measured.set()
        for p in procs:
            p.join(10)
        backlog = _unsealed(engine) if seal_log else 0
        sealer.dispose()
    done, client = sum(n for n, _ in results), sum(c for _, c in results)
    backends = sum(v for k, v in server.items() if not k.endswith("-sealer"))
    sealing += server.get(f"{name}-sealer", 0.0)
    tail = f", sealed meanwhile {sealed:,}, unsealed after {backlog:,}" if seal_log else ""
    locked = 100 * waits["Lock"] / max(1, sum(waits.values()))
    ms = 1000 / max(1, done)
    return (f"{done / seconds:8,.0f} commands/s ({done:,} in {seconds:.0f}s; load {load:.1f}; "
            f"CPU a command: client {client * ms:.2f} ms, server {backends * ms:.2f} ms, "
            f"sealer {sealing * ms:.2f} ms, in all {(client + backends + sealing) * ms:.2f} ms; "
            f"writers waiting on a lock in {locked:.0f}% of samples{tail})")


def _backend_cpu(engine, name: str) -> dict[str, float]:
    """CPU seconds used so far by the backends of the run's writers (and of its sealer),
    summed by application name. A backend that ended meanwhile is not counted."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT pid, application_name FROM pg_stat_activity WHERE application_name LIKE :n"),
            {"n": f"{name}%"}).all()
    tick, used = os.sysconf("SC_CLK_TCK"), Counter()
    for pid, app in rows:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # PostgreSQL on another machine, or the backend ended
            continue
        used[app] += (int(fields[11]) + int(fields[12])) / tick
    return used


def _waiting(engine, name: str) -> list[str]:
    """What each writer's backend is doing now: 'Lock' when it waits for another's lock."""
    with engine.connect() as conn:
        return [w or "running" for w in conn.execute(text(
            "SELECT wait_event_type FROM pg_stat_activity WHERE application_name = :n"),
            {"n": name}).scalars()]


def _unsealed(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM events WHERE seq IS NULL")).scalar()


def main():
    if not PG:
        print("PostgreSQL only: set DONDOC_TEST_POSTGRES_URL")
        return
    seconds = float(os.environ.get("DONDOC_BENCH_WRITERS_SECONDS", "10"))
    with make_engine(PG).connect() as conn:
        print(f"synchronous_commit = {conn.execute(text('SHOW synchronous_commit')).scalar()}, "
              f"{os.cpu_count()} cores", flush=True)
    paths = os.environ.get("DONDOC_BENCH_WRITERS_PATHS", "append,log,bus").split(",")
    for path, label in (("append", "append, 1 event per transaction"),
                        ("log", "log path (load 20, decide, append)"),
                        ("bus", "task command through the bus")):
        if path not in paths:
            continue
        for writers in (1, 8):
            print(f"postgresql {label}, {writers} writer(s): {measure(path, writers, seconds)}",
                  flush=True)
