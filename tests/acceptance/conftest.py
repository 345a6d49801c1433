"""A world per plan and database: the app configured through its DONDOC_* settings to a real
SMTP server and a real HTTP SMS gateway on loopback (the fixtures of tests/notifications), on
the ``engine`` of tests/conftest.py (SQLite and PostgreSQL), with a manual clock."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from argon2 import PasswordHasher

from service.clock import ManualClock
from tests.acceptance.world import World, configure
from tests.notifications.conftest import http_gateway, smtp_server  # noqa: F401 (fixtures)

SUMMARY: list[str] = []


@pytest.fixture(autouse=True)
def quick_passwords(monkeypatch):
    """Argon2id still, with a small cost: a year of sign-ins must not spend minutes hashing
    (the production parameters are service.auth.credentials' own)."""
    from service.auth import credentials

    monkeypatch.setattr(credentials, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def year_world(engine, tmp_path, monkeypatch, smtp_server, http_gateway):  # noqa: F811
    from service.app import create_app

    configure(monkeypatch, smtp_server, http_gateway)
    clock = ManualClock(datetime(2025, 1, 1, tzinfo=timezone.utc))
    app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": clock,
                      "DATABASE_URL": str(engine.url),
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    world = World(app, clock, smtp_server, http_gateway)
    yield world
    world.close()


def pytest_terminal_summary(terminalreporter):
    if SUMMARY:
        terminalreporter.section("a year in the life (tests/acceptance)")
        for line in SUMMARY:
            terminalreporter.write_line(line)

