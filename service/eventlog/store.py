"""The event store: append with an expected version, read a stream, follow the log.

PostgreSQL: writers to different streams commit concurrently (no table lock, no row every
append must update): a position comes from the table's identity, the unique (stream_id,
version) key refuses a second writer to a stream (ConcurrencyError), and each row records the
transaction that wrote it (``txid``). Positions may then commit out of order and skip numbers a
rolled-back append took, so a follower does not read by position: it reads in the sealed order
``seq`` (gapless, sealer.py), and beyond the last sealed row, the rows no transaction still in
flight can precede (``txid`` below the snapshot's xmin), numbered as the sealer will number
them. The writer stores each row's MAC under the log key; the sealer chains it (hash, seq,
signed head) in a short transaction of its own.

SQLite has a single writer: an append chains its rows and moves the signed head itself, as
before, refusing to write onto a log that does not end at its signed head.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

from sqlalchemy import (Connection, Text, bindparam, cast, func, literal_column, select, text,
                        type_coerce, union_all)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

from service.bulk_insert import SMALL, bulk_insert
from service.db import json_loads
from service.dbutil import any_of, key_parts
from service.driver_statements import DriverStatement, KeyedStatement

from workflows.events import Event, event_class

from .codec import SCHEMA_KEY, decode_event, encode, encode_event, schema_of
from .hashing import GENESIS, SEALED, LogKeyMissing, as_key, row_mac
from .head import Head, LogRefused
from .sealer import chain_rows, refuse_unless_at_head
from .tables import events as t


class ConcurrencyError(Exception):
    """The stream moved on since the caller read it: nothing was written."""

    def __init__(self, stream_id: str, expected: int, actual: int | None, reason: str | None = None):
        self.stream_id, self.expected, self.actual = stream_id, expected, actual
        super().__init__(reason or f"stream {stream_id!r} is at version {actual}, not the expected {expected}")


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
    """A row of the log. The domain event is decoded on first use (rebuilds skip most).
    ``seq``: its place in the sealed order when read by a follower (read_all), else None."""

    __slots__ = ("position", "stream_id", "version", "type", "data", "meta", "recorded_at",
                 "seq", "_event")

    def __init__(self, position, stream_id, version, type, data, meta, recorded_at, seq=None,
                 event=None):
        self.position, self.stream_id, self.version = position, stream_id, version
        self.type, self.data, self.meta, self.recorded_at = type, data, meta, recorded_at
        self.seq, self._event = seq, event

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
    meta: Meta | None = None  # this stream's own, instead of the batch's


class EventStore:
    def __init__(self, conn: Connection, key: str | bytes | None = None):
        """``key``: the log key, needed to append (reading needs none)."""
        self.conn, self.key = conn, as_key(key)
        self.postgres = conn.dialect.name == "postgresql"

    def append(self, stream_id: str, expected_version: int, events: Sequence[Event],
               meta: Meta, now: datetime) -> list[StoredEvent]:
        return self.append_batch([NewStream(stream_id, expected_version, events)], meta, now)

    def append_batch(self, streams: Iterable[NewStream], meta: Meta, now: datetime) -> list[StoredEvent]:
        streams = [s for s in streams if s.events]
        if not streams:
            return []
        if self.key is None:
            raise LogKeyMissing()
        count = sum(len(s.events) for s in streams)
        newer = None
        if self.postgres:
            positions, current, newer = self._prepare(streams, count)
        else:
            positions, current, (seq, prev, head) = self._prepare_sqlite(streams, count)
        for s in streams:
            actual = current.get(s.stream_id, 0)
            if actual != s.expected_version:
                raise ConcurrencyError(s.stream_id, s.expected_version, actual)
            if s.stream_id == newer:
                # PostgreSQL: the sealer and followers order finished transactions by their id,
                # assigned at a transaction's first write; appended after the event of a newer
                # transaction, this one would be sealed before it (test_stream_order_sealed.py)
                raise ConcurrencyError(newer, s.expected_version, actual,
                                       f"stream {newer!r} was appended to by a transaction newer "
                                       "than this one: try again in a new transaction")
        rows, stored = self._rows(streams, positions, meta.as_dict(), now)
        if not self.postgres:  # the single writer chains its rows and moves the head itself
            refuse_unless_at_head(self.conn, self.key, seq, prev, "nothing written", head)
            chain_rows(self.key, rows, seq, prev, self.conn)
        try:
            if len(rows) < SMALL:
                _INSERT.execute(self.conn, rows)
            else:
                bulk_insert(self.conn, t, rows)
        except IntegrityError as exc:  # a writer to the same stream got there first
            raise ConcurrencyError(streams[0].stream_id, streams[0].expected_version, None) from exc
        return stored

    def _prepare(self, streams: list[NewStream], count: int) -> tuple[list[int], dict[str, int], str | None]:
        """In one round trip: positions from the identity, the stream's version (a batch of
        several streams reads theirs apart), a stream a transaction newer than this one has
        appended to (or None), and the signed head, to refuse a writer whose key is not the
        one that signed the log (rather than leave its rows for the sealer to find)."""
        if count == 1:
            rows = _PREPARE_ONE.rows(self.conn, {"sid": streams[0].stream_id})
        else:
            rows = _PREPARE.rows(self.conn, {"n": count, "sid": streams[0].stream_id})
        signed = Head(*rows[0][3:]) if rows[0][5] is not None else None
        if signed is not None and not signed.signed_by(self.key):
            raise LogRefused("nothing written: the signed head does not verify under this log "
                             "key: the wrong key (DONDOC_LOG_KEY or the instance's log_key "
                             "file), or a head written without it; see `dondoc log verify`")
        positions = [r[0] for r in rows]
        if len(streams) == 1:
            sid = streams[0].stream_id
            return positions, {sid: rows[0][1] or 0}, sid if rows[0][2] is True else None
        found = self._versions_postgres([s.stream_id for s in streams])
        newer = next((sid for sid, (_, later) in found.items() if later is True), None)
        return positions, {sid: version for sid, (version, _) in found.items()}, newer

    def _prepare_sqlite(self, streams: list[NewStream], count: int):
        """In one statement: the last position, the stream's version (a batch of several
        streams reads theirs apart), the last sealed row and the signed head."""
        top, version, seq, last_hash, *head = _PREPARE_SQLITE.first(
            self.conn, {"sid": streams[0].stream_id})
        top = top or 0
        current = ({streams[0].stream_id: version or 0} if len(streams) == 1
                   else self.stream_versions([s.stream_id for s in streams]))
        sealed = (seq, last_hash) if seq is not None else (0, GENESIS)
        signed = Head(*head) if head[2] is not None else None
        return list(range(top + 1, top + count + 1)), current, (*sealed, signed)

    def _rows(self, streams, positions: list[int], meta: dict, now: datetime):
        rows, stored, at = [], [], iter(positions)
        shared: dict[int, dict] = {}  # the batch's meta, one per schema version (converted once)
        for s in streams:
            stream_meta = meta if s.meta is None else s.meta.as_dict()
            for i, ev in enumerate(s.events, start=1):
                position, version = next(at), s.expected_version + i
                type_name, data = encode_event(ev)
                if s.meta is None:
                    row_meta = shared.get(ev.schema_version)
                    if row_meta is None:
                        row_meta = shared[ev.schema_version] = {**meta, SCHEMA_KEY: ev.schema_version}
                else:
                    row_meta = {**stream_meta, SCHEMA_KEY: ev.schema_version}
                # SQLite's single writer chains its rows before they are written (chain_rows)
                mac = row_mac(self.key, position, s.stream_id, version, type_name, data, row_meta,
                              now) if self.postgres else None
                rows.append(dict(position=position, stream_id=s.stream_id, version=version,
                                 type=type_name, data=data, meta=row_meta, recorded_at=now,
                                 prev_hash=None, seq=None, chain=SEALED, hash=mac))
                stored.append(StoredEvent(position, s.stream_id, version, type_name, data,
                                          row_meta, now, None, ev))
        return rows, stored

    def stream_version(self, stream_id: str) -> int:
        return self.conn.execute(_VERSION, {"sid": stream_id}).scalar() or 0

    def stream_versions(self, stream_ids: Sequence[str]) -> dict[str, int]:
        unique = list(dict.fromkeys(stream_ids))
        if len(unique) == 1:
            return {unique[0]: self.stream_version(unique[0])}
        if not self.postgres:  # in parts, compiled once
            return {sid: version for sid, version in _VERSIONS_SQLITE.rows(self.conn, unique)}
        return {sid: version for sid, (version, _) in self._versions_postgres(unique).items()}

    def _versions_postgres(self, stream_ids: list[str]) -> dict[str, tuple[int, bool | None]]:
        """Each stream's version, and whether a transaction newer than this one wrote to it."""
        found = {}
        for part in key_parts(self.conn, stream_ids):
            found.update((sid, (version, later)) for sid, version, later
                         in self.conn.execute(_VERSIONS_POSTGRES, {"sids": part}))
        return found

    def read_stream(self, stream_id: str) -> list[StoredEvent]:
        return [StoredEvent(*r) for r in _STREAM.rows(self.conn, {"sid": stream_id})]

    def read_events(self, stream_id: str) -> list[Event]:
        """The domain events of a stream, in order: what a command folds. Only each row's type,
        data and the shape it was written in (meta's ``SCHEMA_KEY``) are read: parsing every
        row's meta and time for a StoredEvent cost as much as the rest of the read."""
        return [decode_event(type_name, data, schema)
                for type_name, data, schema in _EVENTS.rows(self.conn, {"sid": stream_id})]

    def read_all(self, after: int = 0, limit: int = 1000, final: bool = False) -> list[StoredEvent]:
        """The log in its sealed order from ``seq`` ``after`` on: the sealed rows, then the rows
        no transaction in flight can precede, with the ``seq`` the sealer will give them; a
        follower passes the last ``seq`` it read. ``final``: the caller holds the table lock
        (no writer in flight), so every row it sees is final (a rebuild)."""
        follow = _FOLLOW_FINAL if final or not self.postgres else _FOLLOW
        return [StoredEvent(*r) for r in self.conn.execute(follow, {"after": after, "limit": limit})]

    def last_position(self) -> int:
        """The highest position written (and committed, for other transactions)."""
        return self.conn.execute(_MAX_POSITION).scalar() or 0

    def mark(self) -> tuple[int, int]:
        """Changes with every commit that appends: (the last seq sealed, the rows not sealed)."""
        return tuple(self.conn.execute(_MARK).one())


