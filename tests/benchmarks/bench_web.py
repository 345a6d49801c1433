"""The coordinator's dashboard with 100,000 tasks, served by gunicorn on 127.0.0.1: requests
per second and the 95th percentile latency of its first screen (what is overdue, whose, since
when; computed on every request, never cached) for all plans and for one plan, and of the
pages a click away (the classification, read from the counts the tasks projection keeps, and
the report grid, read from its covering index on SQLite: each counted once per change of the log in each
worker, so the first request of each worker pays for the count). gunicorn runs with the
product's settings (``service.gunicorn_conf``: each worker warmed up after the fork).

Before the pages, in one process and the same run: the first screen's per-agency overdue count
for the coordinator, read from the overdue totals and tally the tasks projection keeps, beside
the same count made from the tasks rows (as it was before the tally), each uncached.

The read model is filled directly (the dashboard reads only projections), its overdue tally
recounted from those rows by the projection's own rule; the coordinator is added through the bus. Each worker meets each page before it is measured (its first
request compiles templates and statements; the slowest of those is printed). A bounded number of requests (DONDOC_BENCH_WEB_REQUESTS, default 60 per
page) from DONDOC_BENCH_WEB_CLIENTS threads (default 4) against DONDOC_BENCH_WEB_WORKERS gunicorn
workers (default 4); the server is stopped afterwards.

Before the server, one request alone in one process (Flask's test client, signed in): the
process's CPU time of the first screen with its overdue count kept and with it counted anew.
DONDOC_BENCH_WEB_KEEP=DIR keeps the databases between runs (an SQLite file in DIR and a
PostgreSQL schema named after the number of tasks) and fills them only when they do not hold
the tasks yet: a million tasks take minutes to fill.
"""
from __future__ import annotations

import os
import random
import re
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import requests
from sqlalchemy import func, insert, select

from service.projections.agencies import agencies
from service.projections.overdue_tally import refill
from service.projections.plans import plans
from service.projections.tasks import tasks
from tests.benchmarks import serving
from tests.benchmarks.databases import PG, backends, kept_postgres, kept_sqlite
from workflows.localtime import local_date

N_TASKS_SPEC = os.environ.get("DONDOC_BENCH_WEB_TASKS", "100000")  # several: "100000,1000000"
N_TASKS = int(N_TASKS_SPEC.split(",")[0])
REQUESTS = int(os.environ.get("DONDOC_BENCH_WEB_REQUESTS", "60"))
CLIENTS = int(os.environ.get("DONDOC_BENCH_WEB_CLIENTS", "4"))
WORKERS = int(os.environ.get("DONDOC_BENCH_WEB_WORKERS", "4"))
KEEP = os.environ.get("DONDOC_BENCH_WEB_KEEP")
N_PLANS, N_AGENCIES = 10, 60
PASSWORD = "mat-khau-bench"
NOW = datetime.now(timezone.utc)


def seed(engine) -> None:
    rng = random.Random(7)
    with engine.begin() as conn:
        conn.execute(insert(agencies), [dict(agency_id=f"ag-{i}", name=f"Cơ quan số {i}", level="province",
                                             parent_id=None, aliases=[]) for i in range(N_AGENCIES)])
        conn.execute(insert(plans), [dict(plan_id=f"plan-{p}", number=f"{p}/KH-UBND", title=f"Kế hoạch {p}",
                                          status="active", filename=f"{p}.txt", source_sha256=f"{p:064d}",
                                          draft={}, imported_at=NOW, activated_at=NOW, task_count=N_TASKS // N_PLANS,
                                          version=2) for p in range(N_PLANS)])
    for start in range(0, N_TASKS, 5000):
        with engine.begin() as conn:
            conn.execute(insert(tasks), [_task(i, rng) for i in range(start, min(N_TASKS, start + 5000))])
    with engine.begin() as conn:
        refill(conn, tasks)
        conn.exec_driver_sql("ANALYZE")


