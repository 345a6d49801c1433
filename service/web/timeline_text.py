"""One line per event of a task's timeline, in the reader's language, and its messages."""
from __future__ import annotations

from sqlalchemy import select

from service.outbox.tables import outbox
from service.web.formatting import vn_date
from service.web.i18n import _

STATE_NAMES = {"open": "Chưa bắt đầu", "in_progress": "Đang thực hiện", "submitted": "Chờ duyệt",
               "returned": "Bị trả lại", "done": "Hoàn thành", "cancelled": "Đã hủy"}
KIND_NAMES = {"one_off": "Một lần", "continuous": "Thường xuyên", "report": "Báo cáo định kỳ"}
RULES = {"before_7": "trước hạn 7 ngày", "before_3": "trước hạn 3 ngày",
         "before_1": "trước hạn 1 ngày", "due_today": "đến hạn hôm nay"}


def state_name(state: str) -> str:
    return _(STATE_NAMES.get(state, state))


def kind_name(kind: str) -> str:
    return _(KIND_NAMES.get(kind, kind))


def describe(entry, agencies: dict[str, str]) -> str:
    d, t = entry.data, entry.type
    agency = lambda key: agencies.get(d.get(key), d.get(key) or "?")  # noqa: E731
    texts = {
        "TaskCreated": lambda: _("Giao nhiệm vụ cho {agency}, hạn {deadline}",
                                 agency=agency("agency_id"), deadline=vn_date(d.get("deadline"))),
        "TaskStarted": lambda: _("Bắt đầu thực hiện"),
        "ResultSubmitted": lambda: (
            _("{agency} đã gửi kết quả (nội dung chỉ đơn vị đó và cơ quan thường trực xem được)",
              agency=agency("agency_id")) if d.get("redacted")
            else _("Gửi kết quả: {text}", text=d.get("text") or "—")),
        "SubmissionShared": lambda: _("Chia sẻ kết quả đã gửi trước đây cho {agency}",
                                      agency=agency("agency_id")),
        "SubmissionAccepted": lambda: _("Chấp nhận kết quả"),
        "SubmissionReturned": lambda: _("Trả lại kết quả: {reason}", reason=d.get("reason", "")),
        "ExtensionRequested": lambda: _("Đề nghị gia hạn đến {date}: {reason}",
                                        date=vn_date(d.get("new_deadline")), reason=d.get("reason", "")),
        "ExtensionGranted": lambda: _("Đồng ý gia hạn đến {date}", date=vn_date(d.get("new_deadline"))),
        "ExtensionRefused": lambda: _("Không đồng ý gia hạn: {reason}", reason=d.get("reason", "")),
        "TaskReassigned": lambda: _("Chuyển từ {a} sang {b}: {reason}", a=agency("from_agency_id"),
                                    b=agency("to_agency_id"), reason=d.get("reason", "")),
        "TaskTransferred": lambda: _("{a} đã sáp nhập vào {b}, nhiệm vụ chuyển theo: {reason}",
                                     a=agency("from_agency_id"), b=agency("to_agency_id"),
                                     reason=d.get("reason", "")),
        "TaskCancelled": lambda: _("Hủy nhiệm vụ: {reason}", reason=d.get("reason", "")),
        "CommentAdded": lambda: _("Ý kiến: {text}", text=d.get("text", "")),
        "BecameOverdue": lambda: _("Quá hạn (hạn {date})", date=vn_date(d.get("deadline"))),
        "ReminderSent": lambda: _("Đã nhắc việc ({rule})", rule=_(RULES.get(d.get("rule"), d.get("rule") or ""))),
        "ReminderSkipped": lambda: _("Bỏ qua nhắc việc ({rule})", rule=d.get("rule", "")),
        "Escalated": lambda: _("Báo cáo vượt cấp tới {audience}", audience=d.get("audience", "")),
        "SubmissionFilesErased": lambda: _(
            "Xóa {n} tệp đính kèm của kết quả đã gửi theo thời hạn lưu trữ ({days} ngày sau khi "
            "kế hoạch kết thúc ngày {date})", n=len(d.get("files") or ()),
            days=d.get("retention_days"), date=vn_date(d.get("plan_closed_on"))),
    }
    return texts.get(t, lambda: t)()


def messages_for(conn, task_id: str) -> list[dict]:
    """Messages queued about the task (the outbox), newest first (the last 50)."""
    rows = conn.execute(select(outbox.c.kind, outbox.c.channel, outbox.c.address,
                               outbox.c.status, outbox.c.last_error, outbox.c.created_at,
                               outbox.c.sent_at, outbox.c.attempts)
                        .where(outbox.c.task_id == task_id)
                        .order_by(outbox.c.created_at.desc()).limit(50)).mappings().all()
    return [dict(r) for r in rows]
