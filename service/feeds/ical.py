"""An iCalendar feed (RFC 5545, the ``icalendar`` package) of open tasks' deadlines.

Each task is an all-day VEVENT on its deadline (DTEND the day after, as RFC 5545 wants for a
one-day DATE event), with a stable UID so a calendar moves the event when the deadline moves,
and SEQUENCE the task's version so it knows which copy is newer. The plan's reminders
(workflows.reminders: N working days before, and on the day) are VALARMs at the instants the
scheduler will send them, so the phone rings with the same rhythm as the messages.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

from icalendar import Alarm, Calendar, Event

from service.outbox.context import task_title
from service.scheduler.policy import plan_policies
from workflows.calendar import WorkingCalendar
from workflows.reminders import TaskSchedule, planned_actions

PRODID = "-//dondoc//Đôn đốc nhiệm vụ//VI"


def feed(rows: Iterable, name: str, base_url: str, calendar: WorkingCalendar, now: datetime,
         policies: dict | None = None) -> bytes:
    """The feed of ``rows`` (service.feeds.tasks) as iCalendar bytes."""
    rows = list(rows)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for row in rows:
        cal.add_component(_event(row, base_url.rstrip("/"), calendar, now,
                                 (policies or {}).get(row.plan_id)))
    return cal.to_ical()


def feed_for(conn, rows, name: str, base_url: str, calendar: WorkingCalendar,
             now: datetime) -> bytes:
    rows = list(rows)
    return feed(rows, name, base_url, calendar, now,
                plan_policies(conn, {r.plan_id for r in rows}))


def _event(row, base_url: str, calendar: WorkingCalendar, now: datetime, policy) -> Event:
    title = task_title(row.duty_text, row.period_label)
    url = f"{base_url}/nhiem-vu/{row.task_id}"
    event = Event()
    event.add("uid", f"{row.task_id}@dondoc")
    event.add("dtstamp", now)
    event.add("sequence", row.version)
    event.add("summary", f"Hạn: {title}")
    event.add("dtstart", row.deadline)
    event.add("dtend", row.deadline + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it blocks no time
    event.add("description", "\n".join(filter(None, (
        f"Kế hoạch {row.plan_number}" if row.plan_number else None,
        f"Cơ quan: {row.agency_name or row.agency_id}", url))))
    event.add("url", url)
    if policy is not None:
        schedule = TaskSchedule(row.task_id, row.deadline, role=row.role)
        for action in planned_actions(schedule, calendar, policy):
            if action.is_reminder and action.at >= now:  # a past alarm rings nobody
                event.add_component(_alarm(action.at, title))
    return event


def _alarm(at: datetime, title: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Nhắc việc: {title}")
    alarm.add("trigger", at)  # an absolute UTC instant (VALUE=DATE-TIME)
    return alarm
