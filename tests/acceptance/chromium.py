"""The same person at Debian's chromium (Playwright): the link from their email opened in a real
browser, the sign-in page filled, the task page's form filled and its button clicked. After a
few actions (``budget``) the person goes back to the suite's quicker test client.

Each action leaves a screenshot in tests/artifacts/screenshots/ (year-NN-person-action.png).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from tests.acceptance.pages import Page, read_page
from tests.acceptance.visits import PASSWORD, Visitor
from tests.web import browser as b

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class ChromiumVisitor(Visitor):
    def __init__(self, world, person, chromium, base_url: str, viewport: dict, budget: int):
        super().__init__(world, person)
        self.base, self.budget, self.done = base_url.rstrip("/"), budget, []
        self.tab = chromium.new_page(viewport=viewport)
        self.tab.set_default_timeout(15_000)

    def _read(self) -> Page:
        return read_page(urlsplit(self.tab.url).path, 200, self.tab.content())

    def open(self, url: str) -> Page:
        target = url if url.startswith("http") else self.base + url
        response = self.tab.goto(target)
        if urlsplit(self.tab.url).path == "/dang-nhap":
            self.tab.fill("input[name=username]", self.person.username)
            self.tab.fill("input[name=password]", PASSWORD)
            with self.tab.expect_navigation():
                self.tab.click("form[action$='/dang-nhap'] button[type=submit]")
            self.world.tally.sign_ins += 1
            response = None
        page = self._read()
        if response is not None and response.status != 200:
            self.fail(page.url, f"the page answered {response.status}")
        if page.url == "/dang-nhap":
            self.fail(url, "still asked to sign in after signing in")
        self.world.tally.pages += 1
        return page

    def act(self, page: Page, action: str, fill: dict | None = None, files=None,
            pick: dict | None = None, having: dict | None = None) -> Page:
        if files or having:
            return super().act(page, action, fill, files, pick, having)
        form = self.tab.locator(f"form[method=post][action$='/{action}']")
        if form.count() == 0:
            self.fail(page.url, f"the page does not offer {action!r}")
        form = form.first
        for name, value in (fill or {}).items():
            form.locator(f"[name='{name}']").fill(value)
        for name, value in (pick or {}).items():
            form.locator(f"select[name='{name}']").select_option(value)
        with self.tab.expect_navigation():
            form.locator("button[type=submit]").click()
        after = self.judge(page, action, self._read())
        self.done.append(action)
        b.shot(self.tab, f"year-{len(self.world.tally.in_chromium) + 1:02d}-"
                         f"{self.person.username}-{action}")
        self.world.tally.in_chromium.append(f"{self.person.username}: {action}")
        if len(self.done) >= self.budget:
            self.tab.close()
            self.person.visitor = None  # back to the test client (which signs in anew)
        return after
