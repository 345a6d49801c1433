"""``dondoc log export`` / ``log import``: the log as JSON lines, to move or keep a database.

Export streams the events in position order, one JSON object a line with its hashes, after a
header line that says what the file is and how many events follow. Import goes into a database
whose log is empty: each line is checked as it is read (gapless positions, the previous hash,
the event's own hash recomputed, a known event type), every row is written and every read
model rebuilt in one transaction. A file that breaks anywhere leaves the database as it was,
and the error names the line.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable, Sequence, TextIO

from sqlalchemy import Connection, Engine, func, insert, select

from workflows.event_types import load_all
from workflows.events import registered_events

from .hashing import GENESIS, canonical_time, event_hash
from .tables import events as t

FORMAT = "dondoc-event-log"
FORMAT_VERSION = 1
_PAGE = 2000


class LogFileRefused(Exception):
    """The file cannot be imported; nothing was written. ``line`` is 1-based (0: the database)."""

    def __init__(self, line: int, problem: str):
        self.line, self.problem = line, problem
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{problem}")


@dataclass
class ImportReport:
    events: int
    last_position: int


def export_log(conn: Connection, out: TextIO, progress: Callable[[int], None] = lambda n: None) -> int:
    """Write the whole log to ``out``; returns the number of events written."""
    count = conn.execute(select(func.count()).select_from(t)).scalar_one()
    out.write(json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "events": count}) + "\n")
    written, after = 0, 0
    while rows := conn.execute(select(t).where(t.c.position > after)
                               .order_by(t.c.position).limit(_PAGE)).mappings().all():
        for r in rows:
            out.write(json.dumps({**r, "recorded_at": canonical_time(r["recorded_at"])},
                                 ensure_ascii=False, sort_keys=True) + "\n")
        written += len(rows)
        after = rows[-1]["position"]
        progress(len(rows))
    return written


def import_log(engine: Engine, lines: Iterable[str], projections: Sequence,
               progress: Callable[[int], None] = lambda n: None) -> ImportReport:
    """Load an exported log into an empty database and rebuild the read models: all or nothing."""
    from service.projections.rebuild import rebuild_in

    load_all()
    known = set(registered_events())
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(t)).scalar_one():
            raise LogFileRefused(0, "the database already holds events: import into an empty one")
        it = iter(enumerate(lines, 1))
        _header(next(it, (1, "")))
        batch, position, prev = [], 0, GENESIS
        for number, line in it:
            row = _row(number, line, position + 1, prev, known)
            batch.append(row)
            position, prev = row["position"], row["hash"]
            if len(batch) == _PAGE:
                conn.execute(insert(t), batch)
                progress(len(batch))
                batch = []
        if batch:
            conn.execute(insert(t), batch)
            progress(len(batch))
        rebuild_in(conn, projections)
    return ImportReport(position, position)


def _header(numbered) -> None:
    number, line = numbered
    try:
        head = json.loads(line)
    except ValueError:
        head = None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise LogFileRefused(number, f"not a dondoc log export (the first line names no {FORMAT!r})")
    if head.get("version") != FORMAT_VERSION:
        raise LogFileRefused(number, f"export format version {head.get('version')!r}: this "
                                     f"dondoc reads version {FORMAT_VERSION}")


def _row(number: int, line: str, position: int, prev: str, known: set) -> dict:
    try:
        r = json.loads(line)
        row = {c: r[c] for c in ("position", "stream_id", "version", "type", "data", "meta",
                                 "prev_hash", "hash")}
        row["recorded_at"] = datetime.strptime(r["recorded_at"], "%Y-%m-%dT%H:%M:%S.%fZ") \
            .replace(tzinfo=timezone.utc)
    except (ValueError, KeyError, TypeError) as exc:
        raise LogFileRefused(number, f"not an event line ({exc.__class__.__name__}: {exc})") from None
    if row["position"] != position:
        raise LogFileRefused(number, f"position {row['position']} where {position} was due "
                                     "(an event is missing or out of order)")
    if row["prev_hash"] != prev:
        raise LogFileRefused(number, f"position {position}: its previous hash is not the hash of "
                                     "the line before (the chain is broken)")
    if row["type"] not in known:
        raise LogFileRefused(number, f"position {position}: unknown event type {row['type']!r} "
                                     "(written by a newer dondoc?)")
    recomputed = event_hash(prev, position, row["stream_id"], row["version"], row["type"],
                            row["data"], row["meta"], row["recorded_at"])
    if recomputed != row["hash"]:
        raise LogFileRefused(number, f"position {position}: the content does not match its hash "
                                     "(the line was changed)")
    return row
