"""Web fixtures: the world of tests.web.world, and a test client that signs in and sends the
CSRF token the pages carry (``<meta name="csrf-token">``)."""
from __future__ import annotations

import re

import pytest

from tests.notifications.conftest import smtp_server  # noqa: F401 - a fixture for reset emails
from tests.web.world import PASSWORD, build

_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


class Web:
    def __init__(self, client):
        self.client, self.token = client, None

    def get(self, url, **kw):
        response = self.client.get(url, **kw)
        self._remember(response)
        return response

    def post(self, url, data=None, token=True, **kw):
        if token and self.token is None:
            self.get("/dang-nhap")
        data = dict(data or {})
        if token:
            data.setdefault("csrf_token", self.token)
        response = self.client.post(url, data=data, **kw)
        self._remember(response)
        return response

    def sign_in(self, username, password=PASSWORD):
        response = self.post("/dang-nhap", {"username": username, "password": password})
        if response.status_code == 302:
            self.token = None  # a new session at sign-in: a new CSRF token
        return response

    def text(self, url) -> str:
        response = self.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data(as_text=True)

    def _remember(self, response):
        if response.mimetype == "text/html":
            found = _TOKEN.search(response.get_data(as_text=True))
            if found:
                self.token = found.group(1)


@pytest.fixture
def world(dd, clock):
    return build(dd, clock)


@pytest.fixture
def web(client):
    return Web(client)


def signed_in(app, username) -> Web:
    w = Web(app.test_client())
    response = w.sign_in(username)
    assert response.status_code == 302, response.get_data(as_text=True)
    return w


@pytest.fixture
def as_user(app, world):
    return lambda username: signed_in(app, username)
