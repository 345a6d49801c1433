"""Projections: read models kept in step with the log, in the same transaction as the events.

A projection takes a batch of stored events (the events of one command inline, or a page of
the log during a rebuild) so that a rebuild does set-based writes instead of one round trip
per event.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from sqlalchemy import Connection, Table, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service.bulk_insert import bulk_insert
from service.dbutil import any_of, key_parts
from service.driver_statements import DriverStatement, KeyedStatement
from service.eventlog.store import StoredEvent
from service.eventlog.tables import checkpoints


class Projection:
    """Base class. ``handles`` names the event types it reads (others are never decoded)."""

    name: str = ""
    tables: Sequence[Table] = ()
    handles: frozenset[str] = frozenset()

    def apply(self, conn: Connection, events: Sequence[StoredEvent]) -> None:
        raise NotImplementedError

    def reset(self, conn: Connection) -> None:
        for table in reversed(self.tables):
            conn.execute(delete(table))

    def relevant(self, events: Iterable[StoredEvent]) -> list[StoredEvent]:
        return [e for e in events if e.type in self.handles]


class RowProjection(Projection):
    """One row per key (usually per stream), evolved event by event in memory, written once
    per batch: load the touched rows, fold the events over them, upsert what changed."""

    table: Table
    # True where a row is its stream's (its key names the stream): a stream begun in a batch
    # (its first event in it) has no row yet, so none is looked for (an activation's 10,000)
    row_per_stream = False
    # The types of the events that move the row's ``version`` (the stream's) and nothing else
    # of it, nor anything ``written`` keeps (a comment on a task, a message's outcome): a batch
    # of such events of one row moves its version in one UPDATE, without loading and folding it
    version_only: frozenset[str] = frozenset()

    @property
    def tables(self):
        return (self.table,)

    def key(self, ev: StoredEvent):
        return ev.stream_id

    def evolve(self, row: dict | None, ev: StoredEvent) -> dict | None:
        raise NotImplementedError

    # What is folded may be richer than a row (a domain aggregate): a projection that folds
    # something else turns a loaded row into it and back. By default the row itself is folded.
    def unpack(self, row: dict):
        return dict(row)

    def pack(self, state) -> dict | None:
        return state

    def apply(self, conn: Connection, events: Sequence[StoredEvent]) -> list[dict]:
        """Folds the events; returns the rows written (inserted or changed), but for a row
        whose version alone moved (``version_only``), which is not read."""
        events = self.relevant(events)
        if not events:
            return []
        postgres = conn.dialect.name == "postgresql"
        pk, load, load_one, save, moved_on = self._statements(postgres)
        if self.version_only and self._version_moved(conn, moved_on, events):
            return []
        keys = {self.key(e) for e in events}
        if self.row_per_stream:
            keys -= {self.key(e) for e in events if e.version == 1}
        before = {}
        if len(keys) == 1 or (keys and not postgres):  # compiled once: a command's row, SQLite's parts
            names = self._names
            found = (load_one.rows(conn, {"key": next(iter(keys))}) if len(keys) == 1
                     else load.rows(conn, list(keys)))
            for r in found:
                before[r[names.index(pk.key)]] = dict(zip(names, r))
        elif keys:
            for part in key_parts(conn, list(keys)):
                for r in conn.execute(load, {"keys": part}).mappings():
                    before[r[pk.name]] = dict(r)
        states = {k: self.unpack(v) for k, v in before.items()}
        for e in events:
            k = self.key(e)
            states[k] = self.evolve(states.get(k), e)
        rows = {k: self.pack(v) for k, v in states.items()}
        new = [r for k, r in rows.items() if k not in before and r is not None]
        changed = [r for k, r in rows.items() if k in before and r is not None and r != before[k]]
        if new:
            bulk_insert(conn, self.table, new)
        update_changed(conn, save, pk.name, changed, before)
        self.written(conn, new, changed, before)
        return new + changed

    def written(self, conn: Connection, new: list[dict], changed: list[dict],
                before: dict) -> None:
        """Called once the rows are written (``before``: the changed rows as loaded), for a
        projection that keeps more than its table."""

    def _version_moved(self, conn: Connection, moved_on: DriverStatement,
                       events: Sequence[StoredEvent]) -> bool:
        """Whether the events are all ``version_only``, of one row, in order, and the row was
        found at the version before them and moved to the last one's (one UPDATE). If not,
        nothing is written: the row is then loaded and folded, which refuses what it must (a
        task never created, a version out of step)."""
        first = events[0]
        key = self.key(first)
        for n, e in enumerate(events):
            if e.type not in self.version_only or e.version != first.version + n or self.key(e) != key:
                return False
            e.event  # decoded, as the fold would: one that does not decode fails here too
        return moved_on.execute(conn, {"_key": key, "_was": first.version - 1,
                                       "version": events[-1].version}) == 1

    @property
    def _names(self) -> list[str]:
        """The table's column names, in its order (the rows' loaded by ``_statements``)."""
        names = self.__dict__.get("_column_names")
        if names is None:
            names = self.__dict__["_column_names"] = self.table.c.keys()
        return names

    def _statements(self, postgres: bool):
        """Built once per projection: statement construction dominates small transactions."""
        cached = self.__dict__.setdefault("_stmts", {}).get(postgres)
        if cached is None:
            pk = self.table.primary_key.columns.values()[0]
            load = (select(self.table).where(any_of(pk, "keys", postgres)) if postgres
                    else KeyedStatement(select(self.table).where, pk))
            load_one = DriverStatement(select(self.table).where(pk == bindparam("key")))
            save = DriverStatement(update(self.table).where(pk == bindparam("_key")))
            moved_on = (DriverStatement(update(self.table).where(
                pk == bindparam("_key"), self.table.c.version == bindparam("_was")))
                if self.version_only else None)
            cached = self.__dict__["_stmts"][postgres] = (pk, load, load_one, save, moved_on)
        return cached


def update_changed(conn: Connection, save: DriverStatement, pk: str, rows: list[dict],
                   before: dict) -> None:
    """Each row sets only the columns whose values changed (``before``: the rows as loaded, by
    key): a comment moves a task's version, not the nine indexed columns of its row, which
    the database then leaves alone. Rows that change the same columns go in one executemany."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        old = before[r[pk]]
        diff = {k: v for k, v in r.items() if k not in old or old[k] != v}
        diff["_key"] = r[pk]
        groups.setdefault(tuple(diff), []).append(diff)
    for params in groups.values():
        save.execute(conn, params)


def load_checkpoint(conn: Connection, name: str) -> int | None:
    """0 if the projection has been fed the log from its start (by a rebuild, a catch-up, or
    every append since the database began); None if never (a projection an upgrade added).
    Rows from before issue 14 hold the position the projection had reached then."""
    return conn.execute(select(checkpoints.c.position).where(checkpoints.c.name == name)).scalar()


def mark_fed(conn: Connection, names: Sequence[str]) -> None:
    """Record that the projections are fed, where they have no checkpoint yet. Never moved on
    by each append: writers to different streams would queue on the row."""
    if not names:
        return
    ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(checkpoints)
    conn.execute(ins.on_conflict_do_nothing(index_elements=["name"]),
                 [dict(name=n, position=0) for n in names])
