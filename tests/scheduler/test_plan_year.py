"""A plan's whole year under the scheduler: every reminder, overdue mark and escalation, at the
minute the policy gives it, against a list written by hand from the 2022-2023 calendar.

The clock jumps to each task's next action (and to each person's action) and sweeps there, so
every event is recorded at the instant it became due. Holidays on the way: 2/1/2023 (New Year
observed) and Tết 2023 (20-26/1).
"""
from datetime import date

from workflows import commands as c
from workflows.permissions import Actor

from service.scheduler.sweep import sweep
from tests.scheduler.conftest import local, next_due, scheduler_log

COORD = Actor("co", "coordinator", plan_ids={"p1"})


def fp(dd, task_id):
    from service.projections.tasks import tasks
    from sqlalchemy import select

    with dd.engine.connect() as conn:
        agency = conn.execute(select(tasks.c.agency_id).where(tasks.c.task_id == task_id)).scalar()
    return Actor("fp", "focal_point", agency_id=agency)


def people_actions(dd, plan):
    """(local time, command, actor) of what the people do during the year."""
    yt_once, ca_once = plan["YT", "one_off"], plan["CA", "one_off"]
    yt_rep, ta = plan["YT", "report"], plan["TA", "report"]
    return [
        # Sở Y tế reports H1 late: after the coordinator was told, before the leader is
        ("2022-06-23 10:00", c.SubmitResult(yt_rep, text="Báo cáo 6 tháng"), fp(dd, yt_rep)),
        ("2022-06-24 09:00", c.AcceptSubmission(yt_rep), COORD),
        # the court (requested) reports late: reminded and marked overdue, never escalated
        ("2022-07-01 10:00", c.SubmitResult(ta, text="Đã phối hợp"), fp(dd, ta)),
        ("2022-07-04 09:00", c.AcceptSubmission(ta), COORD),
        # Sở Y tế does its one-off duty on time
        ("2022-12-29 10:00", c.SubmitResult(yt_once, text="Đã tập huấn"), fp(dd, yt_once)),
        ("2022-12-30 09:00", c.AcceptSubmission(yt_once), COORD),
        # Công an asks for more time, gets it to 31/1/2023 and meets it on the day
        ("2022-12-29 09:00", c.RequestExtension(ca_once, new_deadline=date(2023, 1, 31),
                                                reason="Chờ số liệu"), fp(dd, ca_once)),
        ("2022-12-29 14:00", c.GrantExtension(ca_once), COORD),
        ("2023-01-31 15:00", c.SubmitResult(ca_once, text="Đã hoàn thành"), fp(dd, ca_once)),
        ("2023-02-01 09:00", c.AcceptSubmission(ca_once), COORD),
    ]


EXPECTED = [
    # H1 reports, due Thursday 16/6/2022; the court is "requested"
    *[("2022-06-07 07:00", who, "ReminderSent", "remind_7") for who in ("CA/report", "TA/report", "YT/report")],
    *[("2022-06-13 07:00", who, "ReminderSent", "remind_3") for who in ("CA/report", "TA/report", "YT/report")],
    *[("2022-06-15 07:00", who, "ReminderSent", "remind_1") for who in ("CA/report", "TA/report", "YT/report")],
    *[("2022-06-16 07:00", who, "ReminderSent", "due_today") for who in ("CA/report", "TA/report", "YT/report")],
    *[("2022-06-17 00:00", who, "BecameOverdue", "overdue") for who in ("CA/report", "TA/report", "YT/report")],
    ("2022-06-21 07:00", "CA/report", "Escalated", "escalate_coordinator"),
    ("2022-06-21 07:00", "YT/report", "Escalated", "escalate_coordinator"),
    ("2022-06-27 07:00", "CA/report", "Escalated", "escalate_leader"),  # YT reported on 23/6
    # one-off duties due Tuesday 3/1/2023 (2/1 is the New Year day off)
    ("2022-12-22 07:00", "CA/one_off", "ReminderSent", "remind_7"),
    ("2022-12-22 07:00", "YT/one_off", "ReminderSent", "remind_7"),
    ("2022-12-28 07:00", "CA/one_off", "ReminderSent", "remind_3"),
    ("2022-12-28 07:00", "YT/one_off", "ReminderSent", "remind_3"),
    # Công an's new deadline, Tuesday 31/1/2023: seven working days before skip Tết (20-26/1)
    ("2023-01-13 07:00", "CA/one_off", "ReminderSent", "remind_7"),
    ("2023-01-19 07:00", "CA/one_off", "ReminderSent", "remind_3"),
    ("2023-01-30 07:00", "CA/one_off", "ReminderSent", "remind_1"),
    ("2023-01-31 07:00", "CA/one_off", "ReminderSent", "due_today"),
]


def walk(dd, clock, until, actions):
    """Move the clock to whatever comes next (a due action or a person's command) until
    ``until``: sweep first when both fall on the same minute."""
    pending = sorted(((local(t), cmd, actor) for t, cmd, actor in actions), key=lambda a: a[0])
    for _ in range(1000):
        due = next_due(dd)
        times = [t for t in (due, pending[0][0] if pending else None) if t is not None]
        if not times or min(times) > until:
            return
        clock.set(max(min(times), clock.now()))
        if due is not None and due <= clock.now():
            sweep(dd, clock.now())
        while pending and pending[0][0] <= clock.now():
            _, cmd, actor = pending.pop(0)
            dd.bus.handle(cmd, actor)
    raise AssertionError("the walk did not end: a task is never done with")


def test_a_plan_year(dd, clock, plan):
    walk(dd, clock, local("2023-12-31 23:59"), people_actions(dd, plan))
    got = scheduler_log(dd, plan)
    assert sorted(got) == sorted(EXPECTED)
    assert next_due(dd) is None  # the unreported H1 duty is escalated to the end: nothing left
