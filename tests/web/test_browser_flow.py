"""In headless chromium: a focal point submits a report, the coordinator sees it, returns it,
and the report grid and the overdue list change; at a desktop and at a phone's size."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.web import browser as b

pytestmark = b.MARKS

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_submit_review_return(served, chromium, size, tmp_path):
    w, base = served.world, served.url
    page = chromium.new_page(viewport=VIEWPORTS[size])
    page.set_default_timeout(10_000)

    b.sign_in(page, base, "fp_health")
    page.wait_for_url(f"{base}/viec-cua-toi")
    assert page.locator("li.task").count() >= 2
    b.shot(page, f"{size}-my-tasks")
    page.click(f"a[href='/nhiem-vu/{w.report_h1}']")
    assert "Báo cáo định kỳ (6 tháng)" in page.inner_text("h1")
    attachment = tmp_path / "bao-cao.pdf"
    attachment.write_bytes(b"%PDF-1.4\n% a report\n")
    page.fill("form.submit-result textarea[name=text]", "Đã tổ chức 12 lớp tập huấn")
    page.fill("form.submit-result input[name=figure-0]", "1.600")
    page.set_input_files("form.submit-result input[name=files]", str(attachment))
    page.click("form.submit-result button.primary")
    page.wait_for_selector(".flash.ok")
    assert "Chờ duyệt" in page.inner_text("dd.state")
    assert "bao-cao.pdf" in page.inner_text("ol.timeline")
    b.shot(page, f"{size}-task-submitted")
    b.sign_out(page)

    # the deadline of the 6-month report (16/6/2022) has passed
    served.clock.set(datetime(2022, 6, 20, 3, 0, tzinfo=timezone.utc))
    b.sign_in(page, base, "coord")
    page.wait_for_url(f"{base}/tong-hop")
    assert "Quá hạn từ" in page.inner_text("#overdue")  # the first screen: what is overdue, whose
    b.shot(page, f"{size}-dashboard-overdue")
    page.click("nav.tabs a[href^='/tong-hop/bao-cao']")  # the report grid is a click away
    page.wait_for_url(f"{base}/tong-hop/bao-cao")
    cell = f"td[data-agency='{w.health}'][data-period='2022-H1']"
    assert page.get_attribute(cell, "data-status") == "on_time"
    assert page.get_attribute(f"td[data-agency='{w.police}'][data-period='2022-H1']",
                              "data-status") == "missing"
    b.shot(page, f"{size}-dashboard")
    page.goto(f"{base}/duyet")
    page.click(f"a[href='/nhiem-vu/{w.report_h1}']")
    page.fill("input[name=reason]", "Thiếu số liệu quý II")
    page.click("form[action$='/return'] button")
    page.wait_for_selector(".flash.ok")
    assert "Bị trả lại" in page.inner_text("dd.state")
    b.shot(page, f"{size}-task-returned")

    page.goto(f"{base}/tong-hop/bao-cao")
    assert page.get_attribute(cell, "data-status") == "missing"
    page.goto(f"{base}/tong-hop")
    assert "Báo cáo định kỳ (6 tháng)" in page.inner_text("#overdue")
    page.close()
