"""In headless chromium at a phone's size: the link of a reminder opens the task with no
password, and the focal point submits the report from there."""
from __future__ import annotations

from service.links import links_for
from tests.web import browser as b

pytestmark = b.MARKS


def test_a_phone_opens_the_link_and_submits_the_report(served, tmp_path):
    from playwright.sync_api import sync_playwright

    w, base = served.world, served.url
    dd = served.app.extensions["dondoc"]
    link = links_for(dd).task(w.report_h1, w.people["fp_health"], issued_at=served.clock.now())
    path = link.split("5000", 1)[1]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(10_000)
        page.goto(base + path)
        page.wait_for_url(f"{base}/nhiem-vu/{w.report_h1}")
        assert "liên kết trong tin nhắn" in page.inner_text(".link-session")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        page.fill("form.submit-result textarea[name=text]", "Đã tổ chức 12 lớp tập huấn")
        page.fill("form.submit-result input[name=figure-0]", "1.600")
        attachment = tmp_path / "bao-cao.pdf"
        attachment.write_bytes(b"%PDF-1.4\n% a report\n")
        page.set_input_files("form.submit-result input[name=files]", str(attachment))
        page.click("form.submit-result button.primary")
        page.wait_for_selector(".flash.ok")
        assert "Chờ duyệt" in page.inner_text("dd.state")
        assert "bao-cao.pdf" in page.inner_text("ol.timeline")
        b.shot(page, "phone-one-click-submitted")
        page.goto(f"{base}/viec-cua-toi")  # anything else still asks for a password
        assert page.url.startswith(f"{base}/dang-nhap")
        browser.close()
