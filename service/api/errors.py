"""Every error of the API as JSON: ``{"error": kind, "message": ..., ...}``.

The statuses, kinds and codes of refusals are the service's one error table
(``service.errors``): this module renders its answers, and adds what is the API's own:
401 (no token or a bad one), malformed requests (400 malformed JSON, 413 body too large,
415 not JSON, 405) and 500 for anything the table does not hold (a bug: logged, never
described). 404 also stands for a task or plan the actor may not see (indistinguishable, so
the API never tells a focal point what other agencies have).
"""
from __future__ import annotations

from flask import current_app, jsonify
from werkzeug.exceptions import HTTPException

from service.errors import answer_for

_HTTP_KINDS = {400: "malformed_request", 401: "unauthorized", 403: "forbidden",
               404: "not_found", 405: "method_not_allowed", 413: "too_large",
               415: "unsupported_media_type"}

_CHALLENGE = 'Bearer realm="dondoc"'


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, **extra):
        super().__init__(message)
        self.status, self.error, self.message, self.extra = status, error, message, extra


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"no {what}, or not one you may see")


def error_response(status: int, error: str, message: str, headers=None, **extra):
    body = {"error": error, "message": message, **extra}
    return jsonify(body), status, headers or {}


def register(bp) -> None:
    bp.register_error_handler(ApiError, _api_error)
    bp.register_error_handler(HTTPException, http_error)
    for status in _HTTP_KINDS:  # a handler by code (the web pages') would win over the class
        bp.register_error_handler(status, http_error)
    bp.register_error_handler(Exception, _answer)


def _api_error(e: ApiError):
    headers = {"WWW-Authenticate": _CHALLENGE} if e.status == 401 else None
    return error_response(e.status, e.error, e.message, headers, **e.extra)


def http_error(e: HTTPException):
    status = e.code or 500
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = _CHALLENGE
    if status == 405 and getattr(e, "valid_methods", None):
        headers["Allow"] = ", ".join(e.valid_methods)
    return error_response(status, _HTTP_KINDS.get(status, "http_error"), e.description or e.name,
                          headers)


def _answer(e: Exception):
    answer = answer_for(e)
    if answer is None:
        current_app.logger.exception("API error")
        return error_response(500, "internal", "something went wrong on our side; it is logged")
    return error_response(answer.status, answer.error, answer.detail, **answer.extra)
