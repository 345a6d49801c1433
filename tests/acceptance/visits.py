"""A person at a browser: follows links, signs in when asked, loads pages, submits their forms.

Every step names the day, the person and the page, so a failure reads like a bug report:
"14/03/2025 09:00, daumoi-3 (Công an tỉnh), /nhiem-vu/…: 'start' refused: …".
"""
from __future__ import annotations

from urllib.parse import urlsplit

from tests.acceptance.pages import Page, read_page
from workflows.localtime import VN_TZ

PASSWORD = "mat-khau-nam-2025"


class Refused(AssertionError):
    pass


class Visitor:
    """One person's browser session (its cookies persist, as a phone's do)."""

    def __init__(self, world, person):
        self.world, self.person = world, person
        self.client = world.app.test_client()
        self.signed_in = False

    # -- naming -----------------------------------------------------------------------------

    def where(self, url: str) -> str:
        at = self.world.clock.now().astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
        return f"{at}, {self.person.label}, {url}"

    def fail(self, url: str, what: str):
        raise Refused(f"{self.where(url)}: {what}")

    # -- reading ----------------------------------------------------------------------------

    def open(self, url: str) -> Page:
        """GET ``url`` (a path or a link from a message) and follow redirects; sign in when the
        site asks for it, then land where the link pointed."""
        path = _path(url)
        response = self.client.get(path, follow_redirects=True)
        landed = response.request.path
        if landed == "/dang-nhap":
            page = read_page(landed, response.status_code, response.get_data(as_text=True))
            self.sign_in(page, path)
            response = self.client.get(path, follow_redirects=True)
            landed = response.request.path
        page = read_page(landed, response.status_code, response.get_data(as_text=True))
        if page.status != 200:
            self.fail(path, f"the page answered {page.status}")
        if landed == "/dang-nhap":
            self.fail(path, "still asked to sign in after signing in")
        self.world.tally.pages += 1
        return page

    def sign_in(self, page: Page, wanted: str) -> None:
        form = page.form("/dang-nhap")
        if form is None:
            self.fail(page.url, "no sign-in form on the sign-in page")
        data = {**form.fields, "username": self.person.username, "password": PASSWORD}
        response = self.client.post(form.action, data=data)
        if response.status_code != 302:
            self.fail(page.url, f"sign-in answered {response.status_code} (wanted {wanted})")
        self.signed_in = True
        self.world.tally.sign_ins += 1

    # -- acting -----------------------------------------------------------------------------

    def act(self, page: Page, action: str, fill: dict | None = None, files=None,
            pick: dict | None = None, having: dict | None = None) -> Page:
        """Submit the page's form for ``action`` with what the person types (``fill``) and the
        option they choose in a select (``pick``: name -> value). The page must offer the form
        and the site must not refuse it."""
        form = page.form(f"/{action}", **(having or {}))
        if form is None:
            offered = [f.action.rsplit("/", 1)[-1] for f in page.forms if f.method == "post"]
            self.fail(page.url, f"the page does not offer {action!r} (it offers {offered})")
        data = {**form.fields, **(fill or {})}
        for name, value in (pick or {}).items():
            if value not in form.selects.get(name, []):
                self.fail(page.url, f"{action!r}: {name}={value!r} is not among the options")
            data[name] = value
        if files:
            data.update(files)
        response = self.client.post(form.action, data=data, follow_redirects=True,
                                    content_type="multipart/form-data" if files or
                                    form.enctype == "multipart/form-data" else None)
        after = read_page(response.request.path, response.status_code,
                          response.get_data(as_text=True))
        return self.judge(page, action, after)

    def judge(self, page: Page, action: str, after: Page) -> Page:
        """The page after submitting ``action`` on ``page``: it must confirm, never refuse."""
        if after.status != 200:
            self.fail(page.url, f"{action!r} answered {after.status}")
        if after.errors:
            self.fail(page.url, f"{action!r} refused on a freshly loaded page: {after.errors}")
        if not after.oks:
            self.fail(page.url, f"{action!r} said nothing (no confirmation on {after.url})")
        self.world.tally.count_action(action)
        self.world.dirty = True
        return after


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
