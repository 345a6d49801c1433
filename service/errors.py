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
``message`` is the Vietnamese text, which is also the key of the English catalogue
(service.web.i18n_en), formatted with ``values``; ``detail`` is English, for the API's
``message`` and the command line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from marshmallow import ValidationError

from service.auth.credentials import CommonPassword, WeakPassword
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

# A transition refused, by the domain's code: what the person can do about it.
TRANSITIONS = {
    "wrong_state": "Không thể làm việc này ở trạng thái hiện tại của nhiệm vụ.",
    "task_closed": "Nhiệm vụ đã hoàn thành hoặc đã hủy.",
    "empty_result": "Hãy nhập nội dung kết quả, số liệu hoặc đính kèm tệp.",
    "text_required": "Hãy nhập nội dung.",
    "reason_required": "Hãy nêu lý do.",
    "deadline_required": "Hãy chọn hạn mới đề nghị.",
    "stale_deadline": "Hạn mới phải sau hạn hiện tại.",
    "deadline_passed": "Hạn mới đã qua.",
    "extension_pending": "Đang có một đề nghị gia hạn chờ xử lý.",
    "no_pending_extension": "Không có đề nghị gia hạn nào chờ xử lý.",
    "same_agency": "Cơ quan mới trùng với cơ quan hiện tại.",
    "agency_required": "Hãy chọn cơ quan nhận nhiệm vụ.",
    "missing_field": "Thiếu thông tin bắt buộc.",
    "figure_value_required": "Hãy nhập số liệu, hoặc số lượng và tổng số.",
    "figure_parts": "Số liệu tỷ lệ cần cả số lượng và tổng số, tổng số lớn hơn 0.",
    "figure_share_mismatch": "Tỷ lệ đã nhập không khớp với số lượng và tổng số.",
}

# Field names in the messages about them.
FIELDS = {"username": "Tên đăng nhập", "name": "Họ tên", "role": "Vai trò", "agency_id": "Cơ quan",
          "email": "Email", "phone": "Số điện thoại", "channels": "Kênh nhận tin",
          "level": "Cấp", "alias": "Tên gọi khác"}

WHAT = {"agency": "cơ quan", "person": "người dùng", "task": "nhiệm vụ", "plan": "kế hoạch"}


def _refused(code: str, reason: str, message: str) -> Answer:
    status = 409 if code in STATE_CONFLICTS else 422
    return Answer(status, "conflict" if status == 409 else "refused", code, reason, message,
                  {"reason": reason, "detail": reason}, {"code": code, "reason": reason})


def _transition(e: TransitionRefused) -> Answer:
    return _refused(e.code, e.reason, TRANSITIONS.get(e.code, "Không thực hiện được: {reason}"))


PLAN_REFUSALS = {"no_sender": "Kế hoạch chưa kích hoạt được: có mục chế độ báo cáo chưa ghi cơ quan gửi "
                              "báo cáo ({detail}).",
                 "bad_date": "Chưa sửa được bản nháp: ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy "
                             "({detail}).",
                 "bad_correction": "Chưa sửa được bản nháp: {detail}",
                 "bad_quorum": "Số đơn vị cần hoàn thành phải là một số từ 1 đến số đơn vị được giao.",
                 "not_collective": "Nhiệm vụ này không giao cho nhiều đơn vị."}


def _plan_refused(e: PlanRefused) -> Answer:
    return _refused(e.code, e.reason, PLAN_REFUSALS.get(e.code, "Kế hoạch chưa kích hoạt được: {detail}"))


def _stale(e: ConcurrencyError) -> Answer:
    return Answer(409, "conflict", "stale_version",
                  "someone changed it meanwhile: reload and try again",
                  "Người khác vừa thay đổi dữ liệu này. Hãy tải lại trang và thử lại.",
                  extra={"code": "stale_version", "expected_version": e.expected,
                         "current_version": e.actual})


def _log_refused(e: Exception) -> Answer:
    return Answer(503, "log_refused", "log_refused", f"the event log refused the write: {e}",
                  "Sổ sự kiện không ghi được (khóa sổ không khớp hoặc sổ bị cắt bớt). "
                  "Hãy báo quản trị viên chạy `dondoc log verify`.",
                  extra={"code": "log_refused"})


def _forbidden(e: PermissionDenied) -> Answer:
    return Answer(403, "forbidden", "forbidden", f"not allowed: {e.reason}",
                  "Bạn không có quyền làm việc này.")


