"""API figures on SQLite and PostgreSQL: tasks listed per second for a filter over 100,000
tasks, commands per second through the API (Flask test client), and the four-way
classification of 100,000 tasks as of a day.

The 100,000 tasks are inserted straight into the tasks projection (a bulk INSERT, seconds
instead of minutes); the tasks the commands act on are real streams (TaskCreated appended
through a unit of work with the projections), since a command loads its task from the log.
DONDOC_BENCH_API_TASKS sets the count (default 100,000).
"""
from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

from service.app import create_app
from service.auth.credentials import issue_token
from service.clock import ManualClock
from service.eventlog.store import NewStream
from service.projections.tasks import tasks
from workflows.localtime import local_date
from service.queries.stats import classification
from tests.benchmarks.databases import backends
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import Actor
from workflows.task_events import DutyRole, TaskCreated, TaskKind

NOW = datetime(2024, 6, 20, 3, tzinfo=timezone.utc)
ADMIN = Actor("bench", "administrator")
AGENCIES = [f"ag-{i:03d}" for i in range(100)]
STATES = ["open"] * 4 + ["in_progress"] * 2 + ["submitted", "returned", "done", "done", "cancelled"]


def rate(n, seconds, unit="/s"):
    return f"{n / seconds:,.0f}{unit} ({n:,} in {seconds:.2f}s)"


def fill_projection(engine, n: int) -> float:
    rnd = random.Random(4)
    t0 = time.perf_counter()
    rows = []
    for i in range(n):
        deadline = date(2024, 1, 1) + timedelta(days=rnd.randrange(366))
        state = rnd.choice(STATES)
        done = datetime.combine(deadline + timedelta(days=rnd.randrange(-20, 10)), datetime.min.time(),
                                tzinfo=timezone.utc) if state in ("done", "submitted") else None
        rows.append(dict(
            task_id=f"t{i:07d}", plan_id=f"plan-{i % 20}", duty_id=f"d{i % 500}", duty_text="Nhiệm vụ",
            agency_id=AGENCIES[i % len(AGENCIES)], role="lead", kind="one_off", period_key=None,
            period_label=None, cooperating=[], former_agencies=[], state=state, deadline=deadline,
            original_deadline=deadline, requested_deadline=None, created_at=NOW - timedelta(days=400),
            submitted_at=done, done_at=done if state == "done" else None,
            accepted_at=done if state == "done" else None,
            cancelled_at=NOW - timedelta(days=3) if state == "cancelled" else None,
            overdue_since=None, created_on=local_date(NOW - timedelta(days=400)),
            done_on=local_date(done) if state == "done" else None,
            cancelled_on=local_date(NOW - timedelta(days=3)) if state == "cancelled" else None,
            version=1))
        if len(rows) == 10_000:
            with engine.begin() as conn:
                conn.execute(tasks.insert(), rows)
            rows = []
    if rows:
        with engine.begin() as conn:
            conn.execute(tasks.insert(), rows)
    return time.perf_counter() - t0


def real_tasks(dd, n: int) -> list[str]:
    ids = [f"real-{i:04d}" for i in range(n)]
    events = [NewStream(f"task-{t}", 0, [TaskCreated(
        t, "plan-real", "d-real", "Báo cáo", "ag-real", DutyRole.LEAD, TaskKind.ONE_OFF,
        date(2024, 12, 31))]) for t in ids]
    with dd.uow() as uow:
        uow.append_batch(events)
        uow.commit()
    return ids


def token_for(dd, role: str, agency_id=None) -> str:
    pid = dd.bus.handle(c.AddPerson(Profile(f"{role}-{agency_id}", role, role, agency_id)), ADMIN)
    with dd.engine.begin() as conn:
        return issue_token(conn, pid, NOW)


def listing(client, headers, query: str) -> str:
    listed, pages, t0 = 0, 0, time.perf_counter()
    cursor = None
    while True:
        url = f"/api/v1/tasks?{query}&limit=200" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url, headers=headers).get_json()
        listed += len(body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None or pages == 50:
            break
    return f"{rate(listed, time.perf_counter() - t0)}, {pages} pages"


def commands(client, headers, ids: list[str], rounds: int = 3) -> str:
    versions = {t: 1 for t in ids}
    t0, n = time.perf_counter(), 0
    for r in range(rounds):
        for t in ids:
            resp = client.post(f"/api/v1/tasks/{t}/comments", headers=headers,
                               json={"expected_version": versions[t], "text": f"ghi chú {r}"})
            assert resp.status_code == 200, resp.get_json()
            versions[t] = resp.get_json()["version"]
            n += 1
    return rate(n, time.perf_counter() - t0)


def run(name: str, engine, n: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        app = create_app({"ENGINE": engine, "CLOCK": ManualClock(NOW), "DATABASE_URL": str(engine.url),
                          "INSTANCE_PATH": d})
        dd = app.extensions["dondoc"]
        fill = fill_projection(engine, n)
        print(f"{name:10s} {n:,} tasks into the projection in {fill:.1f}s", flush=True)
        client = app.test_client()
        admin = {"Authorization": f"Bearer {token_for(dd, 'administrator')}"}
        focal = {"Authorization": f"Bearer {token_for(dd, 'focal_point', AGENCIES[7])}"}
        print(f"{name:10s} list, focal point, own open tasks:  {listing(client, focal, 'state=open')}", flush=True)
        print(f"{name:10s} list, admin, overdue=true:           {listing(client, admin, 'overdue=true')}", flush=True)
        print(f"{name:10s} list, admin, plan + deadline window: "
              f"{listing(client, admin, 'plan=plan-3&deadline_after=2024-03-01&deadline_before=2024-09-01')}",
              flush=True)
        real = real_tasks(dd, 200)
        real_focal = {"Authorization": f"Bearer {token_for(dd, 'focal_point', 'ag-real')}"}
        print(f"{name:10s} commands through the API (comment): {commands(client, real_focal, real)}", flush=True)
        with engine.connect() as conn:
            t0 = time.perf_counter()
            result = classification(conn, ADMIN, date(2024, 6, 30))
            took = time.perf_counter() - t0
        print(f"{name:10s} classification as of 2024-06-30:    {rate(result.total.total, took, ' tasks/s')}"
              f" {result.total}", flush=True)
        t0 = time.perf_counter()
        r = client.get("/api/v1/stats/classification?as_of=2024-06-30", headers=admin)
        assert r.status_code == 200
        print(f"{name:10s} GET /stats/classification:          {time.perf_counter() - t0:.2f}s", flush=True)


def main():
    n = int(os.environ.get("DONDOC_BENCH_API_TASKS", "100000"))
    for name, make in backends():
        with make() as engine:
            run(name, engine, n)


if __name__ == "__main__":
    main()
