"""Reminder and escalation policy (đôn đốc): which actions are due for a task, and when.

Pure: the caller passes a snapshot of the task, ``now`` and the calendar, and gets actions
back. Each action has an idempotency key ``"{task_id}:{rule}:{deadline}"``; the caller records
every key it handles (sent or skipped) in the same transaction as the resulting events, and a
unique constraint on the key makes a second scheduler instance harmless. A new deadline
(an extension) gives new keys, so the reminders plan themselves again.

When each rule fires (local time, Asia/Ho_Chi_Minh), with the default policy:

==================== ============================================ ============
rule                 instant                                      audience
==================== ============================================ ============
remind_7/_3/_1       07:00 on the 7th/3rd/1st working day before  focal_points
due_today            07:00 on the deadline day                    focal_points
overdue              00:00 on the day after the deadline          focal_points
escalate_coordinator 07:00 on the 3rd working day after deadline, coordinator
                     and after the first notice (workflows.notice)
escalate_leader      the same, with 7 working days                leader
==================== ============================================ ============

One hour for every plan, :data:`REMINDER_HOUR` (07:00): the focal points' messages are held
and go out folded into one daily digest at :data:`DAILY_DIGEST_AT` (07:30, or a later half hour
the person chose: :data:`DIGEST_TIMES`, :func:`digest_due`), so a reminder
recorded at 07:00 reaches the office as it opens, the same morning. A plan-specific hour could
not be honoured (after 07:30 its reminders would wait for the next day's digest), so there is
none. SMS hours are not a reminder setting either: they are the recipient's night, whatever
the plan (notifications.quiet_hours, the one home of SMS hours). Overdue is a fact, not a
courtesy: it is marked the moment the deadline day ends.

"Escalate after 3 working days overdue" is read like "remind 3 working days before": on the
3rd working day after the deadline, the task is 3 working days late. And the agency must have
been told: the ladder also counts from the first notice it received (workflows.notice), so a
task already overdue when its plan is activated is first reminded, and escalated only once
the ladder's working days have passed since that notice.

Requested bodies (``role="requested"``: courts, the Fatherland Front, ...) are reminded and
marked overdue but never escalated: the plan's issuer has no authority inside them.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import date, datetime, time, timedelta
from enum import Enum
from uuid import UUID

from workflows.calendar import WorkingCalendar
from workflows.localtime import VN_TZ, local_date, local_time_utc, start_of_day_utc
from workflows.notice import WAITING, Notice

DUE_TODAY = "due_today"
OVERDUE = "overdue"
ESCALATE_COORDINATOR = "escalate_coordinator"
ESCALATE_LEADER = "escalate_leader"
ESCALATIONS = (ESCALATE_COORDINATOR, ESCALATE_LEADER)

REMINDER_HOUR = time(7, 0)  # reminders recorded, escalations decided
DAILY_DIGEST_AT = time(7, 30)  # the focal points' digest carries that morning's reminders
# A person may move their digest later in the day (workflows.message_prefs), on the hour or
# half hour up to LATEST_DIGEST_AT; never before DAILY_DIGEST_AT, or the morning's reminders
# (a "due today" among them) would wait for the next day's digest.
LATEST_DIGEST_AT = time(20, 0)
DIGEST_TIMES = tuple(time(m // 60, m % 60) for m in range(
    DAILY_DIGEST_AT.hour * 60 + DAILY_DIGEST_AT.minute,
    LATEST_DIGEST_AT.hour * 60 + LATEST_DIGEST_AT.minute + 1, 30))


def digest_due(now: datetime, at: time = DAILY_DIGEST_AT) -> bool:
    """Whether the daily digest of a person who chose ``at`` goes at ``now`` (on the local
    day, once ``at`` has come: a late scheduler still sends it the same day)."""
    _require_aware(now)
    return now.astimezone(VN_TZ).time().replace(tzinfo=None) >= at


class Audience(str, Enum):
    FOCAL_POINTS = "focal_points"
    COORDINATOR = "coordinator"
    LEADER = "leader"


class Role(str, Enum):
    """The agency's part in the duty: lead (chủ trì, assigned) or requested (đề nghị)."""

    LEAD = "lead"
    REQUESTED = "requested"


