"""GET /api/v1/tasks?limit=20 as a coordinator of every plan, under gunicorn (2 sync workers)
and wrk (-t2 -c16), beside a bare Flask app returning 20 items in the same run: the ratio of
their requests per second is the figure (issue 14 aims at >= 0.5x at 100,000 tasks, and the
1,000,000 figure within 1.5x of the 100,000 one). On a machine shared with other work the two
runs get different shares of it, so the servers' CPU a request is printed too: its ratio is what
the requests per second would be with the machine to themselves. The bare app runs before and
after each of dondoc's runs, and the ratios are to the mean of the two around it (the machine's
share drifts over minutes).

DONDOC_BENCH_TASKLIST_TASKS: the task counts, comma separated (default 100000; 1000000 takes
minutes to fill). DONDOC_BENCH_TASKLIST_SECONDS: wrk's duration (default 10).
DONDOC_BENCH_TASKLIST_ROUNDS: dondoc's runs on each filled database (default 1), each between
two of the bare app's; with more than one the ratios and their median are printed (runs of the
same code differ by up to 8 %: one run cannot tell 0.49x from 0.51x). Needs wrk.

After dondoc's runs on a database, the page's own statements run alone in a Flask app of their
own (statement_app: no token, no rule, no paging) between two runs of the bare app: its ratio
is the floor the database's round trip and rows set on this machine, whatever dondoc does. On
the 2-core Intel machine of 2026-11-30: PostgreSQL 0.54x, SQLite 0.62-0.65x, dondoc 0.40x on
both (tests/benchmarks/HISTORY.md); on the slower AMD EPYC of the session after: PostgreSQL
0.62-0.67x, SQLite 0.70-0.72x, dondoc 0.435x and 0.447x (README).
"""
from __future__ import annotations

import os
import pickle
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timezone

from sqlalchemy import event

from service.api.present import TASK_COLUMNS
from service.app import create_app
from service.auth.actors import actor_for_token
from service.auth.credentials import issue_token
from service.clock import ManualClock, SystemClock
from service.queries.tasks import TaskFilters, list_tasks
from service.request_reading import RequestReading
from tests.benchmarks import serving
from tests.benchmarks.databases import backends
from tests.service.synthetic_tasks import fill
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import Actor

NOW = datetime(2024, 6, 20, 3, tzinfo=timezone.utc)
COUNTS = [int(n) for n in os.environ.get("DONDOC_BENCH_TASKLIST_TASKS", "100000").split(",")]
SECONDS = int(os.environ.get("DONDOC_BENCH_TASKLIST_SECONDS", "10"))
ROUNDS = max(1, int(os.environ.get("DONDOC_BENCH_TASKLIST_ROUNDS", "1")))
WORKERS, N_PLANS = 2, 20


def coordinator_token(engine, instance: str) -> str:
    app = create_app({"ENGINE": engine, "CLOCK": ManualClock(NOW), "INSTANCE_PATH": instance})
    dd = app.extensions["dondoc"]
    pid = dd.bus.handle(c.AddPerson(Profile("coord", "Điều phối", "coordinator",
                                            plan_ids=tuple(f"plan-{p}" for p in range(N_PLANS)))),
                        Actor("bench", "administrator"))
    with engine.begin() as conn:
        return issue_token(conn, pid, NOW)


def bare() -> tuple[float, float]:
    port = serving.free_port()
    proc = serving.start_gunicorn("tests.benchmarks.bare_app:app", port, WORKERS, ready_path="/tasks")
    try:
        rps, latency, cpu = measured(proc, f"http://127.0.0.1:{port}/tasks", {})
    finally:
        serving.stop(proc)
    print(f"bare Flask, 20 items:            {rps:8,.0f} req/s, mean {latency}, {cpu:.2f} ms of the "
          f"server's CPU a request", flush=True)
    return rps, cpu


def measured(proc, url: str, headers: dict) -> tuple[float, str, float]:
    """wrk's requests/s and mean latency, and the server's CPU a request took (ms): the ratio
    of the last between two servers is what their requests/s would be on a machine of their own."""
    before = serving.server_cpu(proc)
    rps, latency, count = serving.wrk_counted(url, headers, SECONDS)
    return rps, latency, 1000 * (serving.server_cpu(proc) - before) / max(count, 1)


def around(before: tuple, after: tuple) -> tuple[float, float]:
    """The bare app's requests/s and CPU a request (ms), the mean of its runs before and after
    a run of another app: the machine's share drifts over minutes."""
    return tuple((b + a) / 2 for b, a in zip(before, after))


