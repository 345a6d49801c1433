"""``dondoc log verify``: walk the hash chain, check the signed head, say where it first breaks.

Each row is checked by its own scheme (``events.chain``): plain SHA-256 for the rows written
before the chain was keyed, HMAC under the log key for every later one; a plain row after a
keyed one is a rewrite. Then the signed head (head.py): the last events removed, or a log that
goes on past its head, is a finding. A row whose JSON is damaged is a finding, not a crash.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, Text, cast, select

from workflows.event_types import load_all
from workflows.events import registered_events

from .hashing import GENESIS, KEYED, SCHEMES, as_key, row_hash
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

    @property
    def ok(self) -> bool:
        return self.first_bad_position is None and not self.unknown_types


def verify_log(conn: Connection, key: str | bytes, page: int = 5000) -> VerifyReport:
    load_all()
    key = as_key(key)
    report, known = VerifyReport(), set(registered_events())
    expected_position, prev, keyed = 1, GENESIS, False
    after = 0
    while rows := conn.execute(select(*_COLUMNS).where(t.c.position > after)
                               .order_by(t.c.position).limit(page)).all():
        for r in rows:
            if r.type not in known:
                report.unknown_types.setdefault(r.type, r.position)
            if report.first_bad_position is None:
                problem = _check(conn, r, expected_position, prev, keyed, key)
                if problem:
                    report.first_bad_position, report.problem = problem
            keyed = keyed or r.chain == KEYED
            report.plain += r.chain != KEYED
            expected_position, prev = r.position + 1, r.hash
            report.checked += 1
        after = rows[-1].position
    if report.first_bad_position is None:
        problem = head_problem(conn, key, expected_position - 1, prev)
        if problem:
            report.first_bad_position, report.problem = expected_position, problem
        report.unsigned = report.checked > 0 and read_head(conn) is None
    return report


# data and meta as their stored text: a row whose JSON was damaged is a finding, not a crash
# of the driver's JSON decoder (SQLite keeps JSON as text, and text can be anything)
_COLUMNS = [c if c.name not in ("data", "meta") else cast(c, Text).label(c.name) for c in t.c]


def _parsed(text):
    try:
        return json.loads(text), None
    except (TypeError, ValueError) as error:
        return None, str(error)


def _check(conn, r, expected_position: int, prev: str, keyed: bool, key: bytes):
    if r.position != expected_position:
        return expected_position, (
            f"position {expected_position} is missing: the log jumps to {r.position} (a row was removed)"
        )
    if r.prev_hash != prev:
        return r.position, f"position {r.position} does not follow the hash of the event before it"
    if r.chain not in SCHEMES:
        return r.position, f"position {r.position} names an unknown hash scheme {r.chain}"
    if keyed and r.chain != KEYED:
        return r.position, (f"position {r.position} is hashed without the key after keyed "
                            "events: it was rewritten")
    (data, bad_data), (meta, bad_meta) = _parsed(r.data), _parsed(r.meta)
    if bad_data or bad_meta:
        return r.position, (f"position {r.position} ({r.type} on {r.stream_id}) holds invalid "
                            f"JSON in its {'data' if bad_data else 'meta'}: {bad_data or bad_meta}")
    h = row_hash(r.chain, key, r.prev_hash, r.position, r.stream_id, r.version, r.type, data, meta,
                 r.recorded_at)
    if h == r.hash:
        return None
    if r.chain == KEYED and not keyed:  # the first keyed row: the key itself is the suspect
        head = read_head(conn)
        if head is not None and not head.signed_by(key):
            return r.position, (f"position {r.position}: neither its keyed hash nor the signed "
                                "head verify under this log key: it is not this log's key "
                                "(DONDOC_LOG_KEY or the instance's log_key file)")
    return r.position, f"position {r.position} ({r.type} on {r.stream_id}) was changed after it was written"
