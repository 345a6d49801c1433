from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.calendar import WorkingCalendar
from workflows.localtime import VN_TZ
from workflows.notice import WAITING, Delivery, Notice, first_notice
from workflows.reminders import (
    DAILY_DIGEST_AT,
    REMINDER_HOUR,
    Audience,
    ReminderPolicy,
    TaskSchedule,
    due_actions,
    next_action_at,
    planned_actions,
)

CAL = WorkingCalendar()
POLICY = ReminderPolicy()
TET_DEADLINE = date(2024, 2, 15)  # first working day after Tết 2024


def local(y, m, d, h=7, minute=0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=VN_TZ).astimezone(timezone.utc)


def task(deadline=TET_DEADLINE, role="lead", handled=(), closed=False, task_id="t1"):
    return TaskSchedule(task_id, deadline, closed=closed, role=role, handled=frozenset(handled))


TOLD_EARLY = Notice(local(2024, 1, 2), reached=True)  # the agency heard of it long before


def rules(actions, skipped=None):
    return [a.rule for a in actions if skipped is None or a.skipped == skipped]


def test_default_schedule_around_tet_2024():
    plan = planned_actions(task(), CAL, POLICY)
    assert [(a.rule, a.at, a.audience) for a in plan] == [
        ("remind_7", local(2024, 1, 30), Audience.FOCAL_POINTS),
        ("remind_3", local(2024, 2, 5), Audience.FOCAL_POINTS),
        ("remind_1", local(2024, 2, 7), Audience.FOCAL_POINTS),
        ("due_today", local(2024, 2, 15), Audience.FOCAL_POINTS),
        ("overdue", local(2024, 2, 16, 0), Audience.FOCAL_POINTS),
        ("escalate_coordinator", local(2024, 2, 20), Audience.COORDINATOR),
        ("escalate_leader", local(2024, 2, 26), Audience.LEADER),
    ]
    assert plan[0].key == "t1:remind_7:2024-02-15"
    assert all(a.at.tzinfo == timezone.utc for a in plan)


def test_uuid_task_ids_make_keys_too():
    tid = UUID(int=1)
    (first, *_) = planned_actions(task(task_id=tid), CAL, POLICY)
    assert first.key == f"{tid}:remind_7:2024-02-15"


def test_nothing_is_due_before_the_first_reminder():
    assert due_actions(task(), local(2024, 1, 30, 6, 59), CAL, POLICY) == []
    assert rules(due_actions(task(), local(2024, 1, 30), CAL, POLICY)) == ["remind_7"]
    assert next_action_at(task(), CAL, POLICY) == local(2024, 1, 30)


def test_after_downtime_only_the_reminder_that_matters_is_sent():
    got = due_actions(task(), local(2024, 2, 9, 10), CAL, POLICY)
    assert rules(got, skipped=True) == ["remind_7", "remind_3"]
    assert rules(got, skipped=False) == ["remind_1"]


def test_once_overdue_stale_reminders_are_skipped_but_marks_and_escalations_are_not():
    got = due_actions(task(), local(2024, 3, 1), CAL, POLICY, TOLD_EARLY)
    assert rules(got, skipped=True) == ["remind_7", "remind_3", "remind_1", "due_today"]
    assert rules(got, skipped=False) == ["overdue", "escalate_coordinator", "escalate_leader"]


def test_requested_bodies_are_reminded_and_marked_but_never_escalated():
    t = task(role="requested")
    assert rules(due_actions(t, local(2024, 3, 1), CAL, POLICY), skipped=False) == ["overdue"]
    assert "escalate_coordinator" not in rules(planned_actions(t, CAL, POLICY))


def test_done_or_cancelled_tasks_need_nothing():
    t = task(closed=True)
    assert due_actions(t, local(2024, 3, 1), CAL, POLICY) == []
    assert next_action_at(t, CAL, POLICY) is None


def test_an_older_reminder_is_never_sent_after_a_newer_one():
    newer = planned_actions(task(), CAL, POLICY)[1]
    got = due_actions(task(handled={newer.key}), local(2024, 2, 5, 9), CAL, POLICY)
    assert [(a.rule, a.skipped) for a in got] == [("remind_7", True)]


