"""Retries, refusals, outages, quiet hours, and rows that must fail alone."""
from datetime import date, datetime, timedelta, timezone

import pytest

from service.outbox.queries import failed_deliveries
from service.outbox.queueing import insert_row
from tests.outbox.world import HEALTH, PLAN, add_person, add_task, happen, rows, seed, stream
from workflows.message_events import MessageFailed, MessageSent
from workflows.task_events import Escalated, SubmissionReturned

D = date(2024, 2, 20)


def escalate(dd, task_id):
    happen(dd, task_id, Escalated("escalate_coordinator", f"{task_id}:esc", D, "coordinator"))


@pytest.fixture
def world(dd):
    seed(dd)
    for t in ("t1", "t2", "t3"):
        add_task(dd, t, D, title=f"Nhiệm vụ {t}")
    return dd


def sms_coordinator(dd, phone="+84987654321"):
    return add_person(dd, "co1", "coordinator", phone=phone, channels=("sms",), plan_ids=[PLAN])


def mail_coordinator(dd, email="co1@ldtbxh.example.vn"):
    return add_person(dd, "co1", "coordinator", email=email, channels=("email",),
                      plan_ids=[PLAN])


def events(dd, task_id, kind):
    return [e for e in stream(dd, f"task-{task_id}") if isinstance(e, kind)]


def test_gateway_errors_are_retried_with_backoff_and_the_sms_arrives_once(
        world, dispatcher, http_gateway, clock):
    sms_coordinator(world)
    http_gateway.respond(500, {"error": "busy"})
    http_gateway.respond(503)
    escalate(world, "t1")
    assert dispatcher.run_once(clock.now()).retried == 1
    (row,) = rows(world)
    assert row.status == "pending" and row.attempts == 1 and "HTTP 500" in row.last_error
    clock.advance(timedelta(seconds=59))
    assert dispatcher.run_once(clock.now()).claimed == 0  # 1 minute after the first try
    clock.advance(timedelta(seconds=1))
    assert dispatcher.run_once(clock.now()).retried == 1
    clock.advance(timedelta(minutes=2))  # then 2 minutes
    assert dispatcher.run_once(clock.now()).sent == 1
    assert len(http_gateway.requests) == 3
    assert len({r.json["reference"] for r in http_gateway.requests}) == 1  # one idempotency key
    (row,) = rows(world)
    assert (row.status, row.attempts, row.provider_id) == ("sent", 3, "msg-1")
    assert len(events(world, "t1", MessageSent)) == 1 and not events(world, "t1", MessageFailed)


def test_a_refused_number_fails_for_good_at_once(world, dispatcher, http_gateway, clock):
    sms_coordinator(world)
    http_gateway.respond(400, {"error": "invalid destination"})
    escalate(world, "t1")
    assert dispatcher.run_once(clock.now()).failed == 1
    (failed,) = events(world, "t1", MessageFailed)
    assert failed.permanent and "HTTP 400" in failed.error and failed.recipient == "co1"
    clock.advance(timedelta(days=1))
    assert dispatcher.run_once(clock.now()).claimed == 0
    assert len(http_gateway.requests) == 1
    with world.engine.connect() as conn:
        assert [f["person_id"] for f in failed_deliveries(conn, [PLAN])] == ["co1"]


def test_a_refused_mailbox_fails_for_good(world, dispatcher, mail, clock):
    mail_coordinator(world)
    mail.refuse("co1@ldtbxh.example.vn")
    escalate(world, "t1")
    assert dispatcher.run_once(clock.now()).failed == 1
    assert "550" in events(world, "t1", MessageFailed)[0].error


def test_retries_end_after_max_attempts_with_message_failed(world, dd, mail, http_gateway,
                                                            clock):
    from notifications.retry import Backoff
    from tests.outbox.conftest import make_dispatcher

    dispatcher = make_dispatcher(dd, mail, http_gateway, backoff=Backoff(max_attempts=3, jitter=0))
    sms_coordinator(world)
    for _ in range(3):
        http_gateway.respond(502)
    escalate(world, "t1")
    for _ in range(4):
        dispatcher.run_once(clock.now())
        clock.advance(timedelta(hours=1))
    (failed,) = events(world, "t1", MessageFailed)
    assert not failed.permanent and failed.error.startswith("gave up after 3 attempts")
    assert len(http_gateway.requests) == 3