def remind_rule(days_before: int) -> str:
    """Rule name of the reminder ``days_before`` working days before the deadline."""
    return f"remind_{days_before}"


def idempotency_key(task_id: str | UUID, rule: str, deadline: date) -> str:
    return f"{task_id}:{rule}:{deadline.isoformat()}"


@dataclass(frozen=True)
class ReminderPolicy:
    """Per-plan reminder settings; the defaults are those of the design.

    ``escalate_*_after`` of None turns that escalation off. The hour is not a setting
    (:data:`REMINDER_HOUR`), nor are SMS hours (notifications.quiet_hours).
    """

    remind_days_before: tuple[int, ...] = (7, 3, 1)
    remind_on_day: bool = True
    escalate_coordinator_after: int | None = 3
    escalate_leader_after: int | None = 7

    def __post_init__(self) -> None:
        days = self.remind_days_before
        if any(n < 1 for n in days) or len(set(days)) != len(days):
            raise ValueError(f"remind_days_before must be distinct and >= 1, got {days}")
        for name in ("escalate_coordinator_after", "escalate_leader_after"):
            after = getattr(self, name)
            if after is not None and after < 1:
                raise ValueError(f"{name} must be >= 1 or None, got {after}")

    def escalate_after(self, rule: str) -> int | None:
        return {ESCALATE_COORDINATOR: self.escalate_coordinator_after,
                ESCALATE_LEADER: self.escalate_leader_after}[rule]


