"""``dondoc log verify``: walk the hash chain, check the signed head, say where it first breaks.

The sealed rows are walked in ``seq`` order (gapless: a removed row is a finding), each checked
by its own scheme (``events.chain``): plain SHA-256 for the rows written before the chain was
keyed, HMAC under the log key for every later one; a row of an older scheme after a newer one
is a rewrite. Then the signed head (head.py): the last events removed, or a log that goes on
past its head, is a finding. The rows not sealed yet (PostgreSQL's writers leave them to the
sealer) are counted, not a finding, but each must carry its MAC under the key. A row whose
JSON is damaged is a finding, not a crash. ``first_bad_position`` is the sealed row's ``seq``,
which is its position wherever one writer wrote at a time (messages name both when not).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, Text, cast, select

from workflows.event_types import load_all
from workflows.events import registered_events

from .hashing import GENESIS, PLAIN, SCHEMES, SEALED, as_key, row_hash
from .head import head_problem, read_head
from .tables import events as t


@dataclass
class VerifyReport:
    checked: int = 0
    first_bad_position: int | None = None
    problem: str | None = None
    unknown_types: dict[str, int] = field(default_factory=dict)  # type -> first position
    plain: int = 0  # rows hashed before the chain was keyed
    unsigned: bool = False  # a log of plain rows only, whose head no append has signed yet
    unsealed: int = 0  # rows appended that the sealer has not chained yet

    @property
    def ok(self) -> bool:
        return self.first_bad_position is None and not self.unknown_types


def verify_log(conn: Connection, key: str | bytes, page: int = 5000) -> VerifyReport:
    load_all()
    key = as_key(key)
    report, known = VerifyReport(), set(registered_events())
    expected, prev, scheme = 1, GENESIS, PLAIN
    for r in _pages(conn, t.c.seq.is_not(None), t.c.seq, page):
        _note_type(report, known, r)
        if report.first_bad_position is None:
            problem = _check(conn, r, expected, prev, scheme, key)
            if problem:
                report.first_bad_position, report.problem = problem
        scheme = max(scheme, r.chain if r.chain in SCHEMES else scheme)
        report.plain += r.chain == PLAIN
        expected, prev = r.seq + 1, r.hash
        report.checked += 1
    if report.first_bad_position is None:
        problem = head_problem(conn, key, expected - 1, prev)
        if problem:
            report.first_bad_position, report.problem = expected, problem
        report.unsigned = report.checked > 0 and read_head(conn) is None
    for r in _pages(conn, t.c.seq.is_(None), t.c.position, page):
        _note_type(report, known, r)
        report.unsealed += 1
        if report.first_bad_position is None:
            data, meta = _parsed(r.data)[0], _parsed(r.meta)[0]
            if r.chain != SEALED or r.hash != row_hash(SEALED, key, None, r.position, r.stream_id,
                                                       r.version, r.type, data, meta, r.recorded_at):
                report.first_bad_position = r.position
                report.problem = (f"position {r.position} ({r.type} on {r.stream_id}), not sealed "
                                  "yet, was not written with the log key (its MAC does not "
                                  "verify): written without the key, or changed")
    return report


def _pages(conn, which, order, page: int):
    after = None
    while rows := conn.execute(select(*_COLUMNS).where(which, *(() if after is None else (order > after,)))
                               .order_by(order).limit(page)).all():
        yield from rows
        after = getattr(rows[-1], order.name)


def _note_type(report: VerifyReport, known: set, r) -> None:
    if r.type not in known:
        first = report.unknown_types.get(r.type)
        report.unknown_types[r.type] = r.position if first is None else min(first, r.position)


def _where(r) -> str:
    return f"position {r.position}" if r.seq in (None, r.position) else f"entry {r.seq} (position {r.position})"


# data and meta as their stored text: a row whose JSON was damaged is a finding, not a crash
# of the driver's JSON decoder (SQLite keeps JSON as text, and text can be anything)
_COLUMNS = [c if c.name not in ("data", "meta") else cast(c, Text).label(c.name) for c in t.c]


def _parsed(text):
    try:
        return json.loads(text), None
    except (TypeError, ValueError) as error:
        return None, str(error)


def _check(conn, r, expected: int, prev: str, scheme: int, key: bytes):
    if r.seq != expected:
        return expected, (
            f"position {expected} is missing: the log jumps to {r.seq} (a row was removed)"
        )
    if r.prev_hash != prev:
        return r.seq, f"{_where(r)} does not follow the hash of the event before it"
    if r.chain not in SCHEMES:
        return r.seq, f"{_where(r)} names an unknown hash scheme {r.chain}"
    if r.chain < scheme:
        return r.seq, (f"{_where(r)} is hashed without the key after keyed events: it was "
                       "rewritten" if r.chain == PLAIN else
                       f"{_where(r)} is hashed by an older scheme after newer ones: it was rewritten")
    if r.chain != SEALED and r.seq != r.position:
        return r.seq, f"{_where(r)} was chained at its position, but it moved: it was rewritten"
    (data, bad_data), (meta, bad_meta) = _parsed(r.data), _parsed(r.meta)
    if bad_data or bad_meta:
        return r.seq, (f"{_where(r)} ({r.type} on {r.stream_id}) holds invalid "
                       f"JSON in its {'data' if bad_data else 'meta'}: {bad_data or bad_meta}")
    h = row_hash(r.chain, key, r.prev_hash, r.position, r.stream_id, r.version, r.type, data, meta,
                 r.recorded_at, seq=r.seq if r.chain == SEALED else None)
    if h == r.hash:
        return None
    if r.chain != PLAIN and scheme == PLAIN:  # the first keyed row: the key itself is the suspect
        head = read_head(conn)
        if head is not None and not head.signed_by(key):
            return r.seq, (f"{_where(r)}: neither its keyed hash nor the signed "
                           "head verify under this log key: it is not this log's key "
                           "(DONDOC_LOG_KEY or the instance's log_key file)")
    return r.seq, f"{_where(r)} ({r.type} on {r.stream_id}) was changed after it was written"
