"""One line per event of a task's timeline, in the reader's language, and its messages."""
from __future__ import annotations

from sqlalchemy import select

from service.outbox.tables import DELIVERED, NO_CONTACT, outbox
from service.outbox.transports import WRITTEN_TO_FILE
from service.web.formatting import vn_date
from service.texts import N_
from service.web.i18n import _

STATE_NAMES = {"open": N_("Chưa bắt đầu"), "in_progress": N_("Đang thực hiện"), "submitted": N_("Chờ duyệt"),
               "returned": N_("Bị trả lại"), "done": N_("Hoàn thành"), "cancelled": N_("Đã hủy")}
KIND_NAMES = {"one_off": N_("Một lần"), "continuous": N_("Thường xuyên"), "report": N_("Báo cáo định kỳ")}
AUDIENCES = {"focal_points": N_("đầu mối của cơ quan"), "coordinator": N_("cơ quan thường trực (điều phối)"),
             "leader": N_("lãnh đạo")}
CHANNELS = {"email": N_("thư điện tử"), "sms": N_("tin nhắn SMS"), "zalo": N_("tin nhắn Zalo"), "none": N_("—")}
MESSAGE_KINDS = {"reminder": N_("nhắc việc"), "due_today": N_("nhắc việc đến hạn"), "overdue": N_("báo quá hạn"),
                 "escalation_list": N_("báo cáo vượt cấp"), "submission_returned": N_("báo trả lại kết quả"),
                 "extension_granted": N_("báo gia hạn"), "task_assigned": N_("báo giao nhiệm vụ"),
                 "daily_digest": N_("thư tổng hợp hằng ngày"),
                 "weekly_summary": N_("thư tổng hợp hằng tuần"), "password_reset": N_("đặt lại mật khẩu")}
RULES = {"due_today": N_("đến hạn hôm nay"), "overdue": N_("quá hạn"),
         "escalate_coordinator": N_("báo cơ quan thường trực"), "escalate_leader": N_("báo lãnh đạo")}
DELIVERY_STATES = {"sent": N_("Đã gửi"), "accepted": N_("Đã gửi"), "failed": N_("Gửi lỗi"), "merged": N_("Gộp vào thư tổng hợp"),
                   "skipped": N_("Không gửi: nhiệm vụ đã xong trước giờ gửi thư tổng hợp"),
                   "held": N_("Chờ thư tổng hợp buổi sáng"), "sending": N_("Đang gửi"),
                   "pending": N_("Đang chờ gửi")}
SYSTEM = {None: N_("Hệ thống"), "system:scheduler": N_("Hệ thống (lịch nhắc việc)"),
          "scheduler": N_("Hệ thống (lịch nhắc việc)"),
          "system:dispatcher": N_("Hệ thống (gửi tin)"), "system:retention": N_("Hệ thống (lưu trữ)"),
          "system:cascade": N_("Hệ thống (liên kết kế hoạch)")}


def rule_name(rule: str | None) -> str:
    """A reminder rule as a person says it: ``remind_3`` → "trước hạn 3 ngày làm việc"."""
    if rule and rule.startswith("remind_") and rule[7:].isdigit():
        return _("trước hạn {n} ngày làm việc", n=int(rule[7:]))
    return _(RULES.get(rule or "", rule or ""))


def who(actor: str | None, name: str | None) -> str:
    """Who did it: a person's name, the system by its part, or the command line."""
    if name:
        return name
    if actor in SYSTEM or (actor or "").startswith("system:"):
        return _(SYSTEM.get(actor, "Hệ thống"))
    if (actor or "").startswith("cli:"):
        return _("Quản trị viên (dòng lệnh)")
    return actor or "—"


def state_name(state: str) -> str:
    return _(STATE_NAMES.get(state, state))


def kind_name(kind: str) -> str:
    return _(KIND_NAMES.get(kind, kind))


