"""One SMTP connection, in turn (service.outbox.pipeline.InTurn, the default): the relay reads a
message while the dispatcher prepares the next, yet each acceptance is recorded before the
relay can take another message (email or SMS): at any moment at most one message the relay or
the gateway took is not recorded, the promise kill -9 relies on."""
import smtplib

from service.outbox import outcomes
from tests.outbox.test_batch_logging import D, returned
from tests.outbox.world import HEALTH, add_person, add_task, happen, rows
from workflows.task_events import SubmissionReturned


def test_each_acceptance_is_recorded_before_anything_else_can_be_taken(
        dd, dispatcher, mail, http_gateway, clock, monkeypatch):
    """Checked where it counts: as the relay or the gateway takes a message, every message
    taken before it has its acceptance recorded."""
    returned(dd, 4)  # each task: an email and an SMS to its focal point, an email to another
    add_person(dd, "fp2", "focal_point", HEALTH, email="fp2@yte.example.vn", channels=("email",))
    for i in range(4, 8):  # and emails one after another
        add_task(dd, f"t{i}", D)
        happen(dd, f"t{i}", SubmissionReturned(f"thiếu số liệu {i}"))
    unrecorded = []

    def check(taken_before: int) -> None:
        recorded = sum(r.status in ("accepted", "sent") for r in rows(dd))
        if recorded != taken_before:
            unrecorded.append((taken_before, recorded))
    take_mail, take_sms = mail.handler.handle_DATA, http_gateway.next_answer

    async def taking_mail(*args):
        check(len(mail.received) + len(http_gateway.requests))
        return await take_mail(*args)

    def taking_sms():
        check(len(mail.received) + len(http_gateway.requests) - 1)  # this one is in
        return take_sms()
    monkeypatch.setattr(mail.handler, "handle_DATA", taking_mail)
    monkeypatch.setattr(http_gateway, "next_answer", taking_sms)
    # and in the dispatcher's own order (no race): between two messages' last lines (or SMS
    # sent), the first one's acceptance is recorded (on PostgreSQL: its statement sent while
    # the next message goes up to its lines, its answer read before them)
    said, send, record = [], smtplib.SMTP.send, outcomes.send_accepted
    send_sms = dispatcher.transports["sms"].send

    def sending(smtp, data):
        if isinstance(data, bytes) and data.endswith(b"\r\n.\r\n"):
            said.append("taken")
        return send(smtp, data)

    def sending_sms(message):
        said.append("taken")
        return send_sms(message)

    def recording(*args, **kwargs):
        answer = record(*args, **kwargs)

        def recorded():
            ok = answer()
            said.append("recorded")
            return ok
        return recorded
    monkeypatch.setattr(smtplib.SMTP, "send", sending)
    monkeypatch.setattr(dispatcher.transports["sms"], "send", sending_sms)
    monkeypatch.setattr(outcomes, "send_accepted", recording)
    assert dispatcher.run_once(clock.now()).sent == 20
    assert unrecorded == []
    assert said == ["taken", "recorded"] * 20
    assert (len(mail.received), len(http_gateway.requests)) == (12, 8)
    assert len({m.peer for m in mail.received}) == 1  # one kept connection
    assert {r.status for r in rows(dd)} == {"sent"}


def test_a_refused_email_in_turn_is_settled_and_the_others_go(dd, dispatcher, mail, clock):
    returned(dd, 3)
    mail.refuse("fp1@yte.example.vn")  # every email refused for good, the SMS go
    counts = dispatcher.run_once(clock.now())
    assert (counts.sent, counts.failed) == (3, 3)
    assert sorted(r.status for r in rows(dd)) == ["failed"] * 3 + ["sent"] * 3
