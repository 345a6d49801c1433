"""From event to inbox: real SMTP and HTTP servers on loopback, the clock moved by hand."""
import re
from datetime import date

import pytest

from service.links import links_for
from service.outbox.digests import queue_daily_digests, queue_weekly_summaries
from service.outbox.queries import messages_for_task, status_counts
from tests.outbox.world import HEALTH, PLAN, add_person, add_task, happen, rows, seed, stream
from workflows.message_events import MessageSent
from workflows.task_events import Escalated, ReminderSent, SubmissionReturned

D = date(2024, 3, 8)


@pytest.fixture
def world(dd):
    seed(dd)
    add_task(dd, "t1", D, title="Báo cáo công tác phòng, chống mại dâm")
    add_task(dd, "t2", date(2024, 3, 1), title="Tổ chức tập huấn")
    add_task(dd, "t3", date(2024, 2, 20), title="Kiểm tra cơ sở")
    add_person(dd, "fp1", "focal_point", HEALTH, email="fp1@yte.example.vn",
               phone="+84912345678")
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", phone="+84987654321",
               plan_ids=[PLAN])
    return dd


def bodies(mail):
    return [m.message.get_body(("plain",)).get_content() for m in mail.received]


def test_reminders_reach_a_focal_point_as_one_digest_listing_every_task(world, dispatcher,
                                                                        mail, http_gateway, clock):
    happen(world, "t1", ReminderSent("remind_7", "k1", D))
    happen(world, "t2", ReminderSent("due_today", "k2", date(2024, 3, 1)))
    assert dispatcher.run_once(clock.now()).claimed == 0  # held, not sent one by one
    with world.engine.begin() as conn:
        queue_daily_digests(conn, clock.now())
    counts = dispatcher.run_once(clock.now())
    assert (counts.sent, counts.failed) == (2, 0)
    (mail_,) = mail.received
    assert mail_.envelope.rcpt_tos == ["fp1@yte.example.vn"]
    text = bodies(mail)[0]
    for title in ("Báo cáo công tác phòng, chống mại dâm", "Tổ chức tập huấn", "Kiểm tra cơ sở"):
        assert title in text
    assert "QUÁ HẠN (1)" in text and "ĐẾN HẠN HÔM NAY (1)" in text
    # a signed one-click link to each task, and a one-click way out of email
    links = links_for(world)
    found = [links.read_task(u.split("/l/")[1]) for u in re.findall(r"http://127\.0\.0\.1:5000/l/\S+", text)]
    assert {("t1", "fp1"), ("t2", "fp1"), ("t3", "fp1")} <= set(found)
    unsubscribe = mail_.message["List-Unsubscribe"].strip("<>")
    assert links.read_unsubscribe(unsubscribe.rsplit("/", 1)[1]) == ("fp1", "email")
    assert mail_.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (sms,) = http_gateway.requests
    assert sms.json["to"] == "+84912345678" and "1 nhiem vu qua han" in sms.json["text"]
    sent = [e for e in stream(world, "messages-fp1") if isinstance(e, MessageSent)]
    assert {e.channel for e in sent} == {"email", "sms"}
    assert dispatcher.run_once(clock.now()).claimed == 0


def test_an_escalation_arrives_at_once_and_shows_in_the_task_timeline(world, dispatcher, mail,
                                                                      http_gateway, clock):
    happen(world, "t3", Escalated("escalate_coordinator", "k", date(2024, 2, 20), "coordinator"))
    counts = dispatcher.run_once(clock.now())
    assert counts.sent == 2
    (m,) = mail.received
    assert m.envelope.rcpt_tos == ["co1@ldtbxh.example.vn"]
    assert "Sở Y tế" in m.message["Subject"] and "Kiểm tra cơ sở" in bodies(mail)[0]
    assert "đã được nhắc" not in bodies(mail)[0]  # nothing reached the agency: none is claimed
    assert m.message["Message-ID"].startswith("<outbox.")
    assert http_gateway.requests[0].json["to"] == "+84987654321"
    sent = [e for e in stream(world, "task-t3") if isinstance(e, MessageSent)]
    assert sorted(e.channel for e in sent) == ["email", "sms"]
    assert {e.recipient for e in sent} == {"co1"}
    assert {r.status for r in rows(world)} == {"sent"}
    with world.engine.connect() as conn:
        listed = messages_for_task(conn, "t3")
        assert status_counts(conn) == {"sent": 2, "merged": 2}  # listed for co1, per channel
    assert {(m["channel"], m["person_name"], m["status"]) for m in listed} == {
        ("email", "Người co1", "sent"), ("sms", "Người co1", "sent"),
        ("email", "Người co1", "merged"), ("sms", "Người co1", "merged")}
    assert listed[0]["sent_at"] == clock.now() and listed[0]["task_title"] == "Kiểm tra cơ sở"


def test_a_returned_submission_reaches_the_focal_point_with_the_reason(world, dispatcher, mail,
                                                                      clock):
    happen(world, "t1", SubmissionReturned("Thiếu số liệu biểu 02 & phụ lục"))
    dispatcher.run_once(clock.now())
    assert len(mail.received) == 1
    assert "Thiếu số liệu biểu 02 & phụ lục" in bodies(mail)[0]
    assert "Thiếu số liệu biểu 02 &amp; phụ lục" in mail.received[0].message.get_body(
        ("html",)).get_content()


def test_the_weekly_summary_reaches_the_coordinator(world, dispatcher, mail, clock):
    with world.engine.begin() as conn:
        queue_weekly_summaries(conn, clock.now())
    dispatcher.run_once(clock.now())
    (m,) = mail.received
    assert m.envelope.rcpt_tos == ["co1@ldtbxh.example.vn"]
    assert "SỞ Y TẾ (1)" in bodies(mail)[0] and "Kiểm tra cơ sở" in bodies(mail)[0]