@dataclass(frozen=True)
class TaskSchedule:
    """What the policy needs to know of a task.

    ``closed`` is true for a done or cancelled task. ``handled`` holds the idempotency keys
    already acted on (sent or recorded as skipped).
    """

    task_id: str | UUID
    deadline: date
    closed: bool = False
    role: Role | str = Role.LEAD
    handled: Collection[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Action:
    """One thing to do for a task. ``at`` is the UTC instant it became (or becomes) due.

    ``skipped`` marks a reminder that was missed (downtime) and is superseded by a later one:
    the caller records it as skipped and sends nothing.
    """

    task_id: str | UUID
    rule: str
    key: str
    audience: Audience
    at: datetime
    deadline: date
    skipped: bool = False

    @property
    def is_reminder(self) -> bool:
        """Reminders are courtesies that go stale; marks and escalations are facts."""
        return self.rule == DUE_TODAY or self.rule.startswith("remind_")

    @property
    def is_escalation(self) -> bool:
        return self.rule in ESCALATIONS


def planned_actions(
    task: TaskSchedule, calendar: WorkingCalendar, policy: ReminderPolicy
) -> list[Action]:
    """Every action of the task's current deadline, handled or not, in firing order."""
    if task.closed:
        return []
    lead = Role(task.role) is Role.LEAD
    return [
        Action(task.task_id, rule, idempotency_key(task.task_id, rule, task.deadline),
               audience, at, task.deadline)
        for rule, audience, at in _timetable(task.deadline, lead, calendar, policy)
    ]


@lru_cache(maxsize=4096)
def _timetable(
    deadline: date, lead: bool, calendar: WorkingCalendar, policy: ReminderPolicy
) -> tuple[tuple[str, Audience, datetime], ...]:
    """(rule, audience, instant) for a deadline, sorted by instant.

    Cached because a scheduler asks for the same few deadlines for thousands of tasks at every
    tick; calendars are compared by identity, so build one per process and keep it.
    """

    def at_opening(day: date) -> datetime:
        return local_time_utc(day, REMINDER_HOUR)

    d = deadline
    plan = [
        (remind_rule(n), Audience.FOCAL_POINTS, at_opening(calendar.add_working_days(d, -n)))
        for n in policy.remind_days_before
    ]
    if policy.remind_on_day:
        plan.append((DUE_TODAY, Audience.FOCAL_POINTS, at_opening(d)))
    plan.append((OVERDUE, Audience.FOCAL_POINTS, start_of_day_utc(d + timedelta(days=1))))
    if lead:
        for rule, audience, after in (
            (ESCALATE_COORDINATOR, Audience.COORDINATOR, policy.escalate_coordinator_after),
            (ESCALATE_LEADER, Audience.LEADER, policy.escalate_leader_after),
        ):
            if after is not None:
                plan.append((rule, audience, at_opening(calendar.add_working_days(d, after))))
    return tuple(sorted(plan, key=lambda entry: entry[2]))


def escalation_at(action: Action, notice: Notice, calendar: WorkingCalendar,
                  policy: ReminderPolicy, now: datetime) -> datetime:
    """When an escalation may go: not before its day after the deadline, and not before the
    ladder's working days have passed since the first notice. While the ladder waits for a
    notice still on its way, the answer is tomorrow's reminder hour: look again then."""
    if notice.start is None:
        return max(action.at, local_time_utc(local_date(now) + timedelta(days=1), REMINDER_HOUR))
    counted = calendar.add_working_days(local_date(notice.start),
                                        policy.escalate_after(action.rule))
    return max(action.at, local_time_utc(counted, REMINDER_HOUR))


def due_actions(
    task: TaskSchedule,
    now: datetime,
    calendar: WorkingCalendar,
    policy: ReminderPolicy,
    notice: Notice = WAITING,
) -> list[Action]:
    """The actions due at ``now`` and not yet handled, in firing order.

    After downtime only the latest focal-point message matters: a due reminder is returned
    with ``skipped=True`` when a later reminder or the overdue mark is due too, or was
    already handled. Overdue marks and escalations are never skipped: each is a fact someone
    must learn, and they go to different people. An escalation is due only once
    :func:`escalation_at` has come under the task's ``notice`` (none known: it waits).

    The latest due reminder is sent even when its day is past (a task activated or extended
    five working days before its deadline gets "remind_7" at once), so messages should state
    the deadline and the working days left, not the rule's number. Actions are due whatever
    the hour; an SMS among them waits for the morning (notifications.quiet_hours).
    """
    _require_aware(now)
    plan = planned_actions(task, calendar, policy)
    due_or_done = [a for a in plan if a.key in task.handled or (
        a.at <= now and (not a.is_escalation
                         or escalation_at(a, notice, calendar, policy, now) <= now))]
    result = []
    for action in due_or_done:
        if action.key in task.handled:
            continue
        superseded = action.is_reminder and any(
            later.audience is Audience.FOCAL_POINTS and later.at > action.at
            for later in due_or_done
        )
        result.append(replace(action, skipped=True) if superseded else action)
    return result


def next_action_at(
    task: TaskSchedule, calendar: WorkingCalendar, policy: ReminderPolicy,
    notice: Notice | None = None, now: datetime | None = None,
) -> datetime | None:
    """The UTC instant of the earliest action not yet handled, or None when nothing is left.

    It may be in the past (an action is due now); the service stores it in an indexed
    "next action at" column and polls tasks where it is <= now. Without a ``notice`` an
    escalation counts at its earliest instant (the day after the deadline): a lower bound,
    for a read model that does not follow deliveries; with one (and ``now``), its instant
    under the ladder.
    """
    if not task.handled and notice is None:  # a new task: the first of its timetable
        if task.closed:
            return None
        timetable = _timetable(task.deadline, Role(task.role) is Role.LEAD, calendar, policy)
        return timetable[0][2] if timetable else None
    pending = []
    for a in planned_actions(task, calendar, policy):
        if a.key in task.handled:
            continue
        if a.is_escalation and notice is not None:
            _require_aware(now)
            pending.append(escalation_at(a, notice, calendar, policy, now))
        else:
            pending.append(a.at)
    return min(pending, default=None)


def _require_aware(now: datetime) -> None:
    if now is None or now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"need an aware datetime, got naive {now!r}")
