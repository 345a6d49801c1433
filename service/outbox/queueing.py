"""Write outbox rows: one per recipient and usable channel, never twice for one dedupe key."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Mapping

from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from notifications.quiet_hours import DEFAULT_QUIET_HOURS, QuietHours
from service.outbox.recipients import Recipient
from service.outbox.tables import NO_CONTACT, outbox


def jsonable(value: Any) -> Any:
    """Dates as ISO strings (the templates read them back), containers walked."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def insert_row(conn: Connection, **values) -> int | None:
    """Insert unless the dedupe key is taken; the new id, or None if it was."""
    ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(outbox)
    values.setdefault("attempts", 0)
    values["context"] = jsonable(values.get("context") or {})
    stmt = ins.values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    return conn.execute(stmt.returning(outbox.c.id)).scalar()


def queue_for(conn: Connection, *, key: str, kind: str, recipient: Recipient, context: Mapping,
              now: datetime, held: bool = False, task_id: str | None = None,
              cause_position: int | None = None,
              quiet_hours: QuietHours = DEFAULT_QUIET_HOURS) -> list[int]:
    """Queue ``kind`` for one person on each channel they can be reached on.

    A person with no usable contact gets a failed row instead, so the coordinator sees who
    was never told (service.outbox.queries)."""
    context = {**context, "recipient_name": recipient.name}
    common = dict(kind=kind, task_id=task_id, person_id=recipient.person_id, context=context,
                  cause_position=cause_position, created_at=now)
    addresses = recipient.addresses_for(kind)
    if not addresses:
        new = insert_row(conn, dedupe_key=f"{key}:{recipient.person_id}:none", channel="none",
                         address=None, status="failed", next_attempt_at=now,
                         last_error=NO_CONTACT, **common)
        return [new] if new else []
    ids = []
    for channel, address in addresses.items():
        # No SMS at night: it waits until morning, and says when in the row.
        due = quiet_hours.hold_until(now) if channel in ("sms", "zalo") else now
        new = insert_row(conn, dedupe_key=f"{key}:{recipient.person_id}:{channel}",
                         channel=channel, address=address,
                         status="held" if held else "pending", next_attempt_at=due, **common)
        if new:
            ids.append(new)
    return ids


def record_no_recipient(conn: Connection, *, key: str, kind: str, reason: str, context: Mapping,
                        now: datetime, task_id: str | None = None,
                        cause_position: int | None = None) -> int | None:
    """Nobody to tell at all (no focal point for the agency, no coordinator for the plan)."""
    return insert_row(conn, dedupe_key=f"{key}:nobody", kind=kind, task_id=task_id,
                      person_id=None, channel="none", address=None, context=context,
                      status="failed", next_attempt_at=now, last_error=reason,
                      cause_position=cause_position, created_at=now)