def test_an_extension_plans_reminders_again_under_new_keys():
    old = {a.key for a in due_actions(task(), local(2024, 2, 16, 9), CAL, POLICY)}
    extended = task(deadline=date(2024, 2, 29), handled=old)
    assert next_action_at(extended, CAL, POLICY) == local(2024, 2, 20)  # 7 days before 29/2
    assert rules(due_actions(extended, local(2024, 2, 20), CAL, POLICY)) == ["remind_7"]


def test_everything_handled_means_nothing_left():
    t = task()
    keys = {a.key for a in planned_actions(t, CAL, POLICY)}
    assert next_action_at(task(handled=keys), CAL, POLICY) is None


def test_policy_is_overridable_per_plan_but_not_its_hour():
    policy = ReminderPolicy(
        remind_days_before=(5,), remind_on_day=False, escalate_leader_after=None,
        escalate_coordinator_after=1,
    )
    plan = planned_actions(task(), CAL, policy)
    assert [(a.rule, a.at) for a in plan] == [
        ("remind_5", local(2024, 2, 1)),
        ("overdue", local(2024, 2, 16, 0)),
        ("escalate_coordinator", local(2024, 2, 16)),
    ]
    with pytest.raises(TypeError):
        ReminderPolicy(send_at=time(9, 30))


def test_the_reminder_hour_comes_before_the_digest_and_after_the_night():
    from notifications.quiet_hours import DEFAULT_QUIET_HOURS

    assert REMINDER_HOUR < DAILY_DIGEST_AT
    assert not DEFAULT_QUIET_HOURS.is_quiet(local(2024, 2, 1, REMINDER_HOUR.hour))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"remind_days_before": (0,)},
        {"remind_days_before": (3, 3)},
        {"escalate_coordinator_after": 0},
    ],
)
def test_nonsense_policies_are_refused(kwargs):
    with pytest.raises(ValueError):
        ReminderPolicy(**kwargs)


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        due_actions(task(), datetime(2024, 2, 1), CAL, POLICY)


# --- properties ---------------------------------------------------------------------------

deadlines = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
policies = st.builds(
    ReminderPolicy,
    remind_days_before=st.lists(st.integers(1, 15), unique=True, max_size=4).map(tuple),
    remind_on_day=st.booleans(),
    escalate_coordinator_after=st.none() | st.integers(1, 15),
    escalate_leader_after=st.none() | st.integers(1, 20),
)
hour_offsets = st.lists(st.integers(-30 * 24, 45 * 24), max_size=30).map(sorted)


@given(deadlines, st.sampled_from(["lead", "requested"]), policies, hour_offsets,
       st.none() | st.integers(-40 * 24, 40 * 24))
@settings(max_examples=200, deadline=None)
def test_fed_its_own_outputs_no_key_is_returned_twice(deadline, role, policy, offsets, told):
    base = datetime.combine(deadline, time(0), tzinfo=timezone.utc)
    notice = WAITING if told is None else Notice(base + timedelta(hours=told), reached=True)
    handled: set[str] = set()
    nows = [base + timedelta(hours=h) for h in offsets] + [base + timedelta(days=90)]
    for now in nows:
        t = task(deadline, role, handled)
        got = due_actions(t, now, CAL, policy, notice)
        keys = [a.key for a in got]
        assert not set(keys) & handled and len(set(keys)) == len(keys)
        assert due_actions(t, now, CAL, policy, notice) == got  # deterministic
        next_at = next_action_at(t, CAL, policy, notice, now)
        assert bool(got) == (next_at is not None and next_at <= now)
        assert next_action_at(t, CAL, policy) <= next_at if next_at else True  # a lower bound
        for a in got:
            if a.is_escalation:  # never before the ladder's days since the notice
                after = CAL.add_working_days(notice.start.astimezone(VN_TZ).date(),
                                             policy.escalate_after(a.rule))
                assert now >= datetime.combine(after, REMINDER_HOUR, tzinfo=VN_TZ)
        sent_to_focal = [a for a in got if a.audience is Audience.FOCAL_POINTS and not a.skipped]
        assert len(sent_to_focal) <= 1
        assert all(a.is_reminder for a in got if a.skipped)
        assert all(a.at <= now for a in got)
        handled.update(keys)
        assert due_actions(task(deadline, role, handled), now, CAL, policy, notice) == []
    planned = {a.key for a in planned_actions(task(deadline, role), CAL, policy)
               if notice.start is not None or not a.is_escalation}
    assert handled == planned
    assert role == "lead" or not any("escalate" in k for k in handled)


# --- a year of clock, hour by hour -------------------------------------------------------

