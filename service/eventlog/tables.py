"""The event table: append-only, one row per event.

``position`` names a row (PostgreSQL: an identity, so concurrent writers never wait for each
other; it may skip numbers a rolled-back append took). ``seq`` is the sealed order: gapless,
given by the sealer (sealer.py) with the keyed chain (``prev_hash``, ``hash``); NULL while the
row is not sealed yet, when ``hash`` is the row's own MAC under the log key. ``txid`` is the
PostgreSQL transaction that wrote the row (0 on SQLite and for rows written before), which
tells followers and the sealer which rows no transaction still in flight can precede.
"""
from sqlalchemy import (JSON, BigInteger, Column, Identity, Index, Integer, String, Table,
                        UniqueConstraint)

from service.tables import UtcDateTime, metadata

events = Table(
    "events",
    metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True),
    Column("stream_id", String(120), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(120), nullable=False),
    Column("data", JSON, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("prev_hash", String(64), nullable=True),
    Column("hash", String(64), nullable=False),
    # how ``hash`` was made (hashing.PLAIN: SHA-256, rows of before issue 18; hashing.KEYED:
    # HMAC-SHA256 under the log key): old rows keep verifying as they were written
    # hashing.SEALED: the MAC until sealed, then HMAC chained in ``seq`` order)
    Column("chain", Integer, nullable=False, server_default="1"),
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), nullable=True, unique=True),
    Column("txid", BigInteger().with_variant(Integer, "sqlite"), nullable=False,
           server_default="0"),  # PostgreSQL: pg_current_xact_id() (migration 0019)
    UniqueConstraint("stream_id", "version"),
)
# the rows the sealer has still to chain, in the order it chains them
Index("ix_events_unsealed", events.c.txid, events.c.position,
      postgresql_where=events.c.seq.is_(None), sqlite_where=events.c.seq.is_(None))

# The signed head: the last sealed event's ``seq`` (in column ``position``: before the sealer,
# seq and position were one) and hash, signed with the log key and moved on by the sealer in
# the transaction that chains the rows, so ``log verify`` sees the last events removed.
log_head = Table(
    "log_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1: one head
    Column("position", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("signature", String(64), nullable=False),
)

checkpoints = Table(
    "projection_checkpoints",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("position", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
)
