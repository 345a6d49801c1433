"""The sweep on its own: downtime, per-plan settings, waiting for review, rebuilds."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from service.projections.rebuild import rebuild
from service.scheduler.projection import ScheduleProjection, reminder_keys, task_schedule
from service.scheduler.sweep import sweep
from tests.scheduler.conftest import bulk_tasks, key_counts, local, next_due, scheduler_log
from tests.service.test_plan_activation import ADMIN
from tests.workflows.test_activation import draft
from workflows import commands as c
from workflows.permissions import Actor
from workflows.plan_events import PlanImported
from workflows.plans import PlanRefused

H1 = date(2022, 6, 16)  # Thursday
FOCAL = Actor("fp", "focal_point", agency_id="ag-0")  # bulk task 0 is ag-0's
COORD = Actor("co", "coordinator", plan_ids={"bulk"})


def test_after_ten_days_down_one_reminder_is_sent_and_the_stale_ones_skipped(dd, clock):
    [t] = bulk_tasks(dd, 1, H1)
    clock.set(local("2022-06-04 09:00"))
    assert sweep(dd).events == 0  # the last sweep before the outage
    clock.set(local("2022-06-14 10:00"))  # back after ten days: remind_7 (7/6) and remind_3 (13/6) due
    report = sweep(dd)
    assert (report.sent, report.skipped) == (1, 1)
    assert scheduler_log(dd) == [("2022-06-14 10:00", t, "ReminderSkipped", "remind_7"),
                                 ("2022-06-14 10:00", t, "ReminderSent", "remind_3")]
    assert next_due(dd) == local("2022-06-15 07:00")  # remind_1 as usual
    assert sweep(dd).events == 0


def test_down_across_the_deadline_sends_the_overdue_mark_not_the_reminders(dd, clock):
    [t] = bulk_tasks(dd, 1, H1)
    clock.set(local("2022-06-07 08:00"))
    sweep(dd)
    clock.set(local("2022-06-20 10:00"))
    sweep(dd)
    assert [(e[2], e[3]) for e in scheduler_log(dd)] == [
        ("ReminderSent", "remind_7"), ("ReminderSkipped", "remind_3"),
        ("ReminderSkipped", "remind_1"), ("ReminderSkipped", "due_today"),
        ("BecameOverdue", "overdue")]
    assert next_due(dd) == local("2022-06-21 07:00")  # escalation to the coordinator


def test_plan_settings_override_the_defaults(dd, clock):
    clock.set(local("2022-01-04 09:00"))
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "ab" * 32, draft())])
        uow.commit()
    settings = {"reminders": {"remind_days_before": [2], "remind_on_day": False,
                              "escalate_leader_after": None}}
    dd.bus.handle(c.ActivatePlan("p1", settings=settings), ADMIN)
    with dd.engine.connect() as conn:
        rows = conn.execute(select(task_schedule).where(task_schedule.c.deadline == H1)).mappings().all()
    assert rows and {r["next_action_at"] for r in rows} == {local("2022-06-14 07:00")}
    walk_to = local("2022-12-01 00:00")
    while (due := next_due(dd)) is not None and due < walk_to:
        clock.set(due)
        sweep(dd)
    rules = {(e[1], e[3]) for e in scheduler_log(dd)}
    lead = next(r["task_id"] for r in rows if r["role"] == "lead")
    assert {rule for task, rule in rules if task == lead} == {
        "remind_2", "overdue", "escalate_coordinator"}


def test_a_command_on_a_task_plans_it_again_under_its_plans_settings(dd, clock):
    """A command's schedule row is read with its plan's settings (one statement): planned
    again after a comment, the next reminder is still the plan's, not the default one."""
    clock.set(local("2022-01-04 09:00"))
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "ab" * 32, draft())])
        uow.commit()
    settings = {"reminders": {"remind_days_before": [2], "remind_on_day": False}}
    dd.bus.handle(c.ActivatePlan("p1", settings=settings), ADMIN)
    with dd.engine.connect() as conn:
        row = conn.execute(select(task_schedule).where(task_schedule.c.deadline == H1)).mappings().first()
    dd.bus.handle(c.CommentOnTask(row["task_id"], text="Đã nhận"), ADMIN)
    with dd.engine.connect() as conn:
        after = conn.execute(select(task_schedule).where(
            task_schedule.c.task_id == row["task_id"])).mappings().one()
    assert row["next_action_at"] == local("2022-06-14 07:00")
    assert after == {**row, "version": row["version"] + 1}


@pytest.mark.parametrize("name, value", [("send_at", "09:30"), ("sms_from", "06:00"),
                                         ("sms_until", "22:00")])
