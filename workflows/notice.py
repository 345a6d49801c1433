"""The first notice: the moment the escalation ladder counts from.

A coordinator or a leader is told that an agency has not done its work only after the agency
has itself been told, and has had the ladder's working days to act. So the ladder does not
count from the deadline but from the first notice the agency actually received about the task
and its current deadline:

- the messages that count are the focal points' ladder messages (a reminder, due today, the
  overdue mark) about the current deadline. They are held and go out folded into the 07:30
  daily digest, so one *arrives* when that digest (or, for a message sent alone, the message)
  is accepted by the mail relay or the SMS gateway: the outbox's ``sent``;
- the first notice is the earliest such arrival, on any channel, to any focal point;
- when no message can ever arrive (the agency has no focal point, none has a usable contact,
  the relay refused every address, the person left before the digest), the ladder counts from
  the first attempt instead: the agency is unreachable, and the coordinator must learn it.
  The escalation then says "never reached", and why;
- while a message is still on its way (held for the digest, waiting for the morning, retried),
  the ladder waits: escalating then would blame the agency for our delay.

A new deadline (an extension) starts a new ladder: only messages about it count.

Pure: the service reads the outbox into :class:`Delivery` facts; times are arguments.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from workflows.localtime import local_date


@dataclass(frozen=True)
class Delivery:
    """One ladder message to one person on one channel (or to nobody), as the outbox knows it.

    ``received_at`` is set once it arrived; ``failed`` says why it never will; neither means
    it is still on its way.
    """

    queued_at: datetime
    received_at: datetime | None = None
    failed: str | None = None

    @property
    def on_its_way(self) -> bool:
        return self.received_at is None and self.failed is None


@dataclass(frozen=True)
class Notice:
    """Where the ladder stands for one task and deadline.

    ``start`` is the instant the ladder counts from (None: wait). ``reached`` says whether the
    agency received a message; ``reminded_on`` lists the local days it did, ``unreached`` why
    messages did not arrive (when none did).
    """

    start: datetime | None
    reached: bool = False
    reminded_on: tuple[date, ...] = ()
    unreached: tuple[str, ...] = ()


WAITING = Notice(None)


def first_notice(deliveries: Iterable[Delivery]) -> Notice:
    deliveries = list(deliveries)
    arrived = sorted(d.received_at for d in deliveries if d.received_at is not None)
    if arrived:
        days = tuple(sorted({local_date(at) for at in arrived}))
        return Notice(arrived[0], True, days)
    reasons = tuple(dict.fromkeys(d.failed for d in deliveries if d.failed))
    if deliveries and not any(d.on_its_way for d in deliveries):
        return Notice(min(d.queued_at for d in deliveries), False, (), reasons)
    return Notice(None, False, (), reasons)
