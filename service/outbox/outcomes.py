"""The outcome of a claimed row, and its delivery event on the task's stream.

Sent and failed-for-good are facts that go on the task's stream (MessageSent, MessageFailed),
appended through a unit of work at the stream's current version: the scheduler or a person may
append to the same task meanwhile, so a concurrency error is answered by reading the version
again. A transient failure only reschedules the row.

A message the relay accepted is said so at once, in a short transaction of its own that only
marks the row ``accepted`` (record_accepted): that is what keeps a crash from sending it again.
Its MessageSent goes on the log with the rest of the batch, in one unit of work (log_accepted),
each event with its own metadata (the row, its cause); the rows of a dispatcher that died
between the two are logged by the next one once its claim has run out. A failure for good is
rare and written with its event at once (record_failed).

On PostgreSQL an acceptance commits without waiting for the WAL flush (_NO_FLUSH_WAIT below):
a dispatcher's kill -9 loses none; a crash of the database server may lose the last fraction
of a second of them, whose messages then go a second time.
"""
from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from typing import Callable

from sqlalchemy import Connection

from service.driver_statements import driver_sql
from service.pg_prepared import prepared
from service.eventlog.store import ConcurrencyError, Meta, NewStream
from service.outbox.claims import accept, accept_sent, finish, take_accepted
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


@contextlib.contextmanager
def _transaction(dd, conn: Connection | None):
    """A transaction on ``conn`` (a connection the dispatcher holds for its run: no pool
    checkout, ping and reset per message), or on a connection of its own."""
    if conn is None:
        with dd.engine.begin() as own:
            yield own
    else:
        with conn.begin():
            yield conn


# On PostgreSQL an acceptance's commit does not wait for the WAL flush: the server has the row
# once COMMIT returns, so a dispatcher killed with kill -9 (the crash the promise is about)
# loses nothing. Only a crash of the database server itself could lose the last fraction of a
# second of acceptances (wal_writer_delay, 200 ms by default); those rows are then claimed
# again when their lease runs out and their messages sent a second time, under the same
# Message-ID. The MessageSent events (log_accepted) and everything else commit as usual.
_NO_FLUSH_WAIT = "SET LOCAL synchronous_commit TO OFF"
_ASYNC = "dondoc_async_commit"  # the execution option of accepting()'s connection


@contextlib.contextmanager
def accepting(dd):
    """A connection for a run's acceptances (record_accepted's ``conn``). On PostgreSQL one of
    its own, in autocommit, whose session does not wait for the WAL flush: an acceptance is
    then one statement and one round trip (not BEGIN, SET LOCAL, UPDATE and COMMIT), with the
    same durability as above. The setting is undone before the connection goes back to the
    pool. On SQLite, None: each acceptance is a transaction on the caller's connection."""
    if dd.engine.dialect.name != "postgresql":
        yield None
        return
    with dd.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT", **{_ASYNC: True})
        driver_sql(conn, "SET synchronous_commit TO OFF")
        try:
            yield conn
        finally:
            if not conn.invalidated:
                _read_unread(conn)
                driver_sql(conn, "RESET synchronous_commit")


def _read_unread(conn: Connection) -> None:
    """The answer of an acceptance sent (send_accepted) that nobody waited for: only when the
    run ended with an error on the way, whose account goes on (this answer's is logged)."""
    own = prepared(conn.connection)
    try:
        if own is not None:
            own.read_unread()
    except Exception:  # noqa: BLE001 - the error under way is the one to raise
        log.exception("outbox: an acceptance's answer, read at the end of the run")


def record_accepted(dd, row, worker_id: str, now: datetime, provider_id: str | None,
                    subject: str | None, body: str | None,
                    conn: Connection | None = None) -> bool:
    """The relay or gateway took it; False if the claim was lost meanwhile. ``conn``: a
    connection to write on (none open, a transaction of its own is begun and committed on it;
    accepting()'s: the statement commits alone)."""
    return send_accepted(dd, row, worker_id, now, provider_id, subject, body, conn)()


def send_accepted(dd, row, worker_id: str, now: datetime, provider_id: str | None,
                  subject: str | None, body: str | None,
                  conn: Connection | None = None) -> Callable[[], bool]:
    """As record_accepted, but on accepting()'s connection (PostgreSQL) the statement is only
    sent: the function returned waits for the server's answer and says what record_accepted
    would; the acceptance is recorded once it has returned. Meanwhile the caller works (the
    dispatcher carries the next message up to its last line, service.outbox.pipeline.InTurn)
    and nothing else goes on that connection. Elsewhere it is recorded here, and the function
    says so."""
    values = dict(status="accepted", sent_at=now, provider_id=provider_id, subject=subject,
                  body=body, last_error=None)
    if conn is not None and conn.get_execution_options().get(_ASYNC):
        answer = accept_sent(conn, row.id, worker_id, **values)  # one statement, in autocommit
    else:
        with _transaction(dd, conn) as tx:
            if tx.dialect.name == "postgresql":
                driver_sql(tx, _NO_FLUSH_WAIT)
            ok = accept(tx, row.id, worker_id, **values)
        answer = lambda: ok  # noqa: E731

    def recorded() -> bool:
        ok = answer()
        if not ok:
            log.warning("outbox %s: claim lost before its acceptance was recorded "
                        "(another dispatcher took it over)", row.id)
        return ok
    return recorded


def log_accepted(dd, worker_id: str, now: datetime) -> int:
    """MessageSent for every accepted row of this worker (and of dead ones), in one unit of
    work that also marks them sent; how many."""
    for _ in range(_TRIES):
        try:
            with dd.uow(Meta(actor=ACTOR)) as uow:
                rows = take_accepted(uow.conn, worker_id, now)
                for layer in _layers(rows):  # one event per stream and append
                    streams = [delivery_stream(r) for r in layer]
                    versions = uow.events.stream_versions(streams)
                    uow.append_batch([NewStream(s, versions.get(s, 0), [_sent(r)], _meta(r))
                                      for s, r in zip(streams, layer)])
                uow.commit()
                return len(rows)
        except ConcurrencyError:
            continue
    raise RuntimeError("outbox: task streams kept moving; accepted messages not logged yet")


def _sent(row) -> MessageSent:
    return MessageSent(row.id, row.kind, row.channel, row.person_id or "", row.provider_id)


def _layers(rows) -> list[list]:
    """The rows in appends where each stream appears once (two messages about one task, by
    email and by SMS, go in two appends of the same unit of work): a row goes in the layer
    numbered by how many rows of its stream came before it."""
    layers: list[list] = []
    seen: dict[str, int] = {}
    for row in rows:
        stream = delivery_stream(row)
        k = seen[stream] = seen.get(stream, -1) + 1
        if k == len(layers):
            layers.append([])
        layers[k].append(row)
    return layers


def record_failed(dd, row, worker_id: str, now: datetime, error: str, permanent: bool,
                  subject: str | None = None, body: str | None = None) -> bool:
    event = MessageFailed(row.id, row.kind, row.channel, row.person_id or "", error, permanent)
    return _record(dd, row, worker_id, event, dict(
        status="failed", last_error=error, subject=subject, body=body))


def record_retry(dd, row, worker_id: str, next_attempt_at: datetime, error: str,
                 conn: Connection | None = None) -> bool:
    with _transaction(dd, conn) as tx:
        return finish(tx, row.id, worker_id, status="pending", next_attempt_at=next_attempt_at,
                      last_error=error)