def test_the_hour_and_sms_hours_are_not_plan_settings(dd, clock, name, value):
    """One reminder hour and one night for every plan: a plan asking for its own is refused,
    saying why, and nothing is written."""
    from service.eventlog.tables import events

    clock.set(local("2022-01-04 09:00"))
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "ab" * 32, draft())])
        uow.commit()
    with dd.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(events)).scalar()
    with pytest.raises(PlanRefused, match=f"{name} is not per plan") as refused:
        dd.bus.handle(c.ActivatePlan("p1", settings={"reminders": {name: value}}), ADMIN)
    assert refused.value.code == "bad_settings"
    with dd.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == before


@pytest.fixture
def one_task(dd, clock):
    [t] = bulk_tasks(dd, 1, H1)
    return t


def test_a_submitted_task_waits_for_review_and_a_returned_one_is_chased_again(dd, clock, one_task):
    clock.set(local("2022-06-10 10:00"))
    dd.bus.handle(c.SubmitResult(one_task, text="Xong"), FOCAL)
    assert next_due(dd) is None
    clock.set(local("2022-06-22 10:00"))
    assert sweep(dd).events == 0
    dd.bus.handle(c.ReturnSubmission(one_task, reason="Thiếu số liệu"), COORD)
    report = sweep(dd)
    # late now: the overdue mark, not stale reminders; and no escalation yet, though its day
    # (21/6) has passed: the agency was never told. The mark is the first notice; nobody is
    # there to receive it, so the ladder counts from that attempt (Wednesday 22/6).
    assert (report.overdue, report.escalated, report.sent) == (1, 0, 0)
    assert next_due(dd) == local("2022-06-23 07:00")  # look again once the mark went its way
    clock.set(next_due(dd))
    assert sweep(dd).events == 0
    assert next_due(dd) == local("2022-06-27 07:00")  # 3 working days after 22/6
    clock.set(next_due(dd))
    assert sweep(dd).escalated == 1


def test_an_extension_plans_the_reminders_of_the_new_deadline(dd, clock, one_task):
    clock.set(local("2022-06-17 09:00"))
    sweep(dd)
    dd.bus.handle(c.GrantExtension(one_task, new_deadline=date(2022, 7, 15)), COORD)
    assert next_due(dd) == local("2022-07-06 07:00")  # 7 working days before Friday 15/7


def test_the_schedule_rebuilds_to_the_same_rows(dd, clock, plan):
    for day in range(0, 200, 3):
        clock.set(local("2022-06-01 09:00") + timedelta(days=day))
        sweep(dd)
    projection = next(p for p in dd.projections if isinstance(p, ScheduleProjection))

    def snapshot():
        with dd.engine.connect() as conn:
            return (conn.execute(select(task_schedule).order_by(task_schedule.c.task_id)).all(),
                    conn.execute(select(reminder_keys).order_by(reminder_keys.c.key)).all())

    before = snapshot()
    assert before[1]
    rebuild(dd.engine, [projection], page=7)  # small pages: tasks and activation apart
    assert snapshot() == before


def test_each_key_once_however_often_it_sweeps(dd, clock):
    bulk_tasks(dd, 30, H1)
    for hour in range(0, 24 * 30, 5):
        clock.set(local("2022-06-01 00:00") + timedelta(hours=hour))
        sweep(dd, batch_size=7, page_size=11)
    counts = key_counts(dd)
    assert len(counts) == 30 * 7 and set(counts.values()) == {1}


def test_the_due_query_reads_the_partial_index(dd, engine, backend):
    from service.scheduler.sweep import due_page

    bulk_tasks(dd, 50, H1)
    now = local("2022-06-08 09:00")
    c = task_schedule.c
    q = (select(c.next_action_at, c.task_id).where(c.next_action_at <= now)
         .order_by(c.next_action_at, c.task_id).limit(1000))
    sql = str(q.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if backend == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table would be scanned
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
        else:
            plan = "\n".join(r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "ix_task_schedule_next_action_at" in plan, plan
    assert len(due_page(engine, now, None, 1000)) == 50


def test_a_due_today_reminder_makes_the_same_morning_s_digest(dd, clock):
    """Reminders are recorded at 07:00, before the 07:30 digest folds them into one message."""
    from workflows.reminders import REMINDER_HOUR

    assert REMINDER_HOUR.isoformat() == "07:00:00"
    [t] = bulk_tasks(dd, 1, H1)
    clock.set(local("2022-06-16 07:00"))
    sweep(dd)
    assert ("2022-06-16 07:00", t, "ReminderSent", "due_today") in scheduler_log(dd)