def describe(entry, agencies: dict[str, str], people: dict[str, str] | None = None) -> str:
    """The event as a sentence a civil servant would write."""
    d, t = entry.data, entry.type
    agency = lambda key: agencies.get(d.get(key), d.get(key) or "?")  # noqa: E731
    person = lambda key: (people or {}).get(d.get(key)) or _("người nhận")  # noqa: E731
    channel = lambda: _(CHANNELS.get(d.get("channel"), d.get("channel") or ""))  # noqa: E731
    kind = lambda: _(MESSAGE_KINDS.get(d.get("kind"), d.get("kind") or ""))  # noqa: E731
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
        "TaskDoneByPlan": lambda: _("Hoàn thành: đơn vị đã ban hành kế hoạch số {number} thực hiện "
                                    "kế hoạch này (kế hoạch đã kích hoạt, là minh chứng)",
                                    number=d.get("number") or "?"),
        "TaskReopened": lambda: _("Mở lại: kế hoạch số {number} không còn được liên kết với kế hoạch "
                                  "này, nên không còn là minh chứng ({reason})",
                                  number=d.get("number") or "?", reason=d.get("reason", "")),
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
        "ReminderSent": lambda: _("Hệ thống ghi lời nhắc {rule} (hạn {date}) để gửi cho đầu mối "
                                  "trong thư tổng hợp buổi sáng", rule=rule_name(d.get("rule")),
                                  date=vn_date(d.get("deadline"))),
        "ReminderSkipped": lambda: _("Không gửi lời nhắc {rule}: đã có lời nhắc mới hơn",
                                     rule=rule_name(d.get("rule"))),
        "Escalated": lambda: _("Nhiệm vụ quá hạn (hạn {date}) được báo cáo với {audience}",
                               date=vn_date(d.get("deadline")),
                               audience=_(AUDIENCES.get(d.get("audience"), d.get("audience") or ""))),
        "MessageSent": lambda: _("Đã gửi {channel} {kind} cho {person}", channel=channel(), kind=kind(),
                                 person=person("recipient")),
        "MessageFailed": lambda: _("Không gửi được {channel} {kind} cho {person}{final}: {error}",
                                   channel=channel(), kind=kind(), person=person("recipient"),
                                   final=_(" (đã thôi gửi lại)") if d.get("permanent") else "",
                                   error=d.get("error") or ""),
        "SubmissionFilesErased": lambda: _(
            "Xóa {n} tệp đính kèm của kết quả đã gửi theo thời hạn lưu trữ ({days} ngày sau khi "
            "kế hoạch kết thúc ngày {date})", n=len(d.get("files") or ()),
            days=d.get("retention_days"), date=vn_date(d.get("plan_closed_on"))),
    }
    return texts.get(t, lambda: _("Sự kiện khác ({type})", type=t))()


def messages_for(conn, task_id: str) -> list[dict]:
    """Messages queued about the task (the outbox), newest first (the last 50)."""
    rows = conn.execute(select(outbox.c.kind, outbox.c.channel, outbox.c.address,
                               outbox.c.status, outbox.c.last_error, outbox.c.created_at,
                               outbox.c.sent_at, outbox.c.attempts, outbox.c.provider_id,
                               outbox.c.person_id)
                        .where(outbox.c.task_id == task_id)
                        .order_by(outbox.c.created_at.desc()).limit(50)).mappings().all()
    return [{**r, "kind_name": _(MESSAGE_KINDS.get(r["kind"], r["kind"])),
             "channel_name": _(CHANNELS.get(r["channel"], r["channel"])),
             "outcome": delivery_state(r["status"], r["provider_id"]),
             "why": why(r) if r["status"] == "failed" else ""} for r in rows]


def delivery_state(status: str, provider_id: str | None) -> str:
    """What became of a message, as it is: a message only written to the instance's file was
    not sent to anybody."""
    if status in DELIVERED and provider_id == WRITTEN_TO_FILE:
        return _("Đã ghi vào tệp – chưa cấu hình máy chủ gửi tin")
    return _(DELIVERY_STATES.get(status, DELIVERY_STATES["pending"]))


def why(m) -> str:
    """Why a message never arrived, in the coordinator's words (never the sender's English)."""
    if m["person_id"] is None:
        return _("Cơ quan chưa có người nhận tin trên hệ thống: hãy thêm đầu mối hoặc lãnh đạo.")
    if m["last_error"] == NO_CONTACT:
        return _("Người nhận chưa có email hoặc số điện thoại dùng được.")
    return _("Máy chủ gửi tin từ chối sau {n} lần thử: {error}", n=m["attempts"],
             error=m["last_error"] or "—")
