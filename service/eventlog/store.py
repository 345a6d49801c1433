"""The event store: append with an expected version, read a stream, follow the log by position.

Appends serialise on a lock (PostgreSQL: a table lock; SQLite: its single writer), so a
position becomes visible only after every lower one: a follower never skips an event that
commits late. Positions are assigned under that lock and are gapless, which also lets
``log verify`` see a removed row.

Appending needs the log key (hashing.KEYED): each row is chained with HMAC under it, and the
signed head (head.py) moves on in the same transaction. An append refuses to write when the log
does not end at its signed head or the head is not signed with this key, rather than chain new
events onto a log that was cut or with a key that is not its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from service.bulk_insert import bulk_insert

from workflows.events import Event, event_class

from .codec import SCHEMA_KEY, decode_event, encode, encode_event, schema_of
from .hashing import GENESIS, KEYED, LogKeyMissing, as_key, keyed_hash
from .head import LogRefused, head_problem, write_head
from .tables import events as t


class ConcurrencyError(Exception):
    """The stream moved on since the caller read it: nothing was written."""

    def __init__(self, stream_id: str, expected: int, actual: int | None):
        self.stream_id, self.expected, self.actual = stream_id, expected, actual
        super().__init__(
            f"stream {stream_id!r} is at version {actual}, not the expected {expected}"
        )


@dataclass(frozen=True)
class Meta:
    """Who and why: stored beside every event."""

    actor: str | None = None
    agency: str | None = None
    request_id: str | None = None
    causation_id: str | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class StoredEvent:
    """A row of the log. The domain event is decoded on first use (rebuilds skip most)."""

    __slots__ = ("position", "stream_id", "version", "type", "data", "meta", "recorded_at", "_event")

    def __init__(self, position, stream_id, version, type, data, meta, recorded_at, event=None):
        self.position, self.stream_id, self.version = position, stream_id, version
        self.type, self.data, self.meta, self.recorded_at = type, data, meta, recorded_at
        self._event = event

    @property
    def event(self) -> Event:
        """The domain event in its current shape (``data`` is the row as written)."""
        if self._event is None:
            self._event = decode_event(self.type, self.data, schema_of(self.meta))
        return self._event

    @property
    def current_data(self) -> dict:
        """The event's fields in the shape the code reads now (older rows upcast), as JSON."""
        if schema_of(self.meta) == event_class(self.type).schema_version:
            return self.data
        return encode(self.event)

    def __repr__(self):
        return f"<StoredEvent {self.position} {self.stream_id}@{self.version} {self.type}>"


@dataclass(frozen=True)
class NewStream:
    """Events for one stream in a batch append."""

    stream_id: str
    expected_version: int
    events: Sequence[Event]


class EventStore:
    def __init__(self, conn: Connection, key: str | bytes | None = None):
        """``key``: the log key, needed to append (reading needs none)."""
        self.conn, self.key = conn, as_key(key)

    def append(self, stream_id: str, expected_version: int, events: Sequence[Event],
               meta: Meta, now: datetime) -> list[StoredEvent]:
        return self.append_batch([NewStream(stream_id, expected_version, events)], meta, now)

    def append_batch(self, streams: Iterable[NewStream], meta: Meta, now: datetime) -> list[StoredEvent]:
        streams = [s for s in streams if s.events]
        if not streams:
            return []
        if self.key is None:
            raise LogKeyMissing()
        self._lock()
        current = self.stream_versions([s.stream_id for s in streams])
        for s in streams:
            actual = current.get(s.stream_id, 0)
            if actual != s.expected_version:
                raise ConcurrencyError(s.stream_id, s.expected_version, actual)
        rows, stored = self._rows(streams, meta.as_dict(), now)
        try:
            bulk_insert(self.conn, t, rows)
        except IntegrityError as exc:  # a writer that bypassed the lock; the key still holds
            raise ConcurrencyError(streams[0].stream_id, streams[0].expected_version, None) from exc
        write_head(self.conn, self.key, rows[-1]["position"], rows[-1]["hash"])
        return stored

    def _rows(self, streams, meta: dict, now: datetime):
        position, prev = self._head()
        problem = head_problem(self.conn, self.key, position, prev)
        if problem:
            raise LogRefused(f"nothing written: {problem}; see `dondoc log verify`")
        rows, stored = [], []
        for s in streams:
            for i, ev in enumerate(s.events, start=1):
                position += 1
                version = s.expected_version + i
                type_name, data = encode_event(ev)
                row_meta = {**meta, SCHEMA_KEY: ev.schema_version}
                h = keyed_hash(self.key, prev, position, s.stream_id, version, type_name, data,
                               row_meta, now)
                rows.append(dict(position=position, stream_id=s.stream_id, version=version,
                                 type=type_name, data=data, meta=row_meta, recorded_at=now,
                                 prev_hash=prev, hash=h, chain=KEYED))
                stored.append(StoredEvent(position, s.stream_id, version, type_name, data, row_meta,
                                          now, ev))
                prev = h
        return rows, stored

    def _lock(self) -> None:
        if self.conn.dialect.name == "postgresql":
            # EXCLUSIVE blocks other writers (and their positions) but never plain readers.
            self.conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")

    def _head(self) -> tuple[int, str]:
        row = self.conn.execute(_HEAD).first()
        return (row.position, row.hash) if row else (0, GENESIS)

    def stream_version(self, stream_id: str) -> int:
        return self.conn.execute(_VERSION, {"sid": stream_id}).scalar() or 0

    def stream_versions(self, stream_ids: Sequence[str]) -> dict[str, int]:
        unique = list(dict.fromkeys(stream_ids))
        if len(unique) == 1:
            return {unique[0]: self.stream_version(unique[0])}
        found: dict[str, int] = {}
        for i in range(0, len(unique), 500):
            found.update(dict(self.conn.execute(_VERSIONS, {"sids": unique[i:i + 500]}).all()))
        return found

    def read_stream(self, stream_id: str) -> list[StoredEvent]:
        return [StoredEvent(*r) for r in self.conn.execute(_STREAM, {"sid": stream_id})]

    def read_all(self, after: int = 0, limit: int = 1000) -> list[StoredEvent]:
        return [StoredEvent(*r) for r in self.conn.execute(_ALL, {"after": after, "limit": limit})]

    def last_position(self) -> int:
        return self._head()[0]


# Statements built once: constructing them per call costs more than running them on SQLite.
_COLS = (t.c.position, t.c.stream_id, t.c.version, t.c.type, t.c.data, t.c.meta, t.c.recorded_at)
_HEAD = select(t.c.position, t.c.hash).order_by(t.c.position.desc()).limit(1)
_VERSION = select(func.max(t.c.version)).where(t.c.stream_id == bindparam("sid"))
_VERSIONS = (select(t.c.stream_id, func.max(t.c.version))
             .where(t.c.stream_id.in_(bindparam("sids", expanding=True))).group_by(t.c.stream_id))
_STREAM = select(*_COLS).where(t.c.stream_id == bindparam("sid")).order_by(t.c.version)
_ALL = (select(*_COLS).where(t.c.position > bindparam("after"))
        .order_by(t.c.position).limit(bindparam("limit")))