def next_digest(now: datetime) -> datetime:
    """When a focal point's message recorded at ``now`` arrives: in the next 07:30 digest."""
    day = now.astimezone(VN_TZ).date()
    at = datetime.combine(day, DAILY_DIGEST_AT, tzinfo=VN_TZ)
    return at if at >= now else at + timedelta(days=1)


@dataclass
class SimulatedTask:
    """A task as the service would hold it: deadline changes and closing happen at instants,
    and each focal-point message arrives with the next daily digest (or never: unreachable)."""

    task_id: str
    role: str
    deadlines: list[tuple[datetime, date]]  # (from this instant, the deadline is ...)
    closed_at: datetime | None = None
    unreachable: bool = False
    handled: set[str] = field(default_factory=set)
    sent: list[tuple[date, datetime]] = field(default_factory=list)  # (deadline, recorded at)

    def exists(self, now: datetime) -> bool:
        return self.deadlines[0][0] <= now

    def snapshot(self, now: datetime) -> TaskSchedule:
        deadline = [d for since, d in self.deadlines if since <= now][-1]
        closed = self.closed_at is not None and now >= self.closed_at
        return TaskSchedule(self.task_id, deadline, closed, self.role, frozenset(self.handled))

    def notice(self, now: datetime, deadline: date) -> Notice:
        def delivery(at):
            if self.unreachable:
                return Delivery(at, failed="cơ quan chưa có đầu mối nhận tin trên hệ thống")
            arrives = next_digest(at)
            return Delivery(at, received_at=arrives if arrives <= now else None)
        return first_notice(delivery(at) for d, at in self.sent if d == deadline)


START = datetime(2024, 1, 1, tzinfo=timezone.utc)
DOWN_FROM, DOWN_UNTIL = local(2024, 12, 10, 0), local(2024, 12, 19, 12)


def year_of_tasks() -> list[SimulatedTask]:
    return [
        SimulatedTask("tet", "lead", [(START, date(2024, 2, 15))]),
        SimulatedTask("court", "requested", [(START, date(2024, 9, 4))]),
        SimulatedTask("late", "lead", [(START, date(2024, 5, 6))], closed_at=local(2024, 5, 7, 10)),
        SimulatedTask(
            "extended", "lead",
            [(START, date(2024, 10, 10)), (local(2024, 10, 8, 12), date(2024, 10, 25))],
        ),
        SimulatedTask("downtime", "lead", [(START, date(2024, 12, 20))]),
        # Its plan activated on Monday 4/3 at 02:00, a week after its deadline: marked overdue
        # at once, the mark reaches the agency in the 07:30 digest, and the ladder counts from
        # there: 3 working days to the coordinator, 7 to the leader.
        SimulatedTask("activated_late", "lead", [(local(2024, 3, 4, 2), date(2024, 2, 26))]),
        # Nobody to tell at the agency: the ladder counts from the first attempt.
        SimulatedTask("nobody", "lead", [(local(2024, 3, 4, 2), date(2024, 2, 26))],
                      unreachable=True),
    ]


