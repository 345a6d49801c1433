"""A subset of the year in Debian's chromium: plan 004 on SQLite, served over HTTP on loopback.

The focal point of the agency whose report the coordinator returns opens the link from their
email at a phone's size (sign-in, then the task), starts the 6-month report, submits it and,
once returned, submits it again; the coordinator returns it and then accepts it at a desk. The
rest of the year goes on through the test client, and ends with the same checks as the others.
"""
from __future__ import annotations

import threading
import time as stopwatch
from datetime import date, datetime, time, timezone

import pytest
from werkzeug.serving import make_server

from service import migrate
from service.clock import ManualClock
from service.db import make_engine
from tests.acceptance import checks
from tests.acceptance.chromium import DESKTOP, PHONE, ChromiumVisitor
from tests.acceptance.conftest import SUMMARY
from tests.acceptance.script import PlanScript
from tests.acceptance.setup import first_morning
from tests.acceptance.walk import walk
from tests.acceptance.world import World, configure
from tests.notifications.conftest import free_port
from tests.web import browser as b
from workflows.localtime import local_time_utc

pytestmark = [*b.MARKS, pytest.mark.slow]
PLAN = "004_de8a39346a403402"


@pytest.fixture
def served(tmp_path, monkeypatch, smtp_server, http_gateway):
    """The app on a file SQLite, served by a real HTTP server whose address the messages carry."""
    from service.app import create_app

    port = free_port()
    configure(monkeypatch, smtp_server, http_gateway, base_url=f"http://127.0.0.1:{port}")
    engine = make_engine(f"sqlite:///{tmp_path / 'year.sqlite3'}")
    migrate.upgrade(engine)
    clock = ManualClock(datetime(2025, 1, 1, tzinfo=timezone.utc))
    app = create_app({"ENGINE": engine, "CLOCK": clock, "DATABASE_URL": str(engine.url),
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    world = World(app, clock, smtp_server, http_gateway)
    yield world
    world.close()
    server.shutdown()
    thread.join(5)
    engine.dispose()


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.ARGS)
        yield browser
        browser.close()


def test_a_year_with_its_first_review_in_chromium(served, chromium):
    started = stopwatch.perf_counter()
    world, script = served, PlanScript.load(PLAN)
    first_day, last_day = date(script.year, 1, 2), date(script.year + 1, 1, 31)
    world.clock.set(local_time_utc(first_day, time(8, 30)))
    first_morning(world, script)
    base = world.dd.settings.base_url
    focal = next(p for p in world.people.values()
                 if p.role == "focal_point" and p.agency == script.scenes["returned"]["agency"])
    coordinator = world.people["dieuphoi"]
    focal.visitor = ChromiumVisitor(world, focal, chromium, base, PHONE, budget=3)
    coordinator.visitor = ChromiumVisitor(world, coordinator, chromium, base, DESKTOP, budget=2)
    coordinator.only = {script.task(script.scenes["returned"])}  # the other reports: test client
    walk(world, script, first_day, last_day)
    assert world.tally.in_chromium == [
        f"{focal.username}: start", f"{focal.username}: submit", "dieuphoi: return",
        f"{focal.username}: submit", "dieuphoi: accept"], world.tally.in_chromium
    checks.check_messages(world)
    checks.check_escalations(world, script, last_day)
    checks.check_final_classes(world, script, last_day)
    checks.check_log_verify_and_rebuild(world)
    SUMMARY.append(f"{PLAN} on sqlite with chromium: {stopwatch.perf_counter() - started:.1f}s, "
                   f"{len(world.tally.in_chromium)} actions in "
                   f"chromium ({', '.join(world.tally.in_chromium)}), "
                   f"{sum(world.tally.actions.values())} in all")
