"""The task's timeline in sentences a civil servant would write, and its messages as they are:
no internal names (MessageSent, system:dispatcher, remind_1), a message only written to the
instance's file is not shown as sent."""
import re
from datetime import datetime, timezone

from sqlalchemy import select

from service.eventlog.store import Meta
from service.outbox.tables import outbox
from service.outbox.transports import WRITTEN_TO_FILE
from workflows.message_events import MessageFailed, MessageSent
from workflows.task_events import ReminderSent, ReminderSkipped, Escalated

INTERNAL = ("MessageSent", "MessageFailed", "system:", "remind_", "ReminderSent", "Escalated",
            "focal_points", "coordinator", "daily_digest")


def _append(dd, task_id, actor, events):
    with dd.uow(Meta(actor=actor)) as uow:
        version = uow.events.stream_version(f"task-{task_id}")
        uow.append(f"task-{task_id}", version, events)
        uow.commit()


def test_the_timeline_speaks_vietnamese(as_user, dd, world):
    deadline = datetime(2023, 1, 3).date()
    fp = world.people["fp_health"]
    _append(dd, world.one_off, "system:scheduler", [
        ReminderSent("remind_3", f"{world.one_off}:remind_3:{deadline}", deadline),
        ReminderSkipped("remind_1", f"{world.one_off}:remind_1:{deadline}", deadline),
        Escalated("escalate_coordinator", f"{world.one_off}:escalate_coordinator:{deadline}",
                  deadline, "coordinator")])
    _append(dd, world.one_off, "system:dispatcher", [
        MessageSent(1, "daily_digest", "email", fp, "<m1@x>"),
        MessageFailed(2, "reminder", "sms", fp, "số điện thoại không nhận tin", True)])
    html = as_user("coord").text(f"/nhiem-vu/{world.one_off}")
    timeline = html.split("Diễn biến")[1].split("</section>")[0]
    assert "Hệ thống ghi lời nhắc trước hạn 3 ngày làm việc (hạn 03/01/2023)" in timeline
    assert "Không gửi lời nhắc trước hạn 1 ngày làm việc: đã có lời nhắc mới hơn" in timeline
    assert "được báo cáo với cơ quan thường trực (điều phối)" in timeline
    assert "Đã gửi thư điện tử thư tổng hợp hằng ngày cho Người fp_health" in timeline
    assert "Không gửi được tin nhắn SMS nhắc việc cho Người fp_health (đã thôi gửi lại)" in timeline
    assert "Hệ thống (gửi tin)" in timeline and "Hệ thống (lịch nhắc việc)" in timeline
    shown = re.sub(r"<[^>]+>", " ", timeline)  # what a person reads, not the markup
    for word in INTERNAL:
        assert word not in shown, word


def test_a_message_written_to_the_file_is_not_called_sent(as_user, dd, world):
    now = datetime(2022, 6, 1, 1, tzinfo=timezone.utc)
    with dd.engine.begin() as conn:
        for n, (status, provider) in enumerate((("sent", WRITTEN_TO_FILE), ("sent", "<m@x>"))):
            conn.execute(outbox.insert().values(
                kind="reminder", channel="email", person_id=world.people["fp_health"],
                address="fp_health@example.gov.vn", task_id=world.one_off, status=status,
                provider_id=provider, created_at=now, sent_at=now, attempts=1,
                dedupe_key=f"test-{n}", context={}, next_attempt_at=now))
    html = as_user("coord").text(f"/nhiem-vu/{world.one_off}")
    box = html.split("Tin nhắn đã gửi")[1]
    assert "Đã ghi vào tệp – chưa cấu hình máy chủ gửi tin" in box
    assert box.count("Đã gửi") == 1 and "nhắc việc" in box and "thư điện tử" in box