def dondoc(name: str, engine, n: int, token: str, instance: str, bare_figures: tuple) -> tuple:
    port = serving.free_port()
    url = engine.url.render_as_string(hide_password=False)
    spec = f"service.app:create_app({{'INSTANCE_PATH': '{instance}'}})"
    proc = serving.start_gunicorn(spec, port, WORKERS, env={"DONDOC_DATABASE_URL": url,
                                                             "DONDOC_SECRET_KEY": "bench-secret"},
                                  ready_path="/health")
    try:
        auth = {"Authorization": f"Bearer {token}"}
        base = f"http://127.0.0.1:{port}/api/v1/tasks?limit=20"
        first = serving.requests.get(base, headers=auth, timeout=60)
        assert first.status_code == 200 and len(first.json()["items"]) == 20, first.text[:300]
        t0 = time.perf_counter()
        for _ in range(20):
            serving.requests.get(base, headers=auth, timeout=60)
        alone = (time.perf_counter() - t0) / 20
        rps, latency, cpu = measured(proc, base, auth)
    finally:
        serving.stop(proc)
    print(f"{name:10s} {n:>9,} tasks, coordinator: {rps:8,.0f} req/s, mean {latency}, one request alone "
          f"{alone * 1000:.1f} ms, {cpu:.2f} ms of the server's CPU a request (load {os.getloadavg()[0]:.1f})",
          flush=True)
    after = bare()
    bare_rps, bare_cpu = around(bare_figures, after)
    print(f"{name:10s} {n:>9,} tasks: {rps / bare_rps:.3f}x the bare endpoint by requests/s, {bare_cpu / cpu:.3f}x "
          f"by CPU a request (the bare app's runs before and after: {bare_rps:,.0f} req/s, {bare_cpu:.2f} ms)",
          flush=True)
    return rps, rps / bare_rps, after


def page_statements(engine, token: str) -> tuple[list, list]:
    """The statements (driver SQL and parameters) dondoc's page runs for the coordinator, now,
    seen by an engine listener while the page is read as the API reads it; and the names of
    the page's columns."""
    seen = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))
    with RequestReading(engine) as conn:
        actor = actor_for_token(conn, token)
        event.listen(engine, "before_cursor_execute", capture)
        try:
            page = list_tasks(conn, actor, TaskFilters(), SystemClock().now(), 20, None, TASK_COLUMNS)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
    return seen, list(page.items[0]._fields)


def statement_alone(name: str, engine, n: int, token: str, instance: str, bare_figures: tuple,
                    dondoc_rps: float) -> tuple:
    """The page's statements alone, in a Flask app of their own (statement_app): the floor any
    app answering this page from this database stands on, on this machine."""
    path = os.path.join(instance, "statement.pickle")
    with open(path, "wb") as f:
        pickle.dump((engine.url.render_as_string(hide_password=False), *page_statements(engine, token)), f)
    port = serving.free_port()
    proc = serving.start_gunicorn("tests.benchmarks.statement_app:app", port, WORKERS,
                                  env={"DONDOC_BENCH_STATEMENT": path}, ready_path="/tasks")
    try:
        rps, latency, cpu = measured(proc, f"http://127.0.0.1:{port}/tasks", {})
    finally:
        serving.stop(proc)
    after = bare()
    bare_rps, _ = around(bare_figures, after)
    print(f"{name:10s} {n:>9,} tasks, the page's statement alone: {rps:8,.0f} req/s, mean {latency}, {cpu:.2f} ms "
          f"of the server's CPU a request: {rps / bare_rps:.3f}x the bare endpoint; dondoc's median "
          f"{dondoc_rps / rps:.3f}x of it", flush=True)
    return after


def main():
    if not serving.have_wrk():
        raise SystemExit("bench_tasklist needs wrk (apt-get install wrk)")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(), flush=True)
    bare_figures = bare()  # then again after each of dondoc's runs
    for name, make in backends():
        first = None
        for n in COUNTS:
            with make() as engine, tempfile.TemporaryDirectory() as d:
                t0 = time.perf_counter()
                fill(engine, n, n_plans=N_PLANS, now=NOW)
                with engine.begin() as conn:
                    conn.exec_driver_sql("ANALYZE")
                token = coordinator_token(engine, d)
                print(f"{name:10s} {n:>9,} tasks filled in {time.perf_counter() - t0:.0f}s", flush=True)
                runs = []
                for _ in range(ROUNDS):
                    rps, ratio, bare_figures = dondoc(name, engine, n, token, d, bare_figures)
                    runs.append((rps, ratio))
                rps = statistics.median(r for r, _ in runs)
                if ROUNDS > 1:
                    ratios = ", ".join(f"{r:.3f}x" for _, r in runs)
                    print(f"{name:10s} {n:>9,} tasks, {ROUNDS} runs: {ratios}; median "
                          f"{statistics.median(r for _, r in runs):.3f}x, median {rps:,.0f} req/s", flush=True)
                bare_figures = statement_alone(name, engine, n, token, d, bare_figures, rps)
                if first is None:
                    first = rps
                else:
                    print(f"{name:10s} {n:,} tasks at {first / rps:.2f}x the time of {COUNTS[0]:,}", flush=True)
