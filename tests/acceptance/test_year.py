"""A year in the life of each seed plan (issue 10), on SQLite and on PostgreSQL.

Import, review and activate through the web pages on Thursday 2/1 of the plan file's year,
then walk the days to the end of January of the next year: the scheduler reminds, marks
overdue and escalates; the dispatcher sends to a real SMTP server and a real SMS gateway on
loopback; focal points follow the links in their email and act through the task pages with the
pages' own forms; the coordinator reviews, returns, extends and reassigns; one agency never
answers. Then every task's final class is compared with the plan's data file, the messages
with what may be sent, and the read models with a replay of the log.
"""
from __future__ import annotations

import time as stopwatch
from datetime import date, time
from pathlib import Path

import pytest

from tests.acceptance import checks
from tests.acceptance.conftest import SUMMARY
from tests.acceptance.script import PlanScript
from tests.acceptance.setup import first_morning
from tests.acceptance.walk import walk
from tests.service.test_log_transfer import target  # noqa: F401 (fixture: an empty database)
from workflows.localtime import local_time_utc

PLANS = sorted(p.stem for p in (Path(__file__).parent / "plans").glob("*.toml"))


@pytest.mark.slow
@pytest.mark.parametrize("name", PLANS)
def test_a_year_of_the_plan(name, year_world, backend, target, tmp_path):
    started = stopwatch.perf_counter()
    world, script = year_world, PlanScript.load(name)
    first_day, last_day = date(script.year, 1, 2), date(script.year + 1, 1, 31)
    world.clock.set(local_time_utc(first_day, time(8, 30)))
    first_morning(world, script)
    walk(world, script, first_day, last_day)
    checks.check_messages(world)
    checks.check_escalations(world, script, last_day)
    checks.check_final_classes(world, script, last_day)
    checks.check_cascade(world, script)
    checks.check_log_verify_and_rebuild(world)
    checks.check_log_moves(world, target, tmp_path / "log.jsonl")
    SUMMARY.append(summary(name, backend, world, stopwatch.perf_counter() - started))


def summary(name: str, backend: str, world, took: float) -> str:
    t = world.tally
    emails = sum(1 for a in world.arrivals if a.channel == "email")
    sms = len(world.arrivals) - emails
    actions = ", ".join(f"{k} {v}" for k, v in sorted(t.actions.items()))
    return (f"{name} on {backend}: {took:.1f}s, {t.days} days walked, {t.sweeps} sweeps, "
            f"{sum(t.actions.values())} actions ({actions}), {t.pages} pages, "
            f"{emails} emails, {sms} SMS")
