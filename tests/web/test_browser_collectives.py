"""In headless chromium at 390 px: the plan page's collective duty (N/M done, the missing
communes, the quorum form) fits a phone, and the quorum chosen there holds (issue 13)."""
from __future__ import annotations

from tests.web import browser as b
from tests.web.test_browser_phone_pages import PHONE, overflow
from tests.web.test_collective_duties import collective_plan, finish_some

pytestmark = b.MARKS


def test_the_collective_duty_on_a_phone(served):
    from playwright.sync_api import sync_playwright

    dd = served.app.extensions["dondoc"]
    plan_id = collective_plan(dd)
    finish_some(dd, plan_id, 3)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.ARGS)
        page = browser.new_page(viewport=PHONE)
        page.set_default_timeout(10_000)
        b.sign_in(page, served.url, "coord")
        page.wait_for_url(f"{served.url}/tong-hop")
        page.goto(f"{served.url}/ke-hoach/{plan_id}#tap-the")
        duty = page.locator(f'[data-duty="{plan_id}:a1:d0"]')
        assert duty.locator(".count").inner_text() == "3/54 đã hoàn thành"
        duty.locator("summary").click()
        assert duty.locator("ul.missing li").count() == 51
        assert overflow(page) <= 0, overflow(page)
        b.shot(page, "phone-plan-collective")
        duty.screenshot(path=str(b.SCREENSHOTS / "phone-plan-collective-duty.png"))
        duty.locator('input[value="quorum"]').check()
        duty.locator('input[name="quorum"]').fill("3")
        duty.locator("button[type=submit]").click()
        page.wait_for_load_state()
        duty = page.locator(f'[data-duty="{plan_id}:a1:d0"]')
        assert "Nhiệm vụ đã hoàn thành" in duty.inner_text()
        assert overflow(page) <= 0, overflow(page)
        browser.close()
