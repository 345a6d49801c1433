"""The outbox reactor: for each appended event that someone must hear of, queue the messages
in the same transaction (service.uow runs it right after the projections, never in a rebuild).

========================= ======================= ========================= ============
event                     kind                    to                        when
========================= ======================= ========================= ============
ReminderSent remind_N     reminder                the agency's focal points daily digest
ReminderSent due_today    due_today               the agency's focal points daily digest
BecameOverdue             overdue                 the agency's focal points daily digest
Escalated                 escalation              coordinator or leader     end of sweep
SubmissionReturned        submission_returned     the agency's focal points at once
ExtensionGranted          extension_granted       the agency's focal points at once
TaskReassigned            task_assigned           the new agency's          at once
                                                  focal points
========================= ======================= ========================= ============

Held rows wait: the focal points' for their daily digest, the escalations for the end of the
sweep that decided them, which lists them in one message per person (service.outbox.digests).
An escalation states what the agency was told (service.outbox.notices): the days it received
reminders, or that it was never reached, and why.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Sequence

from sqlalchemy import Connection, bindparam, select

from service.eventlog.store import EventStore, StoredEvent
from service.outbox.context import agency_name, message_facts, task_facts
from service.outbox.notices import history, notices
from service.outbox.queueing import queue_for, record_no_recipient
from service.outbox.recipients import COORDINATOR, FOCAL_POINTS, LEADER, audience
from service.projections.plans import plans
from workflows.message_prefs import required_kinds, wanted
from workflows.reminders import DUE_TODAY
from workflows.task_events import ExtensionGranted, TaskCreated

log = logging.getLogger(__name__)

HANDLED = frozenset({"ReminderSent", "BecameOverdue", "Escalated", "SubmissionReturned",
                     "ExtensionGranted", "TaskReassigned"})
DIGESTED = frozenset({"reminder", "due_today", "overdue"})
ESCALATION = "escalation"
_AUDIENCE_VI = {FOCAL_POINTS: "đầu mối", COORDINATOR: "cơ quan thường trực",
                LEADER: "lãnh đạo"}


def _previous_deadline(conn: Connection, ev: StoredEvent):
    """The deadline before this extension: the read model already holds the new one."""
    deadline = None
    for earlier in EventStore(conn).read_stream(ev.stream_id):
        if earlier.version >= ev.version:
            break
        if isinstance(earlier.event, TaskCreated):
            deadline = earlier.event.deadline
        elif isinstance(earlier.event, ExtensionGranted):
            deadline = earlier.event.new_deadline
    return deadline


def _message(conn: Connection, ev: StoredEvent, facts: dict) -> tuple[str, str, dict] | None:
    """(kind, audience, extra context) for the event, or None if nobody is to be told."""
    e = ev.event
    if ev.type == "ReminderSent":
        kind = "due_today" if e.rule == DUE_TODAY else "reminder"
        return kind, FOCAL_POINTS, {"rule": e.rule, "deadline": e.deadline}
    if ev.type == "BecameOverdue":
        return "overdue", FOCAL_POINTS, {"deadline": e.deadline}
    if ev.type == "Escalated":
        if facts["role"] == "requested":  # the policy never escalates these; nor do we
            return None
        told = notices(conn, {facts["task_id"]: e.deadline})[facts["task_id"]]
        return ESCALATION, e.audience, {"rule": e.rule, "deadline": e.deadline, **history(told)}
    if ev.type == "SubmissionReturned":
        return "submission_returned", FOCAL_POINTS, {"reason": e.reason}
    if ev.type == "ExtensionGranted":
        return "extension_granted", FOCAL_POINTS, {
            "deadline": e.new_deadline, "previous_deadline": _previous_deadline(conn, ev)}
    if ev.type == "TaskReassigned":  # the read model has the task at the new agency already
        return "task_assigned", FOCAL_POINTS, {
            "reason": e.reason, "previous_agency_name": agency_name(conn, e.from_agency_id) or ""}
    return None


_PLAN_SETTINGS = select(plans.c.settings).where(plans.c.plan_id == bindparam("plan_id"))


def _plan_settings(conn: Connection, plan_id: str) -> dict | None:
    return conn.execute(_PLAN_SETTINGS, {"plan_id": plan_id}).scalar()


def queue_messages(conn: Connection, ev: StoredEvent, now: datetime) -> int:
    facts = task_facts(conn, ev.stream_id.removeprefix("task-"))
    if facts is None:
        log.warning("no task read model for %s: no message queued", ev)
        return 0
    found = _message(conn, ev, facts)
    if found is None:
        return 0
    kind, who, extra = found
    context = {**message_facts(facts), **extra}
    people = audience(conn, who, facts["agency_id"], facts["plan_id"])
    required = required_kinds(_plan_settings(conn, facts["plan_id"]))
    chosen = [p for p in people if wanted(kind, p.muted, required)]
    if people and not chosen:
        return 0  # they turned this kind off, and the plan does not require it
    people = chosen
    key = str(ev.position)
    if not people:
        reason = f"no active {who} to tell (agency {facts['agency_id']}, plan {facts['plan_id']})"
        context["audience_vi"] = _AUDIENCE_VI.get(who, who)
        record_no_recipient(conn, key=key, kind=kind, reason=reason, context=context, now=now,
                            task_id=facts["task_id"], cause_position=ev.position)
        return 0
    written = 0
    for person in people:
        written += len(queue_for(conn, key=key, kind=kind, recipient=person, context=context,
                                 now=now, held=_held(kind, who),
                                 task_id=facts["task_id"], cause_position=ev.position))
    return written


def _held(kind: str, who: str) -> bool:
    return kind == ESCALATION or (kind in DIGESTED and who == FOCAL_POINTS)


def outbox_reactor(conn: Connection, stored: Sequence[StoredEvent], now: datetime) -> None:
    for ev in stored:
        if ev.type in HANDLED and ev.stream_id.startswith("task-"):
            queue_messages(conn, ev, now)
