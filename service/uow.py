"""The unit of work: one database transaction holding the events a command appends, the
projections they update and the messages they queue. Nothing of it is visible until commit;
an error anywhere rolls all of it back."""
from __future__ import annotations

import weakref
from typing import Sequence

from sqlalchemy import Engine

from service.eventlog.store import EventStore, Meta, NewStream, StoredEvent
from service.projections.base import Projection, mark_fed
from service.signals import events_committed
from workflows.events import Event


class UnitOfWork:
    def __init__(self, engine: Engine, projections: Sequence[Projection], clock, meta: Meta = Meta(),
                 reactors: Sequence = (), key: str | bytes | None = None):
        """``reactors`` are called like projections, with the new events, but only as they are
        appended, never in a rebuild: they queue messages (the outbox), not read models.
        ``key``: the log key the events are chained with (eventlog.hashing)."""
        self.engine, self.projections, self.clock, self.meta = engine, projections, clock, meta
        self.reactors, self.key = reactors, key
        self.conn = None

    def __enter__(self) -> "UnitOfWork":
        self.conn = self.engine.connect()
        self._tx = self.conn.begin()
        self.events = EventStore(self.conn, self.key)
        self.appended: list[StoredEvent] = []
        self._committed, self._fed = False, None
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self._committed and self._tx.is_active:
                self._tx.rollback()
        finally:
            self.conn.close()

    def now(self):
        return self.clock.now()

    def append(self, stream_id: str, expected_version: int, events: Sequence[Event],
               meta: Meta | None = None) -> list[StoredEvent]:
        return self.append_batch([NewStream(stream_id, expected_version, events)], meta)

    def append_batch(self, streams: Sequence[NewStream], meta: Meta | None = None) -> list[StoredEvent]:
        stored = self.events.append_batch(streams, meta or self.meta, self.clock.now())
        self._project(stored)
        self.appended.extend(stored)
        return stored

    def _project(self, stored: list[StoredEvent]) -> None:
        if not stored:
            return
        self._mark_fed()
        for p in self.projections:
            p.apply(self.conn, stored)
        for react in self.reactors:
            react(self.conn, stored, self.clock.now())

    def _mark_fed(self) -> None:
        """The projections' checkpoints say they are fed by appends (catch_up leaves them): written
        once per database and process, never moved by each append, so that writers to
        different streams do not queue on one checkpoint row each."""
        key = (_database(self.engine), tuple(p.name for p in self.projections))
        if key[1] and key not in _FED:
            mark_fed(self.conn, key[1])
            self._fed = key

    def commit(self) -> None:
        self._tx.commit()
        self._committed = True
        if self._fed:
            _FED.add(self._fed)
        if self.appended:
            events_committed.send(self, events=list(self.appended))

    def rollback(self) -> None:
        self._tx.rollback()


_FED: set = set()  # (database, projections) whose checkpoints exist (UnitOfWork._mark_fed)
_DATABASES: "weakref.WeakKeyDictionary[Engine, str]" = weakref.WeakKeyDictionary()


def _database(engine: Engine) -> str:
    """The engine's URL as text, made once per engine (hashing a URL costs 14 µs a command)."""
    name = _DATABASES.get(engine)
    if name is None:
        name = _DATABASES[engine] = str(engine.url)
    return name
