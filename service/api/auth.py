"""Bearer tokens: ``Authorization: Bearer <token>`` → person → Actor, once per request.

Deactivated people and unknown tokens get the same 401: a token reveals nothing about who
it was for.
"""
from __future__ import annotations

from flask import current_app, g, request

from service.api.errors import ApiError
from service.auth.actors import actor_for_token
from service.db import read_only
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
    dd = current_app.extensions["dondoc"]
    with read_only(dd.engine) as conn:  # no write lock: every API request passes here
        actor = actor_for_token(conn, token.strip())
    if actor is None:
        raise ApiError(401, "unauthorized", "the token is not valid (revoked, replaced, or its "
                                            "person deactivated)")
    g.actor = actor


def current_actor() -> Actor:
    return g.actor
