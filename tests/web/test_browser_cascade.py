"""The cascade in headless chromium at a phone's width (390 px): the province plan's lower
plans and the bodies that have not written theirs, and the district draft's cited plans with
their links, never scroll sideways; each kept as a screenshot."""
from __future__ import annotations

from tests.service.test_cascade import ADMIN, DISTRICT, PROVINCE, import_plan, name_the_districts
from tests.web import browser as b
from tests.web.test_browser_phone_pages import PHONE, overflow
from tests.web.world import PASSWORD
from workflows import commands as c
from workflows.people_events import Profile

pytestmark = b.MARKS


def test_the_cascade_fits_a_phone(served):
    from playwright.sync_api import sync_playwright

    dd, base = served.app.extensions["dondoc"], served.url
    province = import_plan(dd, PROVINCE)
    name_the_districts(dd, province)
    dd.bus.handle(c.ActivatePlan(province), ADMIN)
    district = import_plan(dd, DISTRICT)
    dd.bus.handle(c.ActivatePlan(district), ADMIN)
    for username, plan in (("tinh", province), ("huyen", district)):
        dd.bus.handle(c.AddPerson(Profile(username=username, name=f"Người {username}", role="coordinator",
                                          plan_ids=(plan,), email=f"{username}@example.gov.vn"),
                                  password=PASSWORD), ADMIN)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.ARGS)
        for username, url, section, name in (
                ("tinh", f"/ke-hoach/{province}", "#cap-duoi", "phone-cascade-lower"),
                ("huyen", f"/ke-hoach/{district}", "#can-cu", "phone-cascade-cited")):
            page = browser.new_page(viewport=PHONE)
            page.set_default_timeout(10_000)
            b.sign_in(page, base, username)
            page.wait_for_url(f"{base}/tong-hop")
            page.goto(base + url)
            shown = page.locator(section)
            assert shown.is_visible()
            box = shown.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
            assert overflow(page) <= 0, (url, overflow(page))
            if section == "#cap-duoi":
                row = shown.locator(f"tr[data-lower='{district}']")
                assert row.is_visible() and "45/KH-UBND" in row.inner_text()
                assert "Ủy ban nhân dân huyện Giồng Riềng" in shown.locator("ul.missing").inner_text()
            else:
                assert shown.locator(f"[data-linked='{province}']").is_visible()
            b.shot(page, name)
            shown.screenshot(path=str(b.SCREENSHOTS / f"{name}-section.png"))  # the part added
            page.close()
        browser.close()
