"""Why a command was refused, in words a person can act on (Vietnamese unless they chose English)."""
from __future__ import annotations

from service.web.i18n import _

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
}

FIELDS = {"username": "Tên đăng nhập", "name": "Họ tên", "role": "Vai trò", "agency_id": "Cơ quan",
          "email": "Email", "phone": "Số điện thoại", "channels": "Kênh nhận tin"}


def describe_vi(exc: Exception) -> str | None:
    """A message for the person, or None when the error is not theirs to fix (let it raise)."""
    from service.auth.credentials import WeakPassword
    from service.eventlog.store import ConcurrencyError
    from service.handlers.people import InvalidProfile
    from service.handlers.plans import DuplicatePlan, UnknownPlan
    from service.handlers.tasks import UnknownTask
    from workflows.importing import PlanImportError
    from workflows.permissions import PermissionDenied
    from workflows.plans import PlanRefused
    from workflows.tasks import TransitionRefused

    if isinstance(exc, TransitionRefused):
        return _(TRANSITIONS.get(exc.code, "Không thực hiện được: {reason}"), reason=exc.reason)
    if isinstance(exc, PermissionDenied):
        return _("Bạn không có quyền làm việc này.")
    if isinstance(exc, ConcurrencyError):
        return _("Người khác vừa thay đổi dữ liệu này. Hãy tải lại trang và thử lại.")
    if isinstance(exc, InvalidProfile):
        return _("{field} không hợp lệ: {detail}", field=_(FIELDS.get(exc.field, exc.field)),
                 detail=str(exc).split(": ", 1)[-1])
    if isinstance(exc, WeakPassword):
        return _("Mật khẩu cần ít nhất 8 ký tự.")
    if isinstance(exc, DuplicatePlan):
        return _("Tệp này đã được nhập trước đây (kế hoạch {plan}).", plan=exc.plan_id)
    if isinstance(exc, PlanImportError):
        return _("Không đọc được kế hoạch: {detail}", detail=str(exc))
    if isinstance(exc, PlanRefused):
        return _("Kế hoạch chưa kích hoạt được: {detail}", detail=exc.reason)
    if isinstance(exc, (UnknownTask, UnknownPlan)):
        return _("Không tìm thấy.")
    if isinstance(exc, (LookupError, ValueError)):
        return _("Không thực hiện được: {detail}", detail=str(exc))
    return None