def _unknown(what: str, key: str) -> Callable[[Exception], Answer]:
    return lambda e: Answer(404, "not_found", "not_found",
                            f"no {what} {getattr(e, key)!r}, or not one you may see",
                            "Không tìm thấy.")


def _not_found(e: NotFound) -> Answer:
    return Answer(404, "not_found", "not_found", str(e), "Không tìm thấy {what} {key}.",
                  {"what": WHAT.get(e.what, e.what), "key": e.key})


# A value refused with a code of its own (workflows.errors.InvalidValue): what to do about it.
VALUES = {
    "empty_name": "Hãy nhập tên mới của cơ quan.",
    "same_name": "Cơ quan đã có tên «{name}».",
    "merge_into_itself": "Không thể sáp nhập một cơ quan vào chính nó: hãy chọn cơ quan tiếp nhận khác.",
    "merge_reason": "Hãy nêu lý do sáp nhập (văn bản quyết định, ngày ban hành).",
    "retire_reason": "Hãy nêu lý do giải thể cơ quan.",
    "unfinished_tasks": "Cơ quan «{name}» còn {n} nhiệm vụ chưa hoàn thành: hãy sáp nhập vào cơ quan "
                        "kế nhiệm hoặc chuyển các nhiệm vụ trước khi giải thể.",
    "agency_merged": "Cơ quan «{name}» đã được sáp nhập vào cơ quan khác.",
    "agency_retired": "Cơ quan «{name}» đã giải thể.",
}


def _invalid(code: str) -> Callable[[InvalidValue | InvalidProfile], Answer]:
    def answer(e) -> Answer:
        own = getattr(e, "code", None)
        if own in VALUES:
            return Answer(422, "refused", own, str(e), VALUES[own], dict(e.values),
                          {"code": own, "field": e.field})
        problem = getattr(e, "problem", None) or str(e).split(": ", 1)[-1]
        return Answer(422, "refused", code, str(e), "{field} không hợp lệ: {detail}",
                      {"field": FIELDS.get(e.field, e.field), "detail": problem},
                      {"code": code, "field": e.field})
    return answer


def _exists(e: AlreadyExists) -> Answer:
    return Answer(409, "duplicate", "already_exists", str(e),
                  "Đã có {what} tên «{name}» ({existing}).",
                  {"what": WHAT.get(e.what, e.what), "name": e.name, "existing": e.existing})


def _duplicate_plan(e: DuplicatePlan) -> Answer:
    return Answer(409, "duplicate", "duplicate_plan", str(e),
                  "Tệp này đã được nhập trước đây (kế hoạch {plan}).", {"plan": e.plan_id},
                  {"plan_id": e.plan_id})


def _import_failed(e: PlanImportError) -> Answer:
    return Answer(422, "import_failed", "import_failed", str(e),
                  "Không đọc được kế hoạch: {detail}", {"detail": str(e)}, {"reason": e.reason})


def _weak_password(e: WeakPassword) -> Answer:
    return Answer(422, "refused", "weak_password", str(e), "Mật khẩu cần ít nhất 8 ký tự.",
                  extra={"code": "weak_password"})


def _common_password(e: CommonPassword) -> Answer:
    return Answer(422, "refused", "common_password", str(e),
                  "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.",
                  extra={"code": "common_password"})


def _not_a_number(e: NotANumber) -> Answer:
    return Answer(422, "refused", "not_a_number", str(e), "Số liệu không hợp lệ: {raw}",
                  {"raw": e.text}, {"code": "not_a_number"})


# A file refused at entry, by code: what is wrong with which file.
UPLOADS = {
    "file_kind": "Tệp {name}: loại tệp không được nhận. Chỉ nhận: {kinds}.",
    "file_too_large": "Tệp {name} lớn hơn {mb} MB.",
    "file_empty": "Tệp {name} rỗng.",
    "file_mismatch": "Tệp {name}: nội dung không khớp với đuôi .{ext}.",
    "too_many_files": "Tối đa {n} tệp cho một lần gửi.",
}


def _upload_refused(e: UploadRefused) -> Answer:
    return Answer(413 if e.code == "file_too_large" else 422, "refused", e.code, str(e),
                  UPLOADS[e.code], dict(e.values), {"code": e.code, **e.values})


def _validation(e: ValidationError) -> Answer:
    messages = e.messages if isinstance(e.messages, dict) else {"_schema": e.messages}
    return Answer(400, "validation", "validation", "some fields are not valid: see fields",
                  "Thông tin chưa hợp lệ: {detail}", {"detail": str(messages)},
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
