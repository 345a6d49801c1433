"""The unit of work: one database transaction holding the events a command appends, the
projections they update and the messages they queue. Nothing of it is visible until commit;
an error anywhere rolls all of it back."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import Engine

from service.eventlog.store import EventStore, Meta, NewStream, StoredEvent
from service.projections.base import Projection, save_checkpoints
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
        self._committed = False
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
        for p in self.projections:
            p.apply(self.conn, stored)
        if self.projections:
            save_checkpoints(self.conn, [p.name for p in self.projections], stored[-1].position)
        for react in self.reactors:
            react(self.conn, stored, self.clock.now())

    def commit(self) -> None:
        self._tx.commit()
        self._committed = True
        if self.appended:
            events_committed.send(self, events=list(self.appended))

    def rollback(self) -> None:
        self._tx.rollback()
