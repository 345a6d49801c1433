"""Rebuild read models from the log, and catch up projections that fell behind it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import Engine, func, select

from service.eventlog.store import EventStore
from service.eventlog.tables import events as t
from workflows.event_types import load_all
from workflows.events import registered_events

from .base import Projection, load_checkpoint, mark_fed


class UnknownEventsInLog(Exception):
    """The log holds event types this version does not know: replaying would drop them."""

    def __init__(self, unknown: dict[str, int]):
        self.unknown = unknown
        listed = ", ".join(f"{k} (first at position {v})" for k, v in sorted(unknown.items()))
        super().__init__(f"the log holds event types this version of dondoc does not know: {listed}")


@dataclass
class RebuildReport:
    events: int
    last_position: int


def rebuild(engine: Engine, projections: Sequence[Projection], page: int = 5000,
            progress=None) -> RebuildReport:
    """Empty every read model and replay the whole log into it, in one transaction: readers see
    the old models until the new ones are complete, and no append interleaves. ``progress`` is
    called with the number of events of each page replayed (a progress bar's ``update``)."""
    with engine.begin() as conn:
        return rebuild_in(conn, projections, page, progress)


def rebuild_in(conn, projections: Sequence[Projection], page: int = 5000,
               progress=None) -> RebuildReport:
    """The rebuild inside the caller's transaction (an import writes the log and its read
    models in one)."""
    _lock(conn)
    _refuse_unknown(conn)
    for p in projections:
        p.reset(conn)
    count, last = _replay(conn, projections, after=0, page=page, progress=progress)
    mark_fed(conn, [p.name for p in projections])
    return RebuildReport(count, last)


def catch_up(engine: Engine, projections: Sequence[Projection], page: int = 5000) -> int:
    """Feed the whole log to each projection that has no checkpoint yet (one added by an
    upgrade). A projection with one is fed by every append (UnitOfWork) since: nothing to do."""
    replayed = 0
    with engine.begin() as conn:
        new = [p for p in projections if load_checkpoint(conn, p.name) is None]
        if new:
            _lock(conn)
        for p in new:
            replayed += _replay(conn, [p], after=0, page=page)[0]
            mark_fed(conn, [p.name])
    return replayed


def _lock(conn) -> None:
    """No append interleaves: every row this transaction sees is final (read_all's ``final``)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")


def _replay(conn, projections, after: int, page: int, progress=None) -> tuple[int, int]:
    store, count = EventStore(conn), 0
    while batch := store.read_all(after=after, limit=page, final=True):
        for p in projections:
            p.apply(conn, batch)
        count += len(batch)
        after = batch[-1].seq
        if progress is not None:
            progress(len(batch))
    return count, after


def _refuse_unknown(conn) -> None:
    load_all()
    known = set(registered_events())
    unknown = {}
    for type_name, first in conn.execute(select(t.c.type, func.min(t.c.position)).group_by(t.c.type)):
        if type_name not in known:
            unknown[type_name] = first
    if unknown:
        raise UnknownEventsInLog(unknown)
