"""The JSON API, ``/api/v1``: bearer-token authentication, marshmallow schemas, every error as
JSON (see service.api.errors), OpenAPI 3 at ``/api/v1/openapi.json``."""
from __future__ import annotations

from flask import Blueprint, request

from service.api import errors
from service.api.auth import authenticate, close_reading
from service.api.requests import check_path_ids, limit_body_size

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)
errors.register(bp)


@bp.before_app_request
def _api_routing_errors():
    """An unknown path or method under /api/v1 answers JSON too. (Routing errors have no
    blueprint, so the blueprint's handlers never see them; before_request runs first.)"""
    exc = request.routing_exception
    if exc is not None and exc.code >= 400 and (request.path == PREFIX or request.path.startswith(PREFIX + "/")):
        return errors.http_error(exc)
    return None


@bp.before_request
def _before_api_request() -> None:
    """What every API request passes, in this order (one hook: Flask's dispatch of each cost
    more than the two checks around the token's): its body's size limit, its bearer token, the
    ids in its path."""
    if request.method not in _WITHOUT_BODY:
        limit_body_size()
    authenticate()
    check_path_ids()


_WITHOUT_BODY = frozenset({"GET", "HEAD", "OPTIONS"})  # nothing reads a body there
bp.teardown_request(close_reading)

from service.api import agencies, cascade, openapi, plans, stats, task_commands, tasks  # noqa: E402,F401
