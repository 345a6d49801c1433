"""Walking the year, day by day, at the hours the real processes act (Asia/Ho_Chi_Minh):

- the scheduler's minute job sweeps at the instant each task's next action falls due (00:00 for
  overdue marks, the morning for reminders and escalations): the clock steps to each instant;
- 07:30 the daily digests, and on Mondays the coordinators' weekly summaries;
- 09:00 the focal points read their email and act; 10:00 the coordinator; 11:00 the leaders;
- the dispatcher runs after each of these, as its 5-second loop would.

A day is skipped only when nothing can happen in it: no task's next action falls in it, it is
not a Monday, no message waits (held for a digest or pending), and no person has unread
email, a task awaiting review or something they meant to do that day.
"""
from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from service.outbox.tables import outbox
from service.projections.tasks import tasks
from tests.acceptance.checks import check_day
from tests.acceptance.people import MORNINGS
from workflows.localtime import local_date, local_time_utc

DIGEST = time(7, 30)
MORNING = {"focal_point": time(9, 0), "coordinator": time(10, 0), "leader": time(11, 0)}
_GUARD = 10_000


def walk(world, script, start: date, end: date) -> None:
    day = start
    while day <= end:
        live(world, script, day)
        world.tally.days += 1
        day = next_day(world, script, day)


def live(world, script, day: date) -> None:
    clock = world.clock
    if local_time_utc(day, DIGEST) >= clock.now():
        sweep_until(world, local_time_utc(day, DIGEST))
        world.scheduler.daily_digest()
        if day.weekday() == 0:
            world.scheduler.weekly_summary()
        world.dispatch(always=True)
    if world.dd.calendar.is_working_day(day):
        for role, at in MORNING.items():
            instant = local_time_utc(day, at)
            if instant < clock.now():
                continue
            sweep_until(world, instant)
            for person in list(world.people.values()):
                if person.role == role:
                    MORNINGS[role](world, person, day)
            world.dispatch()
    sweep_until(world, local_time_utc(day, time(23, 59)))
    check_day(world, day)


def sweep_until(world, instant) -> None:
    """The minute job at each instant a task's next action falls due, up to ``instant``."""
    for _ in range(_GUARD):
        due = world.scheduler_due()
        if due is None or due > instant:
            world.clock.set(max(instant, world.clock.now()))
            return
        world.clock.set(max(due, world.clock.now()))
        world.tick()
        world.dispatch()
    raise AssertionError(f"the schedule never moved past {world.scheduler_due()}")


def next_day(world, script, day: date) -> date:
    tomorrow = day + timedelta(days=1)
    candidates = [day + timedelta(days=7 - day.weekday())]  # the weekly summary
    due = world.scheduler_due()
    if due is not None:
        candidates.append(local_date(due))
    if _messages_waiting(world) or _people_busy(world):
        candidates.append(tomorrow)
    intent = script.next_intent_day(day)
    if intent is not None:
        candidates.append(intent)
    return max(tomorrow, min(candidates))


def _messages_waiting(world) -> bool:
    with world.dd.engine.connect() as conn:
        return conn.execute(select(outbox.c.id).where(
            outbox.c.status.in_(("held", "pending", "sending")))).first() is not None


def _people_busy(world) -> bool:
    if any(p.email and len(world.mail_for(p.email)) > p.read for p in world.people.values()):
        return True
    with world.dd.engine.connect() as conn:
        return conn.execute(select(tasks.c.task_id).where(
            (tasks.c.state == "submitted") | tasks.c.requested_deadline.is_not(None))).first() is not None
