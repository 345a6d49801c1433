"""What the scheduler does to one task at ``now``: the policy's due actions turned into the
task's own commands (mark overdue, record a reminder, escalate). Pure: no database."""
from __future__ import annotations

from datetime import datetime

from workflows.calendar import WorkingCalendar
from workflows.events import Event
from workflows.notice import WAITING, Notice
from workflows.reminders import (OVERDUE, Audience, ReminderPolicy, TaskSchedule, due_actions,
                                 idempotency_key)
from workflows.task_rules import is_waiting
from workflows.tasks import Task


def handled_keys(task: Task) -> frozenset[str]:
    """Keys acted on: reminders and escalations carry theirs; an overdue mark is keyed by the
    deadline it was for."""
    marks = {idempotency_key(task.task_id, OVERDUE, d) for d in task.overdue_marked}
    return task.handled_keys | marks


def schedule_of_task(task: Task, extra_handled=frozenset()) -> TaskSchedule:
    """A submitted task waits for the coordinator: the agency is not chased meanwhile."""
    return TaskSchedule(task.task_id, task.deadline, is_waiting(task.state), task.role.value,
                        handled_keys(task) | extra_handled)


def decide(task: Task, now: datetime, calendar: WorkingCalendar, policy: ReminderPolicy,
           notice: Notice = WAITING) -> tuple[list[Event], frozenset[str]]:
    """The events to append, in firing order, and the keys of due actions that yielded none
    (the task refused them; the caller must not pick the task up again for them). The task
    is evolved with the events, so its version moves on: read it before. ``notice`` is where
    the task's ladder stands (workflows.notice): escalations wait for it."""
    events, idle = [], set()
    for action in due_actions(schedule_of_task(task), now, calendar, policy, notice):
        if action.rule == OVERDUE:
            new = task.mark_overdue(now)
        elif action.audience is Audience.FOCAL_POINTS:
            new = task.record_reminder(action.rule, action.key, action.deadline, now,
                                       skipped=action.skipped)
        else:
            new = task.escalate(action.rule, action.key, action.deadline, action.audience, now)
        if not new:
            idle.add(action.key)
        for e in new:
            task.apply(e)
        events.extend(new)
    return events, frozenset(idle)
