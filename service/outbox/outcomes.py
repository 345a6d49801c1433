"""The outcome of one claimed row, written in one transaction with its delivery event.

Sent and failed-for-good are facts that go on the task's stream (MessageSent, MessageFailed),
appended through a unit of work at the stream's current version: the scheduler or a person may
append to the same task meanwhile, so a concurrency error is answered by reading the version
again. A transient failure only reschedules the row.
"""
from __future__ import annotations

import logging
from datetime import datetime

from service.eventlog.store import ConcurrencyError, Meta
from service.outbox.claims import finish
from workflows.message_events import MessageFailed, MessageSent

log = logging.getLogger(__name__)

ACTOR = "system:dispatcher"
_TRIES = 8


def delivery_stream(row) -> str:
    """The task's stream; a message about no single task goes on the person's message stream."""
    if row.task_id:
        return f"task-{row.task_id}"
    return f"messages-{row.person_id or 'nobody'}"


def _meta(row) -> Meta:
    cause = None if row.cause_position is None else str(row.cause_position)
    return Meta(actor=ACTOR, request_id=f"outbox-{row.id}", causation_id=cause)


def _record(dd, row, worker_id: str, event, values: dict) -> bool:
    stream = delivery_stream(row)
    for _ in range(_TRIES):
        try:
            with dd.uow(_meta(row)) as uow:
                if not finish(uow.conn, row.id, worker_id, **values):
                    log.warning("outbox %s: claim lost before its outcome was recorded "
                                "(another dispatcher took it over)", row.id)
                    return False
                uow.append(stream, uow.events.stream_version(stream), [event])
                uow.commit()
                return True
        except ConcurrencyError:
            continue
    raise RuntimeError(f"outbox {row.id}: stream {stream} kept moving; outcome not recorded")


def record_sent(dd, row, worker_id: str, now: datetime, provider_id: str | None,
                subject: str | None, body: str | None) -> bool:
    event = MessageSent(row.id, row.kind, row.channel, row.person_id or "", provider_id)
    return _record(dd, row, worker_id, event, dict(
        status="sent", sent_at=now, provider_id=provider_id, subject=subject, body=body,
        last_error=None))


def record_failed(dd, row, worker_id: str, now: datetime, error: str, permanent: bool,
                  subject: str | None = None, body: str | None = None) -> bool:
    event = MessageFailed(row.id, row.kind, row.channel, row.person_id or "", error, permanent)
    return _record(dd, row, worker_id, event, dict(
        status="failed", last_error=error, subject=subject, body=body))


def record_retry(dd, row, worker_id: str, next_attempt_at: datetime, error: str) -> bool:
    with dd.engine.begin() as conn:
        return finish(conn, row.id, worker_id, status="pending", next_attempt_at=next_attempt_at,
                      last_error=error)