def _follow(final: bool):
    """Sealed rows by seq, then unsealed ones numbered on from the last seq in (txid, position)
    order: one statement, so both parts are read in one snapshot."""
    sealed = (select(*_COLS, t.c.seq.label("n")).where(t.c.seq > bindparam("after"))
              .order_by(t.c.seq).limit(bindparam("limit")))
    top = select(func.coalesce(func.max(t.c.seq), 0)).scalar_subquery()
    unsealed = select(*_COLS, (top + func.row_number().over(order_by=(t.c.txid, t.c.position)))
                      .label("n")).where(t.c.seq.is_(None))
    if not final:  # the transactions older than every one in flight have all ended
        unsealed = unsealed.where(t.c.txid < literal_column(_XMIN))
    both = union_all(select(sealed.subquery()), unsealed).subquery()
    return select(both).where(both.c.n > bindparam("after")).order_by(both.c.n).limit(bindparam("limit"))


# Statements built once: constructing them per call costs more than running them on SQLite.
_XMIN = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
_COLS = (t.c.position, t.c.stream_id, t.c.version, t.c.type, t.c.data, t.c.meta, t.c.recorded_at)
# The id of this transaction, if it has written already (NULL until its first write, which
# will then come after every commit it has seen)
_OWN_TXID = "pg_current_xact_id_if_assigned()::text::bigint"
_PREPARE_SQL = (
    "SELECT nextval('events_position_seq') AS position, "
    "(SELECT max(version) FROM events WHERE stream_id = :sid) AS version, "
    "(SELECT txid FROM events WHERE stream_id = :sid ORDER BY version DESC LIMIT 1) > "
    + _OWN_TXID + " AS newer, "
    "h.position AS head, h.hash, h.signature FROM {} LEFT JOIN log_head h ON h.id = 1")
