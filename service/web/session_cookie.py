"""The session cookie belongs to the pages (sign-in, flashed messages, CSRF). The JSON API
authenticates every request by its bearer token and never reads nor writes the session: its
requests skip the cookie's signature (a serializer built, a cookie checked, the cookie signed
again), which cost more than a page of tasks' own query."""
from __future__ import annotations

from flask import request
from flask.sessions import SecureCookieSessionInterface

API_PREFIX = "/api/"


def api_path(path: str) -> bool:
    """Whether a request's path is the JSON API's (which never has a session)."""
    return path.startswith(API_PREFIX)


class PagesSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app, request):
        if api_path(request.path):
            return self.session_class()  # empty, and never saved (``save_session``)
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if api_path(request.path):
            return
        super().save_session(app, session, response)
