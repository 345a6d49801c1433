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
    UniqueConstraint("stream_id", "version"),
)

checkpoints = Table(
    "projection_checkpoints",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("position", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
)
