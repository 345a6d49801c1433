"""Activation of a plan into 10,000 tasks (100 agencies, each given 100 one-off duties), through
the bus as the web page and the CLI do: agencies matched or registered, deadlines computed, one
stream per task appended with the read models, in one transaction. Printed by ``import`` too.

DONDOC_BENCH_ACTIVATION_AGENCIES, _DUTIES set the shape (default 100 x 100).
"""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import tempfile
import time
from datetime import datetime, timezone

from service.app import create_app
from service.clock import ManualClock
from tests.benchmarks.databases import backends
from workflows import commands as c
from workflows.permissions import Actor
from workflows.plan_events import PlanImported

AGENCIES = int(os.environ.get("DONDOC_BENCH_ACTIVATION_AGENCIES", "100"))
DUTIES = int(os.environ.get("DONDOC_BENCH_ACTIVATION_DUTIES", "100"))
PROFILE = os.environ.get("DONDOC_BENCH_PROFILE") == "1"
NOW = datetime(2022, 3, 1, 2, tzinfo=timezone.utc)
ADMIN = Actor("bench", "administrator")


def draft() -> dict:
    assignments = [{"agencies": [f"Ủy ban nhân dân xã Số {a}"], "role": "lead", "lines": [10 + a, 10 + a],
                    "duties": [{"text": f"Nhiệm vụ {d} của xã {a}", "cooperating": [], "kind": "one_off",
                                "line": 10 + a} for d in range(DUTIES)]} for a in range(AGENCIES)]
    return {"issuer": "UBND huyện Châu Thành", "place": "Kiên Giang", "number": "9/KH-UBND",
            "title": "Kế hoạch lớn", "period": {"start": "2022-01-01", "end": "2022-12-31"},
            "reporting": [], "assignments": assignments}


def run(name: str, engine) -> None:
    with tempfile.TemporaryDirectory() as d:
        app = create_app({"ENGINE": engine, "CLOCK": ManualClock(NOW), "INSTANCE_PATH": d})
        dd = app.extensions["dondoc"]
        small = {**draft(), "assignments": draft()["assignments"][:1]}
        with dd.uow() as uow:
            uow.append("plan-small", 0, [PlanImported("small", "small.txt", "cd" * 32, small)])
            uow.append("plan-big", 0, [PlanImported("big", "big.txt", "ab" * 32, draft())])
            uow.commit()
        dd.bus.handle(c.ActivatePlan("small"), ADMIN)  # a server has its modules loaded: so here
        prof = cProfile.Profile() if PROFILE else None
        t0, cpu0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        n = dd.bus.handle(c.ActivatePlan("big"), ADMIN)
        if prof:
            prof.disable()
        took, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        # CPU: this process's own (SQLite's work included, PostgreSQL's not): on a loaded
        # machine the wall time is mostly waiting for a core.
        print(f"{name:10s} activation into {n:,} tasks ({AGENCIES} agencies): {took:.2f} s, "
              f"{n / took:,.0f} tasks/s, process CPU {cpu:.2f} s (load {os.getloadavg()[0]:.1f})", flush=True)
        if prof:
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(os.environ.get("DONDOC_BENCH_SORT", "tottime")).print_stats(45)
            print(out.getvalue())


def main():
    for name, make in backends():
        with make() as engine:
            run(name, engine)
