"""Command round trips beside pyeventsourcing's SQLite recorder, in one run, on SQLite.

- dondoc, the log path: load a stream of 20 events, decide from all of it, append one event at
  the version read (the expected-version check, the keyed hash chain), commit;
- dondoc, through the bus: a comment on a task of 20 events (service.bus: the permission check,
  the task's fold, every read model, the outbox reactor), commit;
- pyeventsourcing (``eventsourcing``, a benchmark extra: pip install -e '.[bench]'): an Aggregate
  of 20 events retrieved from its SQLite recorder (PERSISTENCE_MODULE=eventsourcing.sqlite),
  one event triggered, saved.

Both SQLite databases are files in one temporary folder, in WAL mode, synchronous=NORMAL (dondoc's
setting, given to the peer's connections too, so a commit costs the same on both sides). The
three are run in turns, ROUNDS times, and each figure is the median round: a machine shared with
other work slows all three alike. The aims (issue 14): log path >= 2x the peer, bus >= 1.5x.
DONDOC_BENCH_PEER_COMMANDS sets the commands per round (default 500).
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from service.clock import SystemClock
from service.eventlog.store import EventStore, NewStream
from tests.benchmarks.bench_eventlog import META, NOW, log_round_trip, task_command
from tests.benchmarks.databases import sqlite_engine
from tests.conftest import LOG_KEY
from tests.service.sample_events import SampleCounted

ROUNDS, STREAMS, HISTORY = 5, 100, 20


@dataclass
class Figure:
    name: str
    rates: list[float]
    cpu: list[float]  # ms of this process's CPU per command

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)

    def __str__(self) -> str:
        return (f"{self.name}: {self.rate:,.0f}/s (median of {len(self.rates)} rounds; "
                f"{statistics.median(self.cpu):.2f} ms CPU each)")


def timed(figure: Figure, n: int, one: Callable[[int], None]) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(n):
        one(i)
    figure.rates.append(n / (time.perf_counter() - t0))
    figure.cpu.append(1000 * (time.process_time() - c0) / n)


# -- dondoc ------------------------------------------------------------------------------------

def dondoc_log_path(engine):
    with engine.begin() as conn:
        EventStore(conn, LOG_KEY).append_batch(
            [NewStream(f"rt-{s}", 0, [SampleCounted(1)] * HISTORY) for s in range(STREAMS)],
            META, NOW)
    clock = SystemClock()

    def one(i: int) -> None:
        log_round_trip(engine, (), clock, f"rt-{i % STREAMS}")
    return one


def dondoc_bus(engine, folder: Path):
    return task_command(engine, folder, STREAMS, HISTORY)


# -- pyeventsourcing ---------------------------------------------------------------------------

def peer(folder: Path):
    import eventsourcing.sqlite as es_sqlite
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event

    class SameDurability(es_sqlite.SQLiteConnectionPool):
        def _create_connection(self):
            connection = super()._create_connection()
            connection._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
            return connection

    es_sqlite.SQLiteConnectionPool = SameDurability  # before the application builds its pool

    class Counter(Aggregate):
        @event("Created")
        def __init__(self):
            self.total = 0

        @event("Counted")
        def count(self, by: int):
            self.total += by

    app = Application(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                           "SQLITE_DBNAME": str(folder / "peer.sqlite3")})
    ids = []
    for _ in range(STREAMS):
        counter = Counter()
        for _ in range(HISTORY - 1):  # with "Created": 20 events
            counter.count(1)
        app.save(counter)
        ids.append(counter.id)

    def one(i: int) -> None:
        counter = app.repository.get(ids[i % STREAMS])
        counter.count(1 if counter.total % 2 else 2)  # decided from the whole history
        app.save(counter)
    return one


def main():
    try:
        import eventsourcing  # noqa: F401
    except ImportError:
        raise SystemExit("the peer is a benchmark extra: pip install -e '.[bench]'") from None
    n = int(os.environ.get("DONDOC_BENCH_PEER_COMMANDS", 500))
    print(f"load average {os.getloadavg()[0]:.2f}; {n} commands per round, {ROUNDS} rounds, "
          f"{STREAMS} streams of {HISTORY} events", flush=True)
    with tempfile.TemporaryDirectory() as d, sqlite_engine() as log_engine, \
            sqlite_engine() as bus_engine:
        folder = Path(d)
        runs = [(Figure("sqlite dondoc, log path", [], []), dondoc_log_path(log_engine)),
                (Figure("sqlite dondoc, task command through the bus", [], []),
                 dondoc_bus(bus_engine, folder)),
                (Figure("sqlite pyeventsourcing, SQLite recorder", [], []), peer(folder))]
        for _ in range(ROUNDS):
            for figure, one in runs:
                timed(figure, n, one)
    (log, bus, other) = (f for f, _ in runs)
    for figure in (log, bus, other):
        print(figure)
    cpu = {f.name: statistics.median(f.cpu) for f in (log, bus, other)}
    for figure, aim in ((log, "2x"), (bus, "1.5x")):
        print(f"{figure.name} / pyeventsourcing: {figure.rate / other.rate:.2f}x by commands/s, "
              f"{cpu[other.name] / cpu[figure.name]:.2f}x by CPU per command (aim >= {aim})",
              flush=True)


if __name__ == "__main__":
    main()
