"""In headless chromium: the coordinator sees a plan's targets on its page and downloads the
consolidated report of the 6-month period; the .docx read back holds the agency's result."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import docx

from tests.web import browser as b
from workflows import commands as c
from workflows.permissions import Actor
from workflows.task_events import Figure

pytestmark = b.MARKS


def test_coordinator_downloads_the_report(served, tmp_path):
    from playwright.sync_api import sync_playwright

    w, dd = served.world, served.app.extensions["dondoc"]
    fp = Actor("fp", "focal_point", agency_id=w.health)
    served.clock.set(datetime(2022, 6, 10, 3, 0, tzinfo=timezone.utc))
    dd.bus.handle(c.SubmitResult(w.report_h1, text="Đã tập huấn 300 người.\nKhó khăn:\nThiếu kinh phí.",
                                 figures=(Figure("Tập huấn cho 550 người", Decimal(300)),)), fp)
    dd.bus.handle(c.AcceptSubmission(w.report_h1), Actor("admin", "administrator"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
            page.set_default_timeout(15_000)
            b.sign_in(page, served.url, "coord")
            page.goto(f"{served.url}/ke-hoach/{w.plan_id}#chi-tieu")
            assert "300 người" in page.inner_text("#chi-tieu")
            b.shot(page, "phone-plan-targets")
            page.select_option("form.report-draft select[name=period]", "2022-H1")
            with page.expect_download() as info:
                page.click("form.report-draft button.primary")
            path = tmp_path / "downloaded.docx"
            info.value.save_as(str(path))
            assert info.value.suggested_filename.endswith("2022-H1.docx")
        finally:
            browser.close()
    doc = docx.Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Sở Y tế: Đã tập huấn 300 người." in paragraphs
    assert "Sở Y tế: Thiếu kinh phí." in paragraphs
