"""Every error of the API as JSON: ``{"error": kind, "message": ..., ...}``.

Status codes:
- 400 validation (``fields`` names each bad field), malformed JSON, a bad cursor;
- 401 no token or a bad one; 403 the actor may see the thing but not do this to it;
- 404 no such thing, or a task or plan the actor may not see (indistinguishable, so the API
  never tells a focal point what other agencies have);
- 409 conflict: a stale ``expected_version`` (``code: stale_version``), a state that forbids
  the command now (``code`` from the domain, e.g. ``wrong_state``), a duplicate plan;
- 413 body too large; 415 not JSON; 422 a well-formed request the domain refuses (a reason
  missing, a deadline not later, an unreadable plan file).
"""
from __future__ import annotations

from flask import current_app, jsonify
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from service.eventlog.store import ConcurrencyError
from service.handlers.plans import DuplicatePlan, UnknownPlan
from service.handlers.tasks import UnknownTask
from workflows.importing import PlanImportError
from workflows.permissions import PermissionDenied
from workflows.plans import PlanRefused
from workflows.tasks import TransitionRefused

# Refusals because of the state the thing is in (retrying later or reloading may help): 409.
# Every other refusal is about the request itself: 422.
STATE_CONFLICTS = frozenset({"wrong_state", "task_closed", "extension_pending",
                             "no_pending_extension", "stale_deadline", "already_handled",
                             "not_a_draft", "not_created"})

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
    bp.register_error_handler(ValidationError, _validation)
    bp.register_error_handler(PermissionDenied, lambda e: error_response(
        403, "forbidden", f"not allowed: {e.reason}"))
    bp.register_error_handler(ConcurrencyError, _stale)
    bp.register_error_handler(TransitionRefused, lambda e: _refused(e.code, e.reason))
    bp.register_error_handler(PlanRefused, lambda e: _refused(e.code, e.reason))
    bp.register_error_handler(DuplicatePlan, lambda e: error_response(
        409, "duplicate", str(e), plan_id=e.plan_id))
    bp.register_error_handler(PlanImportError, lambda e: error_response(
        422, "import_failed", str(e), reason=e.reason))
    bp.register_error_handler(UnknownTask, lambda e: error_response(*_404("task")))
    bp.register_error_handler(UnknownPlan, lambda e: error_response(*_404("plan")))
    bp.register_error_handler(HTTPException, http_error)
    for status in _HTTP_KINDS:  # a handler by code (the web pages') would win over the class
        bp.register_error_handler(status, http_error)
    bp.register_error_handler(Exception, _internal)


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


def _404(what: str):
    return 404, "not_found", f"no {what}, or not one you may see"


def _validation(e: ValidationError):
    return error_response(400, "validation", "some fields are not valid: see fields",
                          fields=_messages(e.messages))


def _messages(messages):
    return messages if isinstance(messages, dict) else {"_schema": messages}


def _stale(e: ConcurrencyError):
    return error_response(409, "conflict", "someone changed it meanwhile: reload and try again",
                          code="stale_version", expected_version=e.expected,
                          current_version=e.actual)


def _refused(code: str, reason: str):
    status = 409 if code in STATE_CONFLICTS else 422
    return error_response(status, "conflict" if status == 409 else "refused", reason,
                          code=code, reason=reason)


def _internal(e: Exception):
    current_app.logger.exception("API error")
    return error_response(500, "internal", "something went wrong on our side; it is logged")
