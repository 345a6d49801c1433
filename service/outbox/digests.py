"""Digests: one daily message per focal point and channel, one weekly summary per coordinator,
one list of the escalations of a sweep per coordinator or leader and channel.

The scheduler calls the daily one every half hour of workflows.reminders.DIGEST_TIMES, and
each person's digest goes once the time they chose has come (07:30 by default,
workflows.reminders.digest_due); the weekly one on Monday at 07:30 (Asia/Ho_Chi_Minh); the
escalation lists at the end of every sweep; each inside a transaction. All are idempotent:
the digest of a person, channel and day (the summary of a week, the list of held escalations)
has one dedupe key, so a second scheduler or a rerun queues nothing more. Held rows that arrive
after that day's digest wait for the next one.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update

from service.outbox.context import agency_name, open_tasks
from service.outbox.queueing import queue_for
from service.outbox.reactor import DIGESTED, ESCALATION
from service.outbox.recipients import coordinator_plans, person
from service.outbox.tables import outbox
from service.projections.tasks import tasks
from workflows.localtime import local_date
from workflows.message_prefs import digest_time
from workflows.reminders import digest_due

_ITEM = ("task_id", "task_title", "plan_number", "agency_name", "deadline")


def _item(facts: dict) -> dict:
    return {k: facts[k] for k in _ITEM}


def _held(conn: Connection, kinds=DIGESTED) -> dict[tuple[str, str], list]:
    query = (select(outbox.c.id, outbox.c.person_id, outbox.c.channel, outbox.c.task_id,
                    outbox.c.context)
             .where(outbox.c.status == "held", outbox.c.kind.in_(sorted(kinds)))
             .order_by(outbox.c.id))
    if conn.dialect.name == "postgresql":  # a second scheduler folds the rows this one did not
        query = query.with_for_update(skip_locked=True)
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for r in conn.execute(query):
        groups[(r.person_id, r.channel)].append(r)
    return groups


def _digest_tasks(conn: Connection, held: list, agency_id: str | None, today) -> list[dict]:
    """The open tasks the held rows are about, and every other overdue one of the agency."""
    wanted = {r.task_id for r in held}
    found = {t["task_id"]: t for t in open_tasks(conn, tasks.c.task_id.in_(wanted))}
    if agency_id:
        for t in open_tasks(conn, tasks.c.agency_id == agency_id, tasks.c.deadline < today):
            found.setdefault(t["task_id"], t)
    return [_item(t) for t in sorted(found.values(), key=lambda t: (t["deadline"], t["task_id"]))]


def _close_held(conn: Connection, ids: list[int], status: str, into: int | None) -> None:
    conn.execute(update(outbox).where(outbox.c.id.in_(ids), outbox.c.status == "held")
                 .values(status=status, merged_into=into))


def queue_daily_digests(conn: Connection, now: datetime) -> int:
    """Fold each person's held rows, per channel, into one daily_digest; returns how many."""
    today = local_date(now)
    queued = 0
    for (person_id, channel), held in _held(conn).items():
        ids = [r.id for r in held]
        who = person(conn, person_id)
        if who is None:  # left, or deactivated, since the reminder
            _close_held(conn, ids, "skipped", None)
            continue
        if not digest_due(now, digest_time(who.digest_at)):
            continue  # their digest comes later today: the rows stay held until then
        items = _digest_tasks(conn, held, who.agency_id, today)
        if not items:  # every task was closed meanwhile
            _close_held(conn, ids, "skipped", None)
            continue
        reachable = who.addresses()
        if channel not in reachable:
            _close_held(conn, ids, "skipped", None)
            continue
        agency = agency_name(conn, who.agency_id) or items[0]["agency_name"]
        only = replace(who, channels=(channel,))
        new = queue_for(conn, key=f"daily:{today.isoformat()}", kind="daily_digest",
                        recipient=only, now=now,
                        context={"agency_name": agency, "day": today, "tasks": items})
        if new:  # else today's digest went already: these wait for tomorrow's
            _close_held(conn, ids, "merged", new[0])
            queued += 1
    return queued


def _overdue_by_agency(conn: Connection, plan_ids: tuple[str, ...], today) -> list[dict]:
    if not plan_ids:
        return []
    groups: dict[str, list] = defaultdict(list)
    for t in open_tasks(conn, tasks.c.plan_id.in_(plan_ids), tasks.c.deadline < today):
        groups[t["agency_name"]].append(_item(t))
    return [{"agency_name": name, "tasks": items}
            for name, items in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))]


def queue_weekly_summaries(conn: Connection, now: datetime) -> int:
    """One weekly_summary per coordinator (and channel): overdue duties of their plans, by
    agency, for the week that ended yesterday. Returns the number of coordinators queued for."""
    today = local_date(now)
    week_start, week_end = today - timedelta(days=7), today - timedelta(days=1)
    queued = 0
    for who, plan_ids in coordinator_plans(conn):
        context = {"week_start": week_start, "week_end": week_end, "plan_ids": list(plan_ids),
                   "agencies": _overdue_by_agency(conn, plan_ids, today)}
        if queue_for(conn, key=f"weekly:{week_start.isoformat()}", kind="weekly_summary",
                     recipient=who, context=context, now=now):
            queued += 1
    return queued


def queue_escalation_lists(conn: Connection, now: datetime) -> int:
    """Fold each person's held escalations, per channel, into one message listing the tasks
    (the end of a sweep calls it: one message per person however many tasks went overdue
    together). Returns the number of messages queued."""
    queued = 0
    for (person_id, channel), held in _held(conn, {ESCALATION}).items():
        ids = [r.id for r in held]
        who = person(conn, person_id)
        # left, or the channel was turned off (an escalation falls back on every channel that
        # reaches the person when the chosen ones reach nobody: workflows.message_prefs)
        if who is None or channel not in who.addresses_for(ESCALATION):
            _close_held(conn, ids, "skipped", None)
            continue
        items = sorted((r.context for r in held),
                       key=lambda c: (c["agency_name"], c["deadline"], c["task_title"]))
        about = {r.task_id for r in held}  # one task: its outcome goes on the task's timeline
        new = queue_for(conn, key=f"escalations:{ids[0]}", kind="escalation_list",
                        recipient=replace(who, channels=(channel,)), now=now,
                        task_id=about.pop() if len(about) == 1 else None,
                        context={"day": local_date(now), "tasks": items})
        if new:
            _close_held(conn, ids, "merged", new[0])
            queued += 1
    return queued