def _task(i: int, rng) -> dict:
    deadline = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 900))
    kind = rng.choice(("one_off", "report", "report", "continuous"))
    state = rng.choice(("open", "in_progress", "submitted", "done", "done", "returned", "cancelled"))
    submitted = datetime.combine(deadline, datetime.min.time(), timezone.utc) + timedelta(days=rng.randrange(-20, 10))
    half = "H1" if deadline.month <= 6 else "H2"
    created_at = datetime(2023, 12, 1, tzinfo=timezone.utc)
    done_at = submitted if state == "done" else None
    cancelled_at = NOW - timedelta(days=3) if state == "cancelled" else None
    return dict(task_id=f"t-{i}", plan_id=f"plan-{i % N_PLANS}", duty_id=f"plan-{i % N_PLANS}:a{i % 40}:d0",
                duty_text=f"Nhiệm vụ số {i}", agency_id=f"ag-{rng.randrange(N_AGENCIES)}", role="lead", kind=kind,
                period_key=f"{deadline.year}-{half}" if kind == "report" else None,
                period_label=f"6 tháng {deadline.year} ({half})" if kind == "report" else None,
                cooperating=[], former_agencies=[], state=state, deadline=deadline, original_deadline=deadline,
                requested_deadline=None, created_at=created_at,
                submitted_at=submitted if state in ("submitted", "done") else None,
                done_at=done_at, accepted_at=None, cancelled_at=cancelled_at,
                overdue_since=None, created_on=local_date(created_at),
                done_on=done_at and local_date(done_at), cancelled_on=cancelled_at and local_date(cancelled_at),
                version=3)


