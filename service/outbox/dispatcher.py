"""The dispatcher: claim due outbox rows, render, send, record the outcome.

``Dispatcher(dd, email_transport, sms_gateway, worker_id).run_once(now)`` works through every
row due at ``now`` in batches (a hundred rows) and returns the counts. Nothing is held open while a
message is on the wire: the claim and each outcome are short transactions of their own, so
SQLite's single writer and PostgreSQL's event lock are never held across the network.

Time is an argument: the loop (service.outbox.runner) passes the real clock, tests a manual one.

Each transport keeps one connection for the run (an SMTP session carries up to the relay's
limit of messages, notifications.smtp_session), so a message costs MAIL, RCPT and DATA, not a
new connection, EHLO and QUIT. Emails go through a pipeline where the transport allows it
(service.outbox.pipeline): on one connection in turn (the default: each message whole, its
answer read once the next is ready), or up to ``SmtpSettings.connections`` staged at once, each
on its own connection, their last lines sent one at a time by this thread. On PostgreSQL the
acceptances go on a connection of their own (outcomes.accepting: one statement each).

What ``kill -9`` can do: each acceptance is recorded in its own short transaction as soon as the
relay or gateway accepts the message (the row becomes ``accepted``; the batch's MessageSent
events follow in one unit of work, service.outbox.outcomes, on PostgreSQL while the next batch
goes, service.outbox.sent_log), so the only message a crash can
send twice is the one in flight (accepted, acceptance not yet written; a staged email is not
accepted before its last line, sent just before its acceptance is written; in turn, a message's
last line goes only once the one before it is recorded); it goes again after the lease, with the same
Message-ID (SMS: the same reference), so a mail client shows it once. Every other row of the
batch was either recorded or never sent, and comes free when the lease (a minute) runs out.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from notifications.errors import TemplateError, TransportError
from notifications.quiet_hours import DEFAULT_QUIET_HOURS, QuietHours
from notifications.rendering import RenderedMessage, render
from notifications.retry import DEFAULT_BACKOFF, Backoff
from notifications.zalo import OutgoingZalo, zns_params
from service.outbox import outcomes
from service.outbox.claims import claim, utc
from service.outbox.heartbeat import Heartbeat
from service.outbox.pipeline import InTurn, Pipeline
from service.outbox.sent_log import SentLog
from service.links import links_for
from service.outbox.context import SendContext

log = logging.getLogger(__name__)
# A claim lasts a minute, kept alive by the heartbeat while the dispatcher works: the rows of a
# dispatcher killed mid-batch come free a minute later (service.outbox.heartbeat).
LEASE = timedelta(minutes=1)


@dataclass
class DispatchCounts:
    claimed: int = 0
    sent: int = 0
    retried: int = 0  # transient failure, rescheduled
    failed: int = 0  # for good
    lost: int = 0  # claim taken over by another dispatcher before the outcome was written

    def __add__(self, other: "DispatchCounts") -> "DispatchCounts":
        return DispatchCounts(*(a + b for a, b in zip(self.__dict__.values(),
                                                       other.__dict__.values())))


def _done() -> None:
    """An outcome recorded already."""


def _stable_id(row) -> str:
    return hashlib.sha1(row.dedupe_key.encode()).hexdigest()[:12]


class Dispatcher:
    def __init__(self, dd, email_transport, sms_gateway, worker_id: str, *, zalo=None,
                 backoff: Backoff = DEFAULT_BACKOFF,
                 quiet_hours: QuietHours = DEFAULT_QUIET_HOURS, batch_size: int = 100,
                 lease: timedelta = LEASE, max_batches: int = 100):
        self.dd, self.worker_id = dd, worker_id
        self.transports = {"email": email_transport, "sms": sms_gateway, "zalo": zalo}
        self.backoff, self.quiet_hours = backoff, quiet_hours
        self.batch_size, self.lease, self.max_batches = batch_size, lease, max_batches
        self.links = links_for(dd)
        self.context = SendContext(self.links, dd.calendar)

    def run_once(self, now: datetime) -> DispatchCounts:
        """Send what is due at ``now``; rows that fail transiently come back later, not now."""
        now = utc(now)
        counts = DispatchCounts()
        # One connection for the run's claims and acceptances, each its own short transaction
        with Heartbeat(self.dd, self.worker_id, self.lease), self._sessions() as sessions, \
                self.dd.engine.connect() as conn, outcomes.accepting(self.dd) as accepting, \
                SentLog(self.dd, self.worker_id, now) as log_accepted:
            pipeline = self._pipeline(sessions)
            log_accepted()  # a dead dispatcher's
            for _ in range(self.max_batches):
                with conn.begin():  # no SMS claimed in the quiet hours
                    rows = claim(conn, self.worker_id, now, self.batch_size, self.lease,
                                 sms=not self.quiet_hours.is_quiet(now))
                if not rows:
                    break
                counts.claimed += len(rows)
                for row in rows:
                    self._deliver((conn, accepting or conn), row, now, counts, pipeline)
                if pipeline is not None:
                    pipeline.drain()
                log_accepted()  # on PostgreSQL behind the next batch (service.outbox.sent_log)
        return counts

    def _sessions(self) -> contextlib.ExitStack:
        """One connection per transport for the whole run (SMTP: notifications.smtp_session),
        opened at its first message; a transport without sessions connects per message."""
        stack = contextlib.ExitStack()
        for transport in {id(t): t for t in self.transports.values() if t is not None}.values():
            if hasattr(transport, "session"):
                stack.enter_context(transport.session())
        return stack

    def _pipeline(self, stack: contextlib.ExitStack) -> Pipeline | InTurn | None:
        """Where the transport can: emails staged on several connections at once, as its
        settings allow, or on one, in turn (service.outbox.pipeline); closed with ``stack``."""
        email = self.transports["email"]
        connections = getattr(getattr(email, "settings", None), "connections", 1)
        if not hasattr(email, "staging"):
            return None
        stage = stack.enter_context(email.staging())
        pipeline = Pipeline(stage, connections) if connections > 1 else InTurn(stage)
        stack.callback(pipeline.close)  # before the staging's connections are QUIT
        return pipeline

    # -- one row ---------------------------------------------------------------------------

    def _deliver(self, conns: tuple, row, now: datetime, counts: DispatchCounts,
                 pipeline: Pipeline | InTurn | None = None) -> None:
        if row.attempts > self.backoff.max_attempts:
            self._fail(row, now, counts, f"gave up: a dispatcher stopped while sending this "
                                         f"message {row.attempts - 1} times", permanent=True)
            return
        piped = pipeline is not None and row.channel == "email"
        if pipeline is not None and not piped:
            pipeline.settled()  # one message the relay may have taken: recorded first
        rendered = email = None
        try:
            rendered = self._render(row, now)
            if piped:
                email = self._email(row, rendered)
            else:
                outcome = self._send(row, rendered, now)
        except Exception as error:  # noqa: BLE001 - each kind settled below
            outcome = error
        settle = functools.partial(self._settle, conns, row, now, counts, rendered)
        if email is not None:  # outside the try: recording another's outcome may raise there
            pipeline.put(email, settle)
        else:
            settle(outcome)()

    def _settle(self, conns: tuple, row, now: datetime, counts: DispatchCounts, rendered,
                outcome) -> Callable[[], None]:
        """Record what became of ``row``: ``outcome`` is the Delivery or the exception;
        ``conns``: the run's connection and the one for acceptances (outcomes.accepting).
        It is recorded once the function returned has returned: an acceptance on
        PostgreSQL's connection of its own is only sent here (outcomes.send_accepted), so
        that the pipeline carries the next message meanwhile; anything else is done here."""
        conn, accepting = conns
        if isinstance(outcome, TemplateError):
            self._fail(row, now, counts, str(outcome), permanent=True, rendered=rendered)
        elif isinstance(outcome, TransportError):
            self._transport_error(conn, row, now, counts, outcome, rendered)
        elif isinstance(outcome, Exception):  # a bug must cost this message, not the batch
            log.error("outbox %s: unexpected error while sending", row.id, exc_info=outcome)
            self._fail(row, now, counts, f"unexpected error: {outcome!r}", permanent=True,
                       rendered=rendered)
        else:
            recorded = outcomes.send_accepted(self.dd, row, self.worker_id, now,
                                              outcome.provider_id, *self._parts(rendered),
                                              conn=accepting)
            return lambda: self._count(counts, recorded(), "sent")
        return _done

    def _render(self, row, now: datetime) -> RenderedMessage:
        if row.channel not in self.transports:
            raise TemplateError(row.kind, f"no channel {row.channel!r}")
        context = self._context(row, now)
        # Zalo fills a template registered at Zalo; the SMS wording is what the log keeps
        return render(row.kind, context, "sms" if row.channel == "zalo" else row.channel)

    def _context(self, row, now: datetime) -> dict:
        signed_for = row.person_id if row.channel in ("email", "zalo") else None
        return self.context.complete(row.kind, row.context, now, signed_for)

    def _send(self, row, rendered: RenderedMessage, now: datetime):
        transport = self.transports[row.channel]
        if transport is None:
            raise TransportError(f"no {row.channel} transport configured")
        if row.channel == "zalo":
            return transport.send(OutgoingZalo(
                row.address, transport.template_for(row.kind),
                zns_params(row.kind, self._context(row, now)), f"{row.id}-{_stable_id(row)}"))
        if row.channel == "email":
            return transport.send(self._email(row, rendered))
        return transport.send(rendered.as_sms(row.address, reference=f"{row.id}-{_stable_id(row)}"))

    def _email(self, row, rendered: RenderedMessage):
        domain = getattr(getattr(self.transports["email"], "settings", None), "msgid_domain",
                         "dondoc")
        # The same Message-ID on every try: a server that took the first one and lost the
        # answer shows one message, not two.
        message_id = f"<outbox.{row.id}.{_stable_id(row)}@{domain}>"
        unsubscribe = self.links.unsubscribe(row.person_id, "email") if row.person_id else None
        return rendered.as_email(row.address, message_id=message_id, unsubscribe_url=unsubscribe)

    def _transport_error(self, conn, row, now, counts, error: TransportError,
                         rendered) -> None:
        if self.backoff.should_retry(error, row.attempts):
            next_at = self.backoff.next_attempt_at(row.attempts, now)
            if row.channel in ("sms", "zalo"):  # ZNS is refused at night too (-133)
                next_at = self.quiet_hours.hold_until(next_at)
            ok = outcomes.record_retry(self.dd, row, self.worker_id, next_at, error.message,
                                       conn=conn)
            self._count(counts, ok, "retried")
            return
        reason = error.message if error.permanent else (
            f"gave up after {row.attempts} attempts: {error.message}")
        self._fail(row, now, counts, reason, permanent=error.permanent, rendered=rendered)

    def _fail(self, row, now, counts, error: str, permanent: bool, rendered=None) -> None:
        log.warning("outbox %s (%s %s to %s) failed: %s", row.id, row.kind, row.channel,
                    row.person_id, error)
        ok = outcomes.record_failed(self.dd, row, self.worker_id, now, error, permanent,
                                    *self._parts(rendered))
        self._count(counts, ok, "failed")

    @staticmethod
    def _parts(rendered: RenderedMessage | None) -> tuple[str | None, str | None]:
        if rendered is None:
            return None, None
        return rendered.subject, rendered.text

    @staticmethod
    def _count(counts: DispatchCounts, ok: bool, name: str) -> None:
        if ok:
            setattr(counts, name, getattr(counts, name) + 1)
        else:
            counts.lost += 1
