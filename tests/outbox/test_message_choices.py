"""Each person's choices decide what is queued for them; an escalation always goes."""
from datetime import date, datetime, timezone

from sqlalchemy import update

from service.outbox.digests import queue_daily_digests
from service.projections.plans import plans
from tests.outbox.world import HEALTH, PLAN, add_task, happen, rows, seed
from workflows.people_events import PersonAdded, Profile
from workflows.task_events import BecameOverdue, Escalated, ReminderSent

D = date(2024, 3, 8)


def person(dd, person_id, role, agency=None, channels=("email",), muted=(), digest_at=None,
           plan_ids=()):
    profile = Profile(person_id, f"Người {person_id}", role, agency, tuple(plan_ids),
                      f"{person_id}@example.gov.vn", "+84912345678", tuple(channels),
                      muted=tuple(muted), digest_at=digest_at)
    with dd.uow() as uow:
        uow.append(f"person-{person_id}", 0, [PersonAdded(person_id, profile)])
        uow.commit()


def queued(dd):
    return sorted((r.person_id, r.kind, r.channel, r.status) for r in rows(dd))


def test_a_kind_turned_off_is_not_queued_unless_the_plan_requires_it(dd):
    seed(dd)
    add_task(dd, "t1", D, title="Báo cáo")
    person(dd, "fp1", "focal_point", HEALTH, muted=("overdue",))
    person(dd, "fp2", "focal_point", HEALTH)
    happen(dd, "t1", BecameOverdue(D))
    assert [q[:2] for q in queued(dd)] == [("fp2", "overdue")]
    with dd.engine.begin() as conn:
        conn.execute(update(plans).where(plans.c.plan_id == PLAN)
                     .values(settings={"messages": {"required": ["overdue"]}}))
    add_task(dd, "t2", D, title="Tập huấn")
    happen(dd, "t2", BecameOverdue(D))
    assert sorted(q[:2] for q in queued(dd)).count(("fp1", "overdue")) == 1


def test_an_escalation_reaches_a_coordinator_who_turned_everything_off(dd):
    seed(dd)
    add_task(dd, "t3", date(2024, 2, 20), title="Kiểm tra")
    person(dd, "co1", "coordinator", channels=(), plan_ids=[PLAN],
           muted=("reminder", "overdue", "returned", "extension_answered"))
    happen(dd, "t3", Escalated("escalate_coordinator", "k", date(2024, 2, 20), "coordinator"))
    assert queued(dd) == [("co1", "escalation_list", "email", "pending"),
                          ("co1", "escalation_list", "sms", "pending")]
    assert sorted((r.kind, r.channel) for r in rows(dd, status="merged")) == [
        ("escalation", "email"), ("escalation", "sms")]  # folded into those lists


def test_an_escalation_goes_on_the_chosen_channels_when_they_reach_the_person(dd):
    seed(dd)
    add_task(dd, "t3", date(2024, 2, 20), title="Kiểm tra")
    person(dd, "co1", "coordinator", channels=("zalo",), plan_ids=[PLAN])
    happen(dd, "t3", Escalated("escalate_coordinator", "k", date(2024, 2, 20), "coordinator"))
    assert queued(dd) == [("co1", "escalation_list", "zalo", "pending")]


def test_the_daily_digest_waits_for_the_time_the_person_chose(dd):
    seed(dd)
    add_task(dd, "t1", D, title="Báo cáo")
    person(dd, "early", "focal_point", HEALTH)
    person(dd, "late", "focal_point", HEALTH, digest_at="16:00")
    happen(dd, "t1", ReminderSent("remind_3", "k1", D))
    morning = datetime(2024, 3, 5, 0, 30, tzinfo=timezone.utc)  # 07:30 in Hà Nội
    with dd.engine.begin() as conn:
        assert queue_daily_digests(conn, morning) == 1
    assert [(q[0], q[1]) for q in queued(dd) if q[3] == "pending"] == [("early", "daily_digest")]
    afternoon = datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)  # 16:00
    with dd.engine.begin() as conn:
        assert queue_daily_digests(conn, afternoon) == 1
    assert sorted(q[0] for q in queued(dd) if q[1] == "daily_digest") == ["early", "late"]