_PREPARE = DriverStatement(text(_PREPARE_SQL.format("generate_series(1, :n)")))
# A command's one event: a prepared plan over generate_series expects a thousand rows and
# cost PostgreSQL 200 µs of CPU, against 85 µs for this one.
_PREPARE_ONE = DriverStatement(text(_PREPARE_SQL.format("(SELECT 1) AS one")))
_PREPARE_SQLITE = DriverStatement(text(
    "SELECT (SELECT max(position) FROM events), "
    "(SELECT max(version) FROM events WHERE stream_id = :sid), s.seq, s.hash, "
    "h.position, h.hash, h.signature FROM (SELECT 1) "
    "LEFT JOIN (SELECT seq, hash FROM events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1) s "
    "LEFT JOIN log_head h ON h.id = 1"))
_INSERT = DriverStatement(t.insert())
_MAX_POSITION = select(func.max(t.c.position))
_VERSION = select(func.max(t.c.version)).where(t.c.stream_id == bindparam("sid"))
_VERSIONS_POSTGRES = (select(t.c.stream_id, func.max(t.c.version), func.max(t.c.txid) > literal_column(_OWN_TXID))
                      .where(any_of(t.c.stream_id, "sids", True)).group_by(t.c.stream_id))
_VERSIONS_SQLITE = KeyedStatement(
    lambda condition: select(t.c.stream_id, func.max(t.c.version)).where(condition).group_by(t.c.stream_id),
    t.c.stream_id)


class _JsonText(TypeDecorator):
    """A JSON column read as its text and parsed by db.json_loads in one call: psycopg's jsonb
    loader cost 4 µs of CPU a value, SQLAlchemy's SQLite JSON three calls around the same."""

    impl = Text
    cache_ok = True

    def result_processor(self, dialect, coltype):
        return json_loads


def _as_text(column):
    return type_coerce(cast(column, Text), _JsonText()).label(column.key)


# A command's stream, its data and meta read as text (_JsonText)
_STREAM = DriverStatement(select(t.c.position, t.c.stream_id, t.c.version, t.c.type,
                                 _as_text(t.c.data), _as_text(t.c.meta), t.c.recorded_at)
                          .where(t.c.stream_id == bindparam("sid")).order_by(t.c.version))
# ... and a fold's events: type, data, and the shape's version (1 where meta has none: schema_of)
_EVENTS = DriverStatement(select(t.c.type, _as_text(t.c.data),
                                 func.coalesce(t.c.meta[SCHEMA_KEY].as_integer(), 1))
                          .where(t.c.stream_id == bindparam("sid")).order_by(t.c.version))
_FOLLOW, _FOLLOW_FINAL = _follow(final=False), _follow(final=True)
_MARK = select(select(func.coalesce(func.max(t.c.seq), 0)).scalar_subquery(),
               select(func.count()).where(t.c.seq.is_(None)).scalar_subquery())
