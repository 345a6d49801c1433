"""What a person sees on a page: its forms (as a browser would submit them), its flashes, its links.

Read with the standard library's HTML parser: the suite submits exactly the fields the page
carries (CSRF token, the version the page shows), never ones it makes up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> value the page put there
    selects: dict[str, list[str]] = field(default_factory=dict)  # name -> the options offered


@dataclass
class Page:
    url: str
    status: int
    html: str
    forms: list[Form]
    flashes: list[tuple[str, str]]  # (category, text)
    links: list[str]

    def form(self, action_suffix: str, **having: str) -> Form | None:
        """The first form posting to a URL ending in ``action_suffix`` whose hidden fields
        hold ``having`` (e.g. ``path="period"`` among a draft's correction forms)."""
        found = [f for f in self.forms if f.method == "post" and f.action.endswith(action_suffix)
                 and all(f.fields.get(k) == v for k, v in having.items())]
        return found[0] if found else None

    @property
    def errors(self) -> list[str]:
        return [text for category, text in self.flashes if category == "error"]

    @property
    def oks(self) -> list[str]:
        return [text for category, text in self.flashes if category == "ok"]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.flashes: list[tuple[str, str]] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._flash: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower(),
                              a.get("enctype", ""))
            self.forms.append(self._form)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "p" and "flash" in a.get("class", "").split() and a.get("role"):
            # a flashed message (base.html gives it a role); a page's own warning has none
            category = [c for c in a["class"].split() if c != "flash"]
            self._flash = [category[0] if category else "", ""]
        if self._form is None:
            return
        if tag == "option" and self._select:
            self._form.selects[self._select].append(a.get("value", ""))
            if "selected" in a or not self._form.fields[self._select]:
                self._form.fields[self._select] = a.get("value", "")
            return
        if not a.get("name"):
            return
        if tag == "input" and a.get("type") not in ("checkbox", "radio", "file", "submit"):
            self._form.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form.fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self._form.selects[a["name"]] = []
            self._form.fields.setdefault(a["name"], "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form.fields[self._textarea] += data
        if self._flash is not None:
            self._flash[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "p" and self._flash is not None:
            self.flashes.append((self._flash[0], self._flash[1].strip()))
            self._flash = None


def read_page(url: str, status: int, html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    for form in reader.forms:
        form.action = form.action or url  # no action: the form posts to its own page
    return Page(url, status, html, reader.forms, reader.flashes, reader.links)


TASK_HREF = re.compile(r"^/nhiem-vu/([0-9a-f-]{36})$")


def task_links(page: Page) -> list[str]:
    """The task ids a page links to, in page order, once each."""
    found = [m.group(1) for href in page.links if (m := TASK_HREF.match(href))]
    return list(dict.fromkeys(found))
