"""In headless chromium at a phone's width (390 px): the pages added for people to live in
(search, the review queue with its previews, the password change, a task with its messages)
never scroll sideways; each is kept as a screenshot."""
from __future__ import annotations

from tests.web import browser as b

pytestmark = b.MARKS

PHONE = {"width": 390, "height": 844}


def overflow(page) -> int:
    """How far the page is wider than the screen (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_new_pages_fit_a_phone(served):
    from playwright.sync_api import sync_playwright

    w, base = served.world, served.url
    _messages_about(served, w.one_off)  # the task page's messages table, long addresses
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.ARGS)
        page = browser.new_page(viewport=PHONE)
        page.set_default_timeout(10_000)
        b.sign_in(page, base, "coord")
        page.wait_for_url(f"{base}/tong-hop")
        for name, url in (("search", "/tim-kiem?q=tập huấn"), ("review", "/duyet"),
                          ("password", "/doi-mat-khau"), ("task", f"/nhiem-vu/{w.one_off}")):
            page.goto(base + url)
            assert overflow(page) <= 0, (url, overflow(page))
            if name == "task":
                assert page.locator("table.cards tr.msg").count() == 3
            b.shot(page, f"phone-{name}")
        browser.close()


def _messages_about(served, task_id):
    from datetime import datetime, timezone

    from service.outbox.tables import outbox

    now = datetime(2022, 4, 1, 1, tzinfo=timezone.utc)
    with served.app.extensions["dondoc"].engine.begin() as conn:
        for n, status in enumerate(("sent", "failed", "held")):
            conn.execute(outbox.insert().values(
                kind="reminder", channel="email", person_id=served.world.people["fp_health"],
                address="dau-moi-phong-lao-dong-thuong-binh-xa-hoi@example.gov.vn", task_id=task_id,
                status=status, provider_id="<m@x>", created_at=now, sent_at=now, attempts=1,
                last_error="550 5.1.1 mailbox unavailable" if status == "failed" else None,
                dedupe_key=f"phone-{n}", context={}, next_attempt_at=now))
