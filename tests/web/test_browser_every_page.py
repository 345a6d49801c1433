"""Every page (tests.web.page_walk), as each role opens it, in headless chromium on a phone
(390 × 844) and a desktop (1280 × 900): on the phone none scrolls sideways; every page at both
sizes is kept as a screenshot in tests/artifacts/screenshots/ (pages/<size>-<role>-<page>.png)."""
from __future__ import annotations

import re

from tests.web import browser as b
from tests.web.page_walk import page_urls

pytestmark = b.MARKS

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ROLES = ("coord", "fp_health", "leader", "admin")


def _name(url: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")[:60] or "home"


def test_every_page_fits_a_phone_and_is_kept_at_both_sizes(served):
    from playwright.sync_api import sync_playwright

    w, base = served.world, served.url
    urls = page_urls(served.app, [w.one_off, w.report_h1], [w.plan_id],
                     [w.people["fp_health"]], [w.health])
    wide = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.ARGS)
        for size, viewport in SIZES.items():
            for role in ROLES:
                page = browser.new_page(viewport=viewport)
                page.set_default_timeout(10_000)
                b.sign_in(page, base, role)
                page.wait_for_load_state()
                for url in urls:
                    response = page.goto(base + url)
                    if response is None or "text/html" not in response.headers.get("content-type", ""):
                        continue
                    if size == "phone":
                        over = page.evaluate("document.documentElement.scrollWidth"
                                             " - document.documentElement.clientWidth")
                        if over > 0:
                            wide[f"{role} {url}"] = over
                    b.shot(page, f"pages/{size}-{role}-{_name(url)}")
                page.close()
        browser.close()
    assert not wide, f"pages wider than a phone (px too wide): {wide}"
