"""Claiming outbox rows, so that no two dispatchers send one message.

A claim is a conditional UPDATE: it sets ``sending`` only where the row is still due (pending
and ``next_attempt_at`` passed, or sending under a claim that expired: a dispatcher that died
mid-batch), and the rows it returns are the ones this dispatcher owns. Another dispatcher that
raced for the same row updates nothing. On PostgreSQL the candidates are picked with
``FOR UPDATE SKIP LOCKED`` so concurrent dispatchers take different rows instead of queueing
on the same ones; on SQLite the single writer does that.

Every claim counts as an attempt: a message that kills its dispatcher each time is still
bounded by the retry limit.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import Connection, and_, bindparam, select, update

from service.driver_statements import DriverStatement
from service.outbox.tables import outbox as t


def utc(moment: datetime) -> datetime:
    """Aware UTC; a naive value read back from SQLite is UTC, as everything stored is."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _due_pending(now: datetime):
    return and_(t.c.status == "pending", t.c.next_attempt_at <= now)


def _expired(now: datetime):
    return and_(t.c.status == "sending", t.c.claimed_until < now)


def _candidates(conn: Connection, where, order, limit: int, sms: bool) -> list[int]:
    query = select(t.c.id).where(where).order_by(*order).limit(limit)
    if not sms:
        query = query.where(t.c.channel != "sms")
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(conn.execute(query).scalars())


def claim(conn: Connection, worker_id: str, now: datetime, limit: int = 10,
          lease: timedelta = timedelta(minutes=15), sms: bool = True) -> list:
    """Claim up to ``limit`` due rows for ``worker_id`` until ``now + lease``; the claimed
    rows. ``sms=False`` leaves SMS rows alone (quiet hours)."""
    now = utc(now)
    ids = _candidates(conn, _expired(now), (t.c.claimed_until,), limit, sms)
    if len(ids) < limit:
        ids += _candidates(conn, _due_pending(now), (t.c.next_attempt_at, t.c.id),
                           limit - len(ids), sms)
    if not ids:
        return []
    stmt = (update(t)
            .where(t.c.id.in_(ids), _due_pending(now) | _expired(now))
            .values(status="sending", claimed_by=worker_id, claimed_until=now + lease,
                    attempts=t.c.attempts + 1)
            .returning(*t.c))
    return sorted(conn.execute(stmt).all(), key=lambda r: r.id)


def finish(conn: Connection, row_id: int, worker_id: str, **values) -> bool:
    """Record the outcome of a claimed row; False if the claim was lost meanwhile (it expired
    and another dispatcher took the row), in which case nothing is written."""
    return _finishing(frozenset(values)).execute(
        conn, {**values, "_id": row_id, "_worker": worker_id}) == 1


def accept(conn: Connection, row_id: int, worker_id: str, **values) -> bool:
    """The relay or gateway took the claimed row's message: ``accepted``, still under this
    worker's claim until its MessageSent is on the log (service.outbox.outcomes.log_accepted).
    False if the claim was lost meanwhile."""
    return _finishing(frozenset(values), keep_claim=True).execute(
        conn, {**values, "_id": row_id, "_worker": worker_id}) == 1


def accept_sent(conn: Connection, row_id: int, worker_id: str, **values) -> Callable[[], bool]:
    """As ``accept``, on a PostgreSQL connection in autocommit without waiting for the answer
    (DriverStatement.sent): the function returned waits for it and says what ``accept``
    would."""
    changed = _finishing(frozenset(values), keep_claim=True).sent(
        conn, {**values, "_id": row_id, "_worker": worker_id})
    return lambda: changed() == 1


_FINISH: dict[tuple, DriverStatement] = {}


def _finishing(names: frozenset, keep_claim: bool = False) -> DriverStatement:
    """The UPDATE for an outcome that sets ``names``, built once per set and run on the
    driver's cursor (a hot path: one per message sent; service.driver_statements)."""
    stmt = _FINISH.get((names, keep_claim))
    if stmt is None:
        values = {n: bindparam(n) for n in names}
        if not keep_claim:
            values.update(claimed_by=None, claimed_until=None)
        stmt = _FINISH[(names, keep_claim)] = DriverStatement(
            update(t).where(t.c.id == bindparam("_id"), t.c.status == "sending",
                            t.c.claimed_by == bindparam("_worker")).values(**values))
    return stmt


def take_accepted(conn: Connection, worker_id: str, now: datetime) -> list:
    """The accepted rows whose MessageSent is still to be logged: this worker's, and those of a
    dispatcher that died before logging them (its claim ran out); marked ``sent`` here, in the
    caller's transaction, which appends their events. Another dispatcher that raced for the
    same rows updates nothing."""
    stmt = (update(t).where(t.c.status == "accepted",
                            (t.c.claimed_by == worker_id) | (t.c.claimed_until < utc(now)))
            .values(status="sent", claimed_by=None, claimed_until=None).returning(*t.c))
    return sorted(conn.execute(stmt).all(), key=lambda r: r.id)
