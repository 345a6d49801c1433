"""Events queue outbox rows in their own transaction: who, which channel, held or not."""
from datetime import date

import pytest

from service.outbox.digests import queue_daily_digests, queue_weekly_summaries
from service.outbox.queries import failed_deliveries, unreachable_people
from service.outbox.tables import NO_CONTACT
from tests.outbox.world import COURT, HEALTH, PLAN, add_person, add_task, happen, rows, seed
from workflows.task_events import (BecameOverdue, DutyRole, Escalated, ExtensionGranted,
                                   ReminderSent, SubmissionReturned, TaskReassigned)

D = date(2024, 3, 8)


@pytest.fixture
def world(dd):
    seed(dd)
    add_task(dd, "t1", D)
    add_person(dd, "fp1", "focal_point", HEALTH, email="fp1@yte.example.vn", phone="+84912345678")
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", plan_ids=[PLAN],
               channels=("email",))
    add_person(dd, "ld1", "leader", HEALTH, email="gd@yte.example.vn", is_leader=True)
    return dd


def test_a_reminder_is_held_for_the_digest_on_each_channel(world):
    happen(world, "t1", ReminderSent("remind_3", f"t1:remind_3:{D}", D))
    held = rows(world, status="held")
    assert {(r.person_id, r.channel, r.address, r.kind) for r in held} == {
        ("fp1", "email", "fp1@yte.example.vn", "reminder"),
        ("fp1", "sms", "+84912345678", "reminder")}
    assert held[0].context["task_title"] == "Nhiệm vụ t1"
    assert held[0].context["plan_number"] == "66/KH-UBND"
    assert held[0].context["agency_name"] == "Sở Y tế"


def test_due_today_and_overdue_are_held_too(world):
    happen(world, "t1", ReminderSent("due_today", f"t1:due_today:{D}", D), BecameOverdue(D))
    assert {r.kind for r in rows(world, status="held")} == {"due_today", "overdue"}


def test_escalations_go_to_the_coordinator_or_the_leader_at_once(world):
    happen(world, "t1", Escalated("escalate_coordinator", "k1", D, "coordinator"))
    happen(world, "t1", Escalated("escalate_leader", "k2", D, "leader"))
    pending = rows(world, status="pending")
    assert [(r.kind, r.person_id) for r in pending] == [("escalation_list", "co1"),
                                                        ("escalation_list", "ld1")]


def test_a_requested_body_is_never_escalated(world):
    add_task(world, "t2", D, agency_id=COURT, role=DutyRole.REQUESTED)
    happen(world, "t2", Escalated("escalate_coordinator", "k", D, "coordinator"))
    assert rows(world, task_id="t2") == []


def test_returned_submissions_and_granted_extensions_go_out_at_once(world):
    happen(world, "t1", SubmissionReturned("Thiếu số liệu biểu 02"))
    happen(world, "t1", ExtensionGranted(date(2024, 3, 15)))
    pending = rows(world, status="pending", channel="email")
    assert [r.kind for r in pending] == ["submission_returned", "extension_granted"]
    assert pending[0].context["reason"] == "Thiếu số liệu biểu 02"
    assert pending[1].context["previous_deadline"] == D.isoformat()
    assert pending[1].context["deadline"] == "2024-03-15"


def test_people_without_contact_and_agencies_without_anyone_are_recorded(world):
    add_person(world, "fp2", "focal_point", HEALTH, email=None, phone=None)
    add_task(world, "t2", D, agency_id=COURT)  # nobody there
    happen(world, "t1", SubmissionReturned("Thiếu"))
    happen(world, "t2", SubmissionReturned("Thiếu"))
    failed = rows(world, status="failed")
    assert [(r.person_id, r.last_error) for r in failed] == [
        ("fp2", NO_CONTACT), (None, f"no active focal_points to tell (agency {COURT}, plan p1)")]
    with world.engine.connect() as conn:
        assert {f["person_id"] for f in failed_deliveries(conn, plan_ids=[PLAN])} == {"fp2", None}
        assert [p["person_id"] for p in unreachable_people(conn)] == ["fp2"]
    assert len(rows(world, status="pending")) == 2  # fp1 still gets both


def test_one_event_never_queues_twice(world):
    from service.outbox.reactor import outbox_reactor

    happen(world, "t1", SubmissionReturned("Thiếu"))
    before = rows(world)
    with world.uow() as uow:  # as if the reactor ran again over the same event
        outbox_reactor(uow.conn, uow.events.read_stream("task-t1")[-1:], world.clock.now())
        uow.commit()
    assert rows(world) == before


def test_daily_digest_folds_each_persons_held_rows_per_channel(world, clock):
    add_task(world, "t2", date(2024, 3, 1))
    add_task(world, "t3", date(2024, 2, 20))  # overdue, no event today: listed all the same
    add_task(world, "t4", date(2024, 2, 20), agency_id=COURT)  # another agency's
    happen(world, "t1", ReminderSent("remind_3", "k1", D))
    happen(world, "t2", ReminderSent("due_today", "k2", date(2024, 3, 1)))
    with world.engine.begin() as conn:
        assert queue_daily_digests(conn, clock.now()) == 2  # email and SMS
    digests = rows(world, kind="daily_digest")
    assert [(d.channel, d.status) for d in digests] == [("email", "pending"), ("sms", "pending")]
    assert [t["task_id"] for t in digests[0].context["tasks"]] == ["t3", "t2", "t1"]
    merged = rows(world, status="merged")
    assert len(merged) == 4 and {m.merged_into for m in merged} == {d.id for d in digests}
    with world.engine.begin() as conn:  # a second run the same day: nothing more
        assert queue_daily_digests(conn, clock.now()) == 0


def test_held_rows_of_closed_tasks_are_skipped(world, clock):
    from workflows.task_events import TaskCancelled

    happen(world, "t1", ReminderSent("remind_3", "k1", D))
    happen(world, "t1", TaskCancelled("bỏ", clock.now()))
    with world.engine.begin() as conn:
        assert queue_daily_digests(conn, clock.now()) == 0
    assert {r.status for r in rows(world)} == {"skipped"}


def test_weekly_summary_lists_overdue_tasks_by_agency_for_the_coordinators_plans(world, clock):
    add_task(world, "t2", date(2024, 2, 20))
    add_task(world, "t3", date(2024, 2, 21), agency_id=COURT)
    with world.engine.begin() as conn:
        assert queue_weekly_summaries(conn, clock.now()) == 1
        assert queue_weekly_summaries(conn, clock.now()) == 0
    (summary,) = rows(world, kind="weekly_summary")
    assert summary.person_id == "co1" and summary.status == "pending"
    assert [(a["agency_name"], [t["task_id"] for t in a["tasks"]])
            for a in summary.context["agencies"]] == [("Sở Y tế", ["t2"]),
                                                      ("Tòa án nhân dân tỉnh", ["t3"])]


def test_a_reassigned_task_is_told_at_once_to_the_new_agency(world):
    add_person(world, "fp2", "focal_point", COURT, email="fp2@toaan.example.vn")
    happen(world, "t1", TaskReassigned(HEALTH, COURT, "Giao nhầm cơ quan chủ trì"))
    pending = rows(world, status="pending")
    assert [(r.kind, r.person_id, r.channel) for r in pending] == [("task_assigned", "fp2", "email")]
    assert pending[0].context["reason"] == "Giao nhầm cơ quan chủ trì"
    assert pending[0].context["previous_agency_name"] == "Sở Y tế"
    assert pending[0].context["agency_name"] == "Tòa án nhân dân tỉnh"
