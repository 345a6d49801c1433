"""The app served by a real server on 127.0.0.1 (a thread) over a file SQLite, and Debian's
chromium driven by Playwright. Never downloads a browser."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service import migrate
from service.clock import ManualClock
from service.db import make_engine
from tests.web.world import PASSWORD, World, build

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"

# A browser test module says ``pytestmark = browser.MARKS``: it runs in Debian's chromium, and
# skips only outside CI when that chromium is missing (in CI a missing one fails).
MARKS = [pytest.mark.browser,
         pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                            reason="needs Debian's chromium (in CI a missing one fails)")]


@dataclass
class Served:
    url: str
    app: object
    clock: ManualClock
    world: World


def serve(tmp_path: Path):
    """A generator: yields a Served, then stops the server."""
    from service.app import create_app

    engine = make_engine(f"sqlite:///{tmp_path / 'web.sqlite3'}")
    migrate.upgrade(engine)
    clock = ManualClock(datetime(2022, 4, 1, 2, 0, tzinfo=timezone.utc))
    app = create_app({"ENGINE": engine, "CLOCK": clock, "DATABASE_URL": str(engine.url),
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    world = build(app.extensions["dondoc"], clock)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_port}", app, clock, world)
    finally:
        server.shutdown()
        thread.join(5)
        engine.dispose()


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")


def sign_out(page) -> None:
    page.click("form[action$='/dang-xuat'] button")


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
