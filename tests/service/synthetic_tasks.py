"""Many task rows written straight into the tasks read model (and its links and overdue tally),
for query plans and benchmarks: a bulk INSERT takes seconds where a log of real streams would
take minutes."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from service.projections.overdue_tally import refill
from service.projections.tasks import link_rows, task_links, tasks
from workflows.localtime import local_date

STATES = ["open"] * 4 + ["in_progress"] * 2 + ["submitted", "returned", "done", "done", "cancelled"]


def task_row(i: int, rnd: random.Random, n_plans: int, n_agencies: int, now: datetime) -> dict:
    deadline = date(2024, 1, 1) + timedelta(days=rnd.randrange(900))
    state = rnd.choice(STATES)
    kind = rnd.choice(("one_off", "report", "report", "continuous"))
    half = "H1" if deadline.month <= 6 else "H2"
    created = now - timedelta(days=400)
    sent = (datetime.combine(deadline, datetime.min.time(), timezone.utc) + timedelta(days=rnd.randrange(-20, 10))
            if state in ("done", "submitted") else None)
    cancelled = now - timedelta(days=3) if state == "cancelled" else None
    cooperating = [f"ag-{rnd.randrange(n_agencies):03d}"] if rnd.random() < 0.1 else []
    return dict(
        task_id=f"t{i:07d}", plan_id=f"plan-{i % n_plans}", duty_id=f"d{i % 500}", duty_text=f"Nhiệm vụ {i}",
        agency_id=f"ag-{rnd.randrange(n_agencies):03d}", role="lead", kind=kind,
        period_key=f"{deadline.year}-{half}" if kind == "report" else None,
        period_label=f"6 tháng {deadline.year} ({half})" if kind == "report" else None,
        cooperating=cooperating, former_agencies=[], state=state, deadline=deadline,
        original_deadline=deadline, requested_deadline=None, created_at=created,
        submitted_at=sent, done_at=sent if state == "done" else None,
        accepted_at=sent if state == "done" else None, cancelled_at=cancelled, overdue_since=None,
        created_on=local_date(created), done_on=local_date(sent) if state == "done" else None,
        cancelled_on=local_date(cancelled) if cancelled else None, version=1)


def fill(engine, n: int, n_plans: int = 20, n_agencies: int = 100, seed: int = 4,
         now: datetime = datetime(2024, 6, 20, 3, tzinfo=timezone.utc), batch: int = 10_000, tally: bool = True) -> None:
    rnd = random.Random(seed)
    for start in range(0, n, batch):
        rows = [task_row(i, rnd, n_plans, n_agencies, now) for i in range(start, min(n, start + batch))]
        links = [link for r in rows for link in link_rows(r)]
        with engine.begin() as conn:
            conn.execute(tasks.insert(), rows)
            if links:
                conn.execute(task_links.insert(), links)
    if tally:  # False: a schema from before the tally (a migration's test)
        with engine.begin() as conn:
            refill(conn, tasks)
