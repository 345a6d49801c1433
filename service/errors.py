"""The one error table: each refusal the system knows, with its HTTP status, its stable code
and the message a person reads. The API (service.api.errors), the web pages
(service.web.messages) and the command line (service.cli.plan) only render its answers.

An exception the table does not hold is a bug, whatever its class: a KeyError, a ValueError
from deep inside, a TypeError. It is never dressed up as a polite refusal: the API answers
500 and logs it, a page shows the error page, the command line prints the traceback.

Statuses: 400 a request that does not parse (marshmallow's ValidationError); 403 the person
may see the thing but not do this; 404 no such thing (or one the actor may not see); 409 a
conflict with the thing's state (reloading or waiting may help: a stale version, a duplicate,
a state that forbids the command now); 422 a well-formed request the domain refuses.
``message`` is the Vietnamese text, which is also the message id of the catalogue
(service.translations), formatted with ``values``; ``detail`` is English, for the API's
``message`` and the command line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter
from typing import Any, Callable

from marshmallow import ValidationError

from service.auth.credentials import CommonPassword, WeakPassword
from service.refusal_texts import (FIELDS, IMPORT_REFUSALS, INVALID, PLAN_REFUSALS, PLAN_STATUSES,
                                   PLAN_UNKNOWN, TRANSITION_UNKNOWN, TRANSITIONS, UPLOADS, WHAT)
from service.eventlog.hashing import LogKeyMissing
from service.eventlog.head import LogRefused
from service.eventlog.store import ConcurrencyError
from service.handlers.people import InvalidProfile
from service.handlers.plans import DuplicatePlan, UnknownPlan
from service.handlers.tasks import UnknownTask
from service.upload_checks import UploadRefused
from workflows.errors import AlreadyExists, InvalidValue, NotFound
from workflows.importing import PlanImportError
from workflows.numbers import NotANumber
from workflows.permissions import PermissionDenied
from workflows.plans import PlanRefused
from workflows.tasks import TransitionRefused
from service.texts import N_


@dataclass(frozen=True)
class Answer:
    status: int  # HTTP status
    error: str  # the kind: forbidden, not_found, conflict, refused, duplicate, ...
    code: str  # stable, finer than the kind: stale_version, wrong_state, weak_password, ...
    detail: str  # English, one line a person can act on
    message: str  # Vietnamese; the English catalogue's key
    values: dict[str, Any] = field(default_factory=dict)  # for ``message``
    extra: dict[str, Any] = field(default_factory=dict)  # more of the API's JSON body


# Refusals because of the state the thing is in (retrying later or reloading may help): 409.
# Every other refusal is about the request itself: 422.
STATE_CONFLICTS = frozenset({"wrong_state", "task_closed", "extension_pending",
                             "no_pending_extension", "stale_deadline", "already_handled",
                             "not_a_draft", "not_created"})


def _text(table: dict, code: str, values: dict, fallback: str) -> str:
    """The table's text for ``code`` when ``values`` fill all its blanks, else ``fallback``."""
    text = table.get(code)
    if text is None or any(f and f not in values for _, f, _, _ in Formatter().parse(text)):
        return fallback
    return text


def _refused(code: str, reason: str, message: str, values: dict) -> Answer:
    status = 409 if code in STATE_CONFLICTS else 422
    return Answer(status, "conflict" if status == 409 else "refused", code, reason, message,
                  values, {"code": code, "reason": reason})


def _transition(e: TransitionRefused) -> Answer:
    return _refused(e.code, e.reason, _text(TRANSITIONS, e.code, e.values, TRANSITION_UNKNOWN),
                    e.values)


def _plan_refused(e: PlanRefused) -> Answer:
    values = dict(e.values)
    if "status" in values:
        values["status"] = PLAN_STATUSES.get(values["status"], values["status"])
    for key in ("start", "end"):
        if hasattr(values.get(key), "strftime"):
            values[key] = values[key].strftime("%d/%m/%Y")
    return _refused(e.code, e.reason, _text(PLAN_REFUSALS, e.code, values, PLAN_UNKNOWN), values)


def _stale(e: ConcurrencyError) -> Answer:
    return Answer(409, "conflict", "stale_version",
                  "someone changed it meanwhile: reload and try again",
                  N_("Người khác vừa thay đổi dữ liệu này. Hãy tải lại trang và thử lại."),
                  extra={"code": "stale_version", "expected_version": e.expected,
                         "current_version": e.actual})


def _log_refused(e: Exception) -> Answer:
    return Answer(503, "log_refused", "log_refused", f"the event log refused the write: {e}",
                  N_("Sổ sự kiện không ghi được (khóa sổ không khớp hoặc sổ bị cắt bớt). "
                  "Hãy báo quản trị viên chạy `dondoc log verify`."),
                  extra={"code": "log_refused"})


