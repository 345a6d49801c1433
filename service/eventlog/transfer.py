"""``dondoc log export`` / ``log import``: the log as JSON lines, to move or keep a database.

Export streams the events in position order, one JSON object a line with its hashes, after a
header line that says what the file is and how many events follow. Import goes into a database
whose log is empty: each line is checked as it is read (gapless positions, the previous hash,
the event's own hash recomputed, a known event type), every row is written and every read
model rebuilt in one transaction. A file that breaks anywhere leaves the database as it was,
and the error names the line.

Format 2 (the keyed chain) gives each line its hash scheme (``chain``) and ends with the
signed head, so a file cut short is refused. Format 3 (the sealed log, issue 14) gives each
line its ``seq``, the sealed order the file follows (positions may skip numbers and come out of
order there); in formats 1 and 2 a line's seq is its position. Only sealed rows are exported
(``log export`` seals first). Keyed rows verify only under the key they were
written with: the target database must be given the same log key (DONDOC_LOG_KEY, or the
source's log_key file), which the import checks. Format 1 files (plain rows, no head) still
import; the import signs their head with the target's key.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable, Sequence, TextIO

from sqlalchemy import Connection, Engine, func, insert, select, text

from workflows.event_types import load_all
from workflows.events import registered_events

from .hashing import GENESIS, PLAIN, SCHEMES, SEALED, as_key, canonical_time, row_hash
from .head import Head, read_head, write_head
from .tables import events as t

FORMAT = "dondoc-event-log"
FORMAT_VERSION = 3
READS = (1, 2, 3)
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
    """Write the log up to its signed head to ``out`` (events appended meanwhile are left for
    the next export), then the head; returns the number of events written."""
    head = read_head(conn)
    last = head.position if head else conn.execute(select(func.max(t.c.seq))).scalar() or 0
    out.write(json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "events": last}) + "\n")
    written, after = 0, 0
    columns = [c for c in t.c if c.name != "txid"]
    while rows := conn.execute(select(*columns).where(t.c.seq > after, t.c.seq <= last)
                               .order_by(t.c.seq).limit(_PAGE)).mappings().all():
        for r in rows:
            out.write(json.dumps({**r, "recorded_at": canonical_time(r["recorded_at"])},
                                 ensure_ascii=False, sort_keys=True) + "\n")
        written += len(rows)
        after = rows[-1]["seq"]
        progress(len(rows))
    out.write(json.dumps({"head": head.__dict__ if head else None}) + "\n")
    return written


def import_log(engine: Engine, lines: Iterable[str], projections: Sequence, key: str | bytes,
               progress: Callable[[int], None] = lambda n: None) -> ImportReport:
    """Load an exported log into an empty database and rebuild the read models: all or nothing.
    ``key``: this database's log key, which must be the one the keyed rows were written with."""
    from service.projections.rebuild import rebuild_in

    load_all()
    key = as_key(key)
    known = set(registered_events())
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(t)).scalar_one():
            raise LogFileRefused(0, "the database already holds events: import into an empty one")
        it = iter(enumerate(lines, 1))
        version = _header(next(it, (1, "")))
        batch, position, prev, chain, number, ended = [], 0, GENESIS, PLAIN, 1, False
        for number, line in it:
            if ended:
                raise LogFileRefused(number, "a line after the log's signed head")
            if line.startswith('{"head"'):
                _check_head(number, line, key, position, prev, chain)
                ended = True
                continue
            row = _row(number, line, position + 1, prev, known, key, chain, version)
            batch.append(row)
            position, prev, chain = row["seq"], row["hash"], row["chain"]
            if len(batch) == _PAGE:
                conn.execute(insert(t), batch)
                progress(len(batch))
                batch = []
        if version > 1 and not ended:
            raise LogFileRefused(number + 1, "the file ends before the log's signed head: it was "
                                             "cut short (events at the end may be missing)")
        if batch:
            conn.execute(insert(t), batch)
            progress(len(batch))
        if position:
            write_head(conn, key, position, prev)
        if conn.dialect.name == "postgresql":  # new rows take positions after the imported ones
            conn.execute(text("SELECT setval('events_position_seq', "
                              "COALESCE((SELECT max(position) FROM events), 0) + 1, false)"))
        rebuild_in(conn, projections)
    return ImportReport(position, position)


