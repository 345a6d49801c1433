"""What the outbox knows of the ladder messages about tasks: the facts workflows.notice decides
the first notice from, and the words an escalation states them in.

A focal point's ladder message (reminder, due today, overdue) is a held row, merged into a
daily digest row that is then sent or failed; a row with channel ``none`` says nobody could be
told. Only rows about the task's current deadline count (their context keeps it).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, bindparam, select

from service.outbox.tables import DELIVERED, NO_CONTACT, outbox
from workflows.notice import Delivery, Notice, first_notice

LADDER_KINDS = ("reminder", "due_today", "overdue")
_CHANNEL_VI = {"email": "thư điện tử", "sms": "tin nhắn SMS"}

_ROWS = (select(outbox.c.id, outbox.c.task_id, outbox.c.channel, outbox.c.person_id,
                outbox.c.address, outbox.c.status, outbox.c.context, outbox.c.last_error,
                outbox.c.merged_into, outbox.c.created_at, outbox.c.sent_at)
         .where(outbox.c.task_id.in_(bindparam("ids", expanding=True)),
                outbox.c.kind.in_(LADDER_KINDS))
         .order_by(outbox.c.id))
_DIGESTS = (select(outbox.c.id, outbox.c.address, outbox.c.status, outbox.c.last_error,
                   outbox.c.sent_at)
            .where(outbox.c.id.in_(bindparam("ids", expanding=True))))


def _failure(row, digest) -> str | None:
    """Why the message never arrives, in the coordinator's words; None if it may yet."""
    name = (row.context or {}).get("recipient_name") or row.person_id
    if row.channel == "none":
        if row.person_id is None:
            return "cơ quan chưa có đầu mối nhận tin trên hệ thống"
        if row.last_error == NO_CONTACT:
            return f"đầu mối {name} chưa có địa chỉ email hoặc số điện thoại"
        return f"không gửi được cho đầu mối {name}: {row.last_error}"
    channel = _CHANNEL_VI.get(row.channel, row.channel)
    if row.status == "skipped":
        return f"đầu mối {name} không còn nhận {channel}"
    sent = digest if row.status == "merged" else row
    if sent is not None and sent.status == "failed":
        return f"{channel} tới {sent.address} không gửi được ({sent.last_error})"
    return None


def _delivery(row, digest) -> Delivery:
    sent = digest if row.status == "merged" else row
    if sent is not None and sent.status in DELIVERED:
        return Delivery(row.created_at, received_at=sent.sent_at)
    return Delivery(row.created_at, failed=_failure(row, digest))


def deliveries(conn: Connection, deadlines: dict[str, date]) -> dict[str, list[Delivery]]:
    """The ladder messages about each task's current deadline ({task_id: deadline})."""
    found: dict[str, list] = defaultdict(list)
    ids = list(deadlines)
    for i in range(0, len(ids), 500):
        for r in conn.execute(_ROWS, {"ids": ids[i:i + 500]}):
            if str((r.context or {}).get("deadline")) == deadlines[r.task_id].isoformat():
                found[r.task_id].append(r)
    merged = sorted({r.merged_into for rows in found.values() for r in rows if r.merged_into})
    digests = {}
    for i in range(0, len(merged), 500):
        digests.update((d.id, d) for d in conn.execute(_DIGESTS, {"ids": merged[i:i + 500]}))
    return {task_id: [_delivery(r, digests.get(r.merged_into)) for r in rows]
            for task_id, rows in found.items()}


def notices(conn: Connection, deadlines: dict[str, date]) -> dict[str, Notice]:
    """The first notice of each task ({task_id: deadline}): workflows.notice decides."""
    found = deliveries(conn, deadlines)
    return {task_id: first_notice(found.get(task_id, ())) for task_id in deadlines}


def history(notice: Notice) -> dict:
    """What an escalation states of the ladder: the days the agency was reminded, or that it
    was never reached, and why."""
    return {"reminded_on": list(notice.reminded_on),
            "unreached": [] if notice.reached else list(notice.unreached)}
