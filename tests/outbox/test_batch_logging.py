"""A batch's MessageSent events go on the log together, after each acceptance was recorded on
its own: each event keeps its own metadata (the outbox row, the event that caused it), two
messages about one task (email and SMS) follow each other on its stream, and the rows are
``sent`` only once their events are logged."""
from datetime import date

from service.outbox import outcomes
from service.outbox.claims import claim
from tests.outbox.world import HEALTH, add_person, add_task, happen, rows, seed
from workflows.message_events import MessageSent
from workflows.task_events import SubmissionReturned

D = date(2024, 3, 8)


def returned(dd, n: int) -> None:
    seed(dd)
    add_person(dd, "fp1", "focal_point", HEALTH, email="fp1@yte.example.vn", phone="+84912345678")
    for i in range(n):
        add_task(dd, f"t{i}", D)
        happen(dd, f"t{i}", SubmissionReturned(f"thiếu số liệu {i}"))


def sent_events(dd, task_id: str) -> list:
    with dd.uow() as uow:
        return [e for e in uow.events.read_stream(f"task-{task_id}")
                if isinstance(e.event, MessageSent)]


def test_each_message_of_a_batch_is_logged_with_its_own_row_and_cause(dd, dispatcher, mail,
                                                                       http_gateway, clock):
    returned(dd, 3)
    counts = dispatcher.run_once(clock.now())
    assert counts.sent == 6 and len(mail.received) == 3 and len(http_gateway.requests) == 3
    assert {r.status for r in rows(dd)} == {"sent"}
    by_id = {r.id: r for r in rows(dd)}
    for i in range(3):
        events = sent_events(dd, f"t{i}")
        assert sorted(e.event.channel for e in events) == ["email", "sms"]
        assert [e.version for e in events] == [3, 4]  # created, returned, then the two
        for e in events:
            row = by_id[e.event.outbox_id]
            assert e.meta["request_id"] == f"outbox-{row.id}"
            assert e.meta["causation_id"] == str(row.cause_position)
            assert e.meta["actor"] == "system:dispatcher"


def test_an_accepted_row_is_not_sent_again_and_is_logged_once(dd, clock):
    returned(dd, 1)
    with dd.engine.begin() as conn:
        email, sms = claim(conn, "w1", clock.now(), limit=2)
    assert outcomes.record_accepted(dd, email, "w1", clock.now(), "<id@x>", "s", "b")
    assert [r.status for r in rows(dd)] == ["accepted", "sending"]
    with dd.engine.begin() as conn:  # not claimable: the relay has it
        assert [r.id for r in claim(conn, "w2", clock.now(), limit=5)] == []
    assert outcomes.log_accepted(dd, "w2", clock.now()) == 0  # w1's claim still holds
    assert outcomes.log_accepted(dd, "w1", clock.now()) == 1
    assert outcomes.log_accepted(dd, "w1", clock.now()) == 0
    assert [e.event.provider_id for e in sent_events(dd, "t0")] == ["<id@x>"]
    assert [r.status for r in rows(dd)] == ["sent", "sending"]