# (task, rule, deadline, local time it went out, skipped), written out by hand.
EXPECTED = sorted([
    ("tet", "remind_7", "2024-02-15", "2024-01-30 07:00", False),
    ("tet", "remind_3", "2024-02-15", "2024-02-05 07:00", False),
    ("tet", "remind_1", "2024-02-15", "2024-02-07 07:00", False),  # Tết 8-14/2 is off
    ("tet", "due_today", "2024-02-15", "2024-02-15 07:00", False),
    ("tet", "overdue", "2024-02-15", "2024-02-16 00:00", False),
    ("tet", "escalate_coordinator", "2024-02-15", "2024-02-20 07:00", False),
    ("tet", "escalate_leader", "2024-02-15", "2024-02-26 07:00", False),
    # Requested body, deadline after 2/9 and 3/9: reminded, marked, never escalated.
    ("court", "remind_7", "2024-09-04", "2024-08-22 07:00", False),
    ("court", "remind_3", "2024-09-04", "2024-08-28 07:00", False),
    ("court", "remind_1", "2024-09-04", "2024-08-30 07:00", False),
    ("court", "due_today", "2024-09-04", "2024-09-04 07:00", False),
    ("court", "overdue", "2024-09-04", "2024-09-05 00:00", False),
    # Saturday 4/5/2024 was worked in exchange for Monday 29/4; done on 7/5 before escalation.
    ("late", "remind_7", "2024-05-06", "2024-04-23 07:00", False),
    ("late", "remind_3", "2024-05-06", "2024-05-02 07:00", False),
    ("late", "remind_1", "2024-05-06", "2024-05-04 07:00", False),
    ("late", "due_today", "2024-05-06", "2024-05-06 07:00", False),
    ("late", "overdue", "2024-05-06", "2024-05-07 00:00", False),
    # Extended on 8/10 from 10/10 to 25/10: the new deadline's reminders start over.
    ("extended", "remind_7", "2024-10-10", "2024-10-01 07:00", False),
    ("extended", "remind_3", "2024-10-10", "2024-10-07 07:00", False),
    ("extended", "remind_7", "2024-10-25", "2024-10-16 07:00", False),
    ("extended", "remind_3", "2024-10-25", "2024-10-22 07:00", False),
    ("extended", "remind_1", "2024-10-25", "2024-10-24 07:00", False),
    ("extended", "due_today", "2024-10-25", "2024-10-25 07:00", False),
    ("extended", "overdue", "2024-10-25", "2024-10-26 00:00", False),
    ("extended", "escalate_coordinator", "2024-10-25", "2024-10-30 07:00", False),
    ("extended", "escalate_leader", "2024-10-25", "2024-11-05 07:00", False),
    # The scheduler is down from 10/12 00:00 to 19/12 12:00: one reminder, not three.
    ("downtime", "remind_7", "2024-12-20", "2024-12-19 12:00", True),
    ("downtime", "remind_3", "2024-12-20", "2024-12-19 12:00", True),
    ("downtime", "remind_1", "2024-12-20", "2024-12-19 12:00", False),
    ("downtime", "due_today", "2024-12-20", "2024-12-20 07:00", False),
    ("downtime", "overdue", "2024-12-20", "2024-12-21 00:00", False),
    ("downtime", "escalate_coordinator", "2024-12-20", "2024-12-25 07:00", False),
    ("downtime", "escalate_leader", "2024-12-20", "2024-12-31 07:00", False),
    ("activated_late", "remind_7", "2024-02-26", "2024-03-04 02:00", True),
    ("activated_late", "remind_3", "2024-02-26", "2024-03-04 02:00", True),
    ("activated_late", "remind_1", "2024-02-26", "2024-03-04 02:00", True),
    ("activated_late", "due_today", "2024-02-26", "2024-03-04 02:00", True),
    ("activated_late", "overdue", "2024-02-26", "2024-03-04 02:00", False),
    ("activated_late", "escalate_coordinator", "2024-02-26", "2024-03-07 07:00", False),
    ("activated_late", "escalate_leader", "2024-02-26", "2024-03-13 07:00", False),
    ("nobody", "remind_7", "2024-02-26", "2024-03-04 02:00", True),
    ("nobody", "remind_3", "2024-02-26", "2024-03-04 02:00", True),
    ("nobody", "remind_1", "2024-02-26", "2024-03-04 02:00", True),
    ("nobody", "due_today", "2024-02-26", "2024-03-04 02:00", True),
    ("nobody", "overdue", "2024-02-26", "2024-03-04 02:00", False),
    ("nobody", "escalate_coordinator", "2024-02-26", "2024-03-07 07:00", False),
    ("nobody", "escalate_leader", "2024-02-26", "2024-03-13 07:00", False),
])


def test_a_year_of_hourly_ticks_fires_every_action_exactly_once_and_escalates_after_notice():
    tasks = year_of_tasks()
    log = []
    now = START
    while now < START.replace(year=2025):
        if not DOWN_FROM <= now < DOWN_UNTIL:
            for t in (t for t in tasks if t.exists(now)):
                snapshot = t.snapshot(now)
                notice = t.notice(now, snapshot.deadline)
                next_at = next_action_at(snapshot, CAL, POLICY, notice, now)
                due = due_actions(snapshot, now, CAL, POLICY, notice)
                assert bool(due) == (next_at is not None and next_at <= now)
                for a in due:
                    assert a.key not in t.handled
                    t.handled.add(a.key)
                    if a.audience is Audience.FOCAL_POINTS and not a.skipped:
                        t.sent.append((a.deadline, now))
                    when = now.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M")
                    log.append((t.task_id, a.rule, a.deadline.isoformat(), when, a.skipped))
        now += timedelta(hours=1)
    assert sorted(log) == EXPECTED
