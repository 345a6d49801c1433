"""The event table: append-only, one row per event, global position = commit order."""
from sqlalchemy import JSON, BigInteger, Column, Integer, String, Table, UniqueConstraint

from service.tables import UtcDateTime, metadata

events = Table(
    "events",
    metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("stream_id", String(120), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(120), nullable=False),
    Column("data", JSON, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # how ``hash`` was made (hashing.PLAIN: SHA-256, rows of before issue 18; hashing.KEYED:
    # HMAC-SHA256 under the log key): old rows keep verifying as they were written
    Column("chain", Integer, nullable=False, server_default="1"),
    UniqueConstraint("stream_id", "version"),
)

# The signed head: the last event's position and hash, signed with the log key and moved on by
# every append in the same transaction, so ``log verify`` sees the last events removed.
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