def _header(numbered) -> int:
    number, line = numbered
    try:
        head = json.loads(line)
    except ValueError:
        head = None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise LogFileRefused(number, f"not a dondoc log export (the first line names no {FORMAT!r})")
    if head.get("version") not in READS:
        raise LogFileRefused(number, f"export format version {head.get('version')!r}: this "
                                     f"dondoc reads versions {', '.join(map(str, READS))}")
    return head["version"]


def _check_head(number: int, line: str, key: bytes, position: int, prev: str, chain: int) -> None:
    try:
        signed = json.loads(line)["head"]
        head = Head(int(signed["position"]), str(signed["hash"]), str(signed["signature"])) \
            if signed is not None else None
    except (ValueError, KeyError, TypeError) as exc:
        raise LogFileRefused(number, f"not the log's signed head ({exc.__class__.__name__}: {exc})") from None
    if head is None:
        if chain != PLAIN:
            raise LogFileRefused(number, "the file has keyed events but no signed head")
        return  # a log of plain rows that no append had signed yet
    if not head.signed_by(key):
        raise LogFileRefused(number, "the signed head does not verify under this database's log "
                                     "key: give it the key of the database the file came from "
                                     "(DONDOC_LOG_KEY), or the head was altered")
    if (head.position, head.hash) != (position, prev):
        raise LogFileRefused(number, f"the signed head is position {head.position}, but the file's "
                                     f"events end at {position} with another hash: events were "
                                     "removed or rewritten")


def _row(number: int, line: str, position: int, prev: str, known: set, key: bytes,
         chain_before: int, version: int) -> dict:
    try:
        r = json.loads(line)
        row = {c: r[c] for c in ("position", "stream_id", "version", "type", "data", "meta",
                                 "prev_hash", "hash")}
        row["chain"] = r["chain"] if version > 1 else PLAIN
        row["seq"] = r["seq"] if version > 2 else row["position"]
        row["recorded_at"] = datetime.strptime(r["recorded_at"], "%Y-%m-%dT%H:%M:%S.%fZ") \
            .replace(tzinfo=timezone.utc)
    except (ValueError, KeyError, TypeError) as exc:
        raise LogFileRefused(number, f"not an event line ({exc.__class__.__name__}: {exc})") from None
    if row["seq"] != position:
        raise LogFileRefused(number, f"position {row['seq']} where {position} was due "
                                     "(an event is missing or out of order)")
    if row["prev_hash"] != prev:
        raise LogFileRefused(number, f"position {position}: its previous hash is not the hash of "
                                     "the line before (the chain is broken)")
    if row["type"] not in known:
        raise LogFileRefused(number, f"position {position}: unknown event type {row['type']!r} "
                                     "(written by a newer dondoc?)")
    if row["chain"] not in SCHEMES:
        raise LogFileRefused(number, f"position {position}: unknown hash scheme {row['chain']!r}")
    if row["chain"] < chain_before:
        raise LogFileRefused(number, f"position {position}: hashed without the key after keyed "
                                     "events (the line was rewritten)")
    if row["chain"] != SEALED and row["seq"] != row["position"]:
        raise LogFileRefused(number, f"position {position}: chained at position "
                                     f"{row['position']} (the line was rewritten)")
    recomputed = row_hash(row["chain"], key, prev, row["position"], row["stream_id"],
                          row["version"], row["type"], row["data"], row["meta"],
                          row["recorded_at"], seq=position if row["chain"] == SEALED else None)
    if recomputed != row["hash"]:
        if row["chain"] != PLAIN and chain_before == PLAIN:
            raise LogFileRefused(number, f"position {position}: its keyed hash does not verify "
                                         "under this database's log key: give it the key of the "
                                         "database the file came from (DONDOC_LOG_KEY), or the "
                                         "line was changed")
        raise LogFileRefused(number, f"position {position}: the content does not match its hash "
                                     "(the line was changed)")
    return row