def test_smtp_down_for_an_hour_every_message_arrives_exactly_once(world, dispatcher, mail,
                                                                  clock):
    mail_coordinator(world)
    mail.stop()
    for t in ("t1", "t2", "t3"):
        escalate(world, t)
    happen(world, "t1", SubmissionReturned("Thiếu"))  # nobody at the agency: fails alone
    end = clock.now() + timedelta(hours=1)
    while clock.now() < end:
        counts = dispatcher.run_once(clock.now())
        assert counts.sent == 0 and counts.failed == 0
        clock.advance(timedelta(minutes=5))
    assert {r.attempts for r in rows(world, status="pending")} == {6}  # 1, 2, 4, 8, 16, 32 min
    mail.start()
    for _ in range(12):
        dispatcher.run_once(clock.now())
        clock.advance(timedelta(minutes=10))
    assert sorted(m.message["Subject"] for m in mail.received).__len__() == 3
    assert len({m.message["Message-ID"] for m in mail.received}) == 3
    assert {r.status for r in rows(world, kind="escalation_list")} == {"sent"}
    for t in ("t1", "t2", "t3"):
        assert len(events(world, t, MessageSent)) == 1


def test_sms_waits_for_the_morning_email_does_not(world, dd, mail, http_gateway, dispatcher,
                                                  clock):
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", phone="+84987654321",
               plan_ids=[PLAN])
    clock.set(datetime(2024, 3, 1, 22, 30, tzinfo=timezone(timedelta(hours=7))))
    escalate(world, "t1")
    assert dispatcher.run_once(clock.now()).sent == 1  # the email
    assert http_gateway.requests == [] and len(mail.received) == 1
    (sms,) = rows(world, channel="sms")
    assert sms.status == "pending"
    clock.set(datetime(2024, 3, 2, 6, 59, tzinfo=timezone(timedelta(hours=7))))
    assert dispatcher.run_once(clock.now()).claimed == 0
    clock.set(datetime(2024, 3, 2, 7, 0, tzinfo=timezone(timedelta(hours=7))))
    assert dispatcher.run_once(clock.now()).sent == 1
    assert len(http_gateway.requests) == 1


def test_a_retry_that_would_fall_in_the_night_waits_for_the_morning(world, http_gateway,
                                                                    dispatcher, clock):
    sms_coordinator(world)
    clock.set(datetime(2024, 3, 1, 20, 59, 30, tzinfo=timezone(timedelta(hours=7))))
    http_gateway.respond(500)
    escalate(world, "t1")
    assert dispatcher.run_once(clock.now()).retried == 1
    (row,) = rows(world)
    assert row.next_attempt_at.replace(tzinfo=timezone.utc) == datetime(
        2024, 3, 2, 0, 0, tzinfo=timezone.utc)  # 07:00 in Hanoi


def test_a_template_error_or_a_person_without_contact_never_stops_the_others(
        world, dd, dispatcher, mail, clock):
    mail_coordinator(world)
    add_person(dd, "fp1", "focal_point", HEALTH, email="fp1@yte.example.vn", channels=("email",))
    add_person(dd, "fp2", "focal_point", HEALTH)  # no email, no phone
    with dd.engine.begin() as conn:  # a row whose context lacks what its template needs
        insert_row(conn, dedupe_key="broken", kind="escalation_list", task_id="t2", person_id="co1",
                   channel="email", address="co1@ldtbxh.example.vn", context={"task_id": "t2"},
                   status="pending", next_attempt_at=clock.now(), created_at=clock.now())
    escalate(world, "t1")
    happen(world, "t3", SubmissionReturned("Thiếu"))
    counts = dispatcher.run_once(clock.now())
    assert (counts.sent, counts.failed) == (2, 1)
    assert sorted(m.envelope.rcpt_tos[0] for m in mail.received) == [
        "co1@ldtbxh.example.vn", "fp1@yte.example.vn"]
    (failed,) = events(world, "t2", MessageFailed)
    assert failed.permanent and "cannot render escalation_list" in failed.error
    with dd.engine.connect() as conn:
        problems = {(f["person_id"], f["last_error"].split(":")[0])
                    for f in failed_deliveries(conn)}
    assert problems == {("co1", "cannot render escalation_list (email)"),
                        ("fp2", "no usable contact")}
