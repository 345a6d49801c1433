"""Bearer tokens: ``Authorization: Bearer <token>`` → person → Actor, once per request.

Deactivated people and unknown tokens get the same 401: a token reveals nothing about who
it was for.
"""
from __future__ import annotations

import contextlib

from flask import current_app, g, request

from service.api.errors import ApiError
from service.auth.actors import actor_for_token
from service.db import read_only
from service.request_reading import RequestReading
from workflows.permissions import Actor

PUBLIC_ENDPOINTS = frozenset({"api.openapi_document"})


def authenticate() -> None:
    """before_request: set ``g.actor`` or refuse with 401."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <token> "
                                            "(an administrator issues one: dondoc token issue USERNAME)")
    # no write lock: every request passes here; a GET's view reads on the same connection
    conn = RequestReading(current_app.extensions["dondoc"].engine)
    try:
        # a GET may be answered as the Actor its connection keeps for the token (kept_actors)
        actor = actor_for_token(conn, token.strip(), kept=request.method == "GET")
    except BaseException:
        conn.close()
        raise
    if request.method == "GET" and actor is not None:
        g.api_reading = conn  # the view reads on the same connection (``reading``)
    else:
        conn.close()
    if actor is None:
        raise ApiError(401, "unauthorized", "the token is not valid (revoked, replaced, or its "
                                            "person deactivated)")
    g.actor = actor


def current_actor() -> Actor:
    return g.actor


@contextlib.contextmanager
def reading():
    """The read-only connection of this request: a GET reads on the connection its token was
    checked on (a RequestReading, which gives a SQLAlchemy Connection's methods too: on SQLite
    one snapshot a request, on PostgreSQL autocommit); otherwise a new one."""
    conn = g.get("api_reading")
    if conn is not None:
        yield conn
        return
    with read_only(current_app.extensions["dondoc"].engine) as conn:
        yield conn


def close_reading(_exc=None) -> None:
    """teardown_request: the request's read-only connection back to the pool."""
    conn = g.pop("api_reading", None)
    if conn is not None:
        conn.close()