def _forbidden(e: PermissionDenied) -> Answer:
    return Answer(403, "forbidden", "forbidden", f"not allowed: {e.reason}",
                  N_("Bạn không có quyền làm việc này."))


def _unknown(what: str, key: str) -> Callable[[Exception], Answer]:
    return lambda e: Answer(404, "not_found", "not_found",
                            f"no {what} {getattr(e, key)!r}, or not one you may see",
                            N_("Không tìm thấy."))


def _not_found(e: NotFound) -> Answer:
    return Answer(404, "not_found", "not_found", str(e), N_("Không tìm thấy {what} {key}."),
                  {"what": WHAT.get(e.what, e.what), "key": e.key})


# A value refused with a code of its own (workflows.errors.InvalidValue): what to do about it.


def _invalid(code: str) -> Callable[[InvalidValue | InvalidProfile], Answer]:
    def answer(e) -> Answer:
        values = {"field": FIELDS.get(e.field, e.field), **e.values}
        return Answer(422, "refused", code, str(e), _text(INVALID, e.code, values, INVALID["invalid"]),
                      values, {"code": code, "field": e.field, "reason": e.code})
    return answer


def _exists(e: AlreadyExists) -> Answer:
    return Answer(409, "duplicate", "already_exists", str(e),
                  N_("Đã có {what} tên «{name}» ({existing})."),
                  {"what": WHAT.get(e.what, e.what), "name": e.name, "existing": e.existing})


def _duplicate_plan(e: DuplicatePlan) -> Answer:
    return Answer(409, "duplicate", "duplicate_plan", str(e),
                  N_("Tệp này đã được nhập trước đây (kế hoạch {plan})."), {"plan": e.plan_id},
                  {"plan_id": e.plan_id})


def _import_failed(e: PlanImportError) -> Answer:
    values = {"file": e.filename or "", "line": e.line or "—", **e.values}
    return Answer(422, "import_failed", "import_failed", str(e),
                  _text(IMPORT_REFUSALS, e.code, values, IMPORT_REFUSALS["unreadable"]), values,
                  {"reason": e.reason, "code": e.code})


def _weak_password(e: WeakPassword) -> Answer:
    return Answer(422, "refused", "weak_password", str(e), N_("Mật khẩu cần ít nhất 8 ký tự."),
                  extra={"code": "weak_password"})


def _common_password(e: CommonPassword) -> Answer:
    return Answer(422, "refused", "common_password", str(e),
                  N_("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."),
                  extra={"code": "common_password"})


def _not_a_number(e: NotANumber) -> Answer:
    return Answer(422, "refused", "not_a_number", str(e), N_("Số liệu không hợp lệ: {raw}"),
                  {"raw": e.text}, {"code": "not_a_number"})


def _upload_refused(e: UploadRefused) -> Answer:
    return Answer(413 if e.code == "file_too_large" else 422, "refused", e.code, str(e),
                  UPLOADS[e.code], dict(e.values), {"code": e.code, **e.values})


def _validation(e: ValidationError) -> Answer:
    messages = e.messages if isinstance(e.messages, dict) else {"_schema": e.messages}
    return Answer(400, "validation", "validation", "some fields are not valid: see fields",
                  N_("Thông tin chưa hợp lệ ở: {fields}."), {"fields": ", ".join(sorted(map(str, messages)))},
                  {"fields": messages})


# Most specific first: the first class in an exception's MRO that is here answers for it.
TABLE: dict[type[Exception], Callable[[Any], Answer]] = {
    PermissionDenied: _forbidden,
    ConcurrencyError: _stale,
    LogRefused: _log_refused,
    LogKeyMissing: _log_refused,
    TransitionRefused: _transition,
    PlanRefused: _plan_refused,
    DuplicatePlan: _duplicate_plan,
    PlanImportError: _import_failed,
    UnknownTask: _unknown("task", "task_id"),
    UnknownPlan: _unknown("plan", "plan_id"),
    NotFound: _not_found,
    InvalidProfile: _invalid("invalid_profile"),
    InvalidValue: _invalid("invalid_value"),
    AlreadyExists: _exists,
    CommonPassword: _common_password,
    WeakPassword: _weak_password,
    NotANumber: _not_a_number,
    UploadRefused: _upload_refused,
    ValidationError: _validation,
}


def answer_for(exc: BaseException) -> Answer | None:
    """The table's answer for ``exc``, or None: not a refusal, a bug (let it raise)."""
    for cls in type(exc).__mro__:
        make = TABLE.get(cls)
        if make is not None:
            return make(exc)
    return None


def describe(exc: BaseException) -> str | None:
    """One English line for the command line, or None (a bug: let it raise)."""
    answer = answer_for(exc)
    return None if answer is None else answer.detail