def count_both_ways(engine) -> str:
    """The overdue count per agency from the tally and from the rows: medians of 15 each."""
    from service.projections.overdue_tally import overdue_tally
    from service.queries.overdue_board import overdue_by_agency
    from workflows.permissions import Actor

    coordinator = Actor("coord", "coordinator", plan_ids={f"plan-{p}" for p in range(N_PLANS)})
    today, times, answers = local_date(NOW), {}, {}
    with engine.connect() as conn:
        size = conn.execute(select(func.count()).select_from(overdue_tally)).scalar()
        for tally in (True, False, True, False):
            laps = []
            for _ in range(15):
                t0 = time.perf_counter()
                answers[tally] = overdue_by_agency(conn, coordinator, today, tally=tally)
                laps.append(time.perf_counter() - t0)
            times[tally] = sorted(laps)[len(laps) // 2]
    assert answers[True] == answers[False], "the tally and the rows disagree"
    overdue = sum(a.count for a in answers[True])
    return (f"overdue count per agency ({overdue:,} overdue; tally of {size:,} rows): totals less the tally's rows due "
            f"{times[True] * 1000:.1f} ms, "
            f"rows {times[False] * 1000:.1f} ms (median, one process, load {os.getloadavg()[0]:.1f})")


def add_coordinator(engine, instance: Path) -> None:
    from service.app import create_app
    from workflows import commands as c
    from workflows.people_events import Profile
    from workflows.permissions import Actor

    app = create_app({"ENGINE": engine, "INSTANCE_PATH": str(instance)})
    profile = Profile("coord", "Điều phối", "coordinator", plan_ids=tuple(f"plan-{p}" for p in range(N_PLANS)))
    app.extensions["dondoc"].bus.handle(c.AddPerson(profile, password=PASSWORD), Actor("bench", "administrator"))


def start_gunicorn(url: str, instance: Path, port: int):
    factory = f"service.app:create_app({{'INSTANCE_PATH': '{instance}'}})"
    return serving.start_gunicorn(factory, port, WORKERS, ready_path="/dang-nhap", config="python:service.gunicorn_conf",
                                  env={"DONDOC_DATABASE_URL": url, "DONDOC_SECRET_KEY": "bench-secret"})


def _sign_in_form(page: str) -> dict:
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return {"username": "coord", "password": PASSWORD, "csrf_token": token}


def signed_in_session(base: str) -> requests.Session:
    s = requests.Session()
    r = s.post(f"{base}/dang-nhap", data=_sign_in_form(s.get(f"{base}/dang-nhap").text), allow_redirects=False)
    assert r.status_code == 302, r.status_code
    return s


def alone(engine, instance: Path) -> str:
    """One request at a time in this process: CPU per first screen, the count kept and not."""
    from service.app import create_app
    from service.web import dashboard_cache

    client = create_app({"ENGINE": engine, "INSTANCE_PATH": str(instance)}).test_client()
    r = client.post("/dang-nhap", data=_sign_in_form(client.get("/dang-nhap").get_data(as_text=True)))
    assert r.status_code == 302, r.status_code
    figures = []
    for label, clear in (("count kept", False), ("counted", True)):
        laps = []
        for _ in range(21):
            if clear:
                dashboard_cache._boards.clear()
            t0 = time.process_time()
            r = client.get("/tong-hop")
            laps.append(time.process_time() - t0)
            assert r.status_code == 200 and b'id="overdue"' in r.data, r.status_code
        figures.append(f"{label} {sorted(laps)[len(laps) // 2] * 1000:.1f} ms")
    return (f"first screen alone, one process, median CPU: {', '.join(figures)} "
            f"(load {os.getloadavg()[0]:.1f})")


def databases():
    """The backends, or (DONDOC_BENCH_WEB_KEEP) databases kept between runs."""
    if not KEEP:
        yield from backends()
        return
    yield "sqlite", lambda: kept_sqlite(Path(KEEP) / f"web-{N_TASKS}.sqlite3")
    if PG:
        yield "postgresql", lambda: kept_postgres(f"bench_web_{N_TASKS}")


def filled(engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(tasks)).scalar() == N_TASKS


def measure(base: str, path: str, marker: str) -> str:
    sessions = [signed_in_session(base) for _ in range(CLIENTS)]
    cold = warm_up(base + path, sessions)

    def one(i):
        t0 = time.perf_counter()
        r = sessions[i % CLIENTS].get(base + path, timeout=120)
        assert r.status_code == 200 and marker in r.text, r.status_code
        return time.perf_counter() - t0

    t0 = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        latencies = sorted(pool.map(one, range(REQUESTS)))
    elapsed = time.perf_counter() - t0
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    return (f"{REQUESTS / elapsed:6.1f} req/s, p50 {latencies[len(latencies) // 2] * 1000:6.0f} ms, "
            f"p95 {p95 * 1000:6.0f} ms ({REQUESTS} requests, {CLIENTS} clients, {WORKERS} workers, "
            f"load {os.getloadavg()[0]:.1f}; warming up, the slowest {cold * 1000:.0f} ms)")


def warm_up(url: str, sessions) -> float:
    """Each worker's first request of a page (its templates and statements compiled, Babel's
    locale data loaded) before the measured ones: as many requests at once as there are
    workers, twice (a sync worker takes one at a time). The slowest of them, in seconds."""
    def one(i):
        t0 = time.perf_counter()
        sessions[i % len(sessions)].get(url, timeout=120)
        return time.perf_counter() - t0

    with ThreadPoolExecutor(WORKERS) as pool:
        return max(pool.map(one, range(2 * WORKERS)))


PAGES = [("first screen, all plans", "/tong-hop", 'id="overdue"'),
         ("first screen, one plan ", "/tong-hop?plan=plan-3", 'id="overdue"'),
         ("one agency's overdue  ", "/tong-hop/qua-han?agency=ag-7", 'id="overdue"'),
         ("classification        ", "/tong-hop/phan-loai", 'id="by-agency"'),
         ("report grid, paged    ", "/tong-hop/bao-cao", "report-grid")]


def main():
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(), flush=True)
    for n in (int(x) for x in str(N_TASKS_SPEC).split(",")):
        global N_TASKS
        N_TASKS = n
        for name, make in databases():
            with make() as engine, tempfile.TemporaryDirectory() as d:
                if not filled(engine):
                    t0 = time.perf_counter()
                    seed(engine)
                    add_coordinator(engine, Path(d))
                    print(f"{name:10s} seeded {N_TASKS:,} tasks in {time.perf_counter() - t0:.1f}s", flush=True)
                print(f"{name:10s} {N_TASKS:>9,} {count_both_ways(engine)}", flush=True)
                print(f"{name:10s} {N_TASKS:>9,} {alone(engine, Path(d))}", flush=True)
                port = serving.free_port()
                proc = start_gunicorn(engine.url.render_as_string(hide_password=False), Path(d), port)
                try:
                    base = f"http://127.0.0.1:{port}"
                    for label, path, marker in PAGES:
                        print(f"{name:10s} {N_TASKS:>9,} {label}: {measure(base, path, marker)}", flush=True)
                finally:
                    serving.stop(proc)
