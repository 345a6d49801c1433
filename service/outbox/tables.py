"""The outbox: one row per message to one person on one channel.

A row is written in the same transaction as the event that causes it, so a message is queued
exactly when its cause is committed. ``dedupe_key`` is unique: the same cause never queues the
same message twice, whatever reruns happen. The context (facts known when it was queued) is
kept as JSON and rendered at send time, so a fixed template or a new base URL applies to what
is still waiting, and a template error fails that one row in the dispatcher.

Status, in the order a row usually moves:

========= ==================================================================================
held      waits for the focal point's daily digest (reminder, due_today, overdue), or an
          escalation for the end of its sweep's list (escalation)
merged    folded into a daily_digest or escalation_list row (``merged_into``)
skipped   held, but its task was closed before the digest went out
pending   waits for ``next_attempt_at`` (new, retried after a transient error, or an SMS
          held until morning)
sending   claimed by ``claimed_by`` until ``claimed_until``; an expired claim is taken again
accepted  the provider accepted it, its MessageSent is not on the log yet (the end of the
          dispatcher's batch, or the next dispatcher once that claim has run out); never sent again
sent      the provider accepted it (``provider_id``) and the log says so
failed    for good: refused, out of attempts, not renderable, or no usable contact
========= ==================================================================================
"""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Column, Index, Integer, String, Table, Text,
                        text)

from service.tables import UtcDateTime, metadata

STATUSES = ("held", "merged", "skipped", "pending", "sending", "accepted", "sent", "failed")
DELIVERED = ("accepted", "sent")  # the provider has it
NO_CONTACT = "no usable contact"

outbox = Table(
    "outbox", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("dedupe_key", String(200), nullable=False, unique=True),
    Column("task_id", String(64), index=True),
    Column("kind", String(30), nullable=False),
    Column("channel", String(10), nullable=False),  # email | sms | zalo | none (no usable contact)
    Column("person_id", String(64), index=True),
    Column("address", String(254)),
    Column("context", JSON, nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime(), nullable=False),
    Column("claimed_by", String(100)),
    Column("claimed_until", UtcDateTime()),
    Column("last_error", Text),
    Column("subject", Text),  # as rendered at the last attempt
    Column("body", Text),
    Column("provider_id", String(200)),
    Column("merged_into", BigInteger().with_variant(Integer, "sqlite")),
    Column("cause_position", BigInteger().with_variant(Integer, "sqlite")),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("sent_at", UtcDateTime()),
    # Only the rows still to send are indexed: the loop stays cheap however large the table grows.
    Index("ix_outbox_due", "next_attempt_at",
          postgresql_where=text("status = 'pending'"), sqlite_where=text("status = 'pending'")),
    Index("ix_outbox_claimed", "claimed_until",
          postgresql_where=text("status = 'sending'"), sqlite_where=text("status = 'sending'")),
    Index("ix_outbox_held", "person_id", "channel",
          postgresql_where=text("status = 'held'"), sqlite_where=text("status = 'held'")),
    Index("ix_outbox_status_created", "status", "created_at"),
)
