"""``dondoc log verify``: walk the hash chain and say where it first breaks."""
from __future__ import annotations

from dataclasses import dataclass, field

import json

from sqlalchemy import Connection, Text, cast, select

from workflows.event_types import load_all
from workflows.events import registered_events

from .hashing import GENESIS, event_hash
from .tables import events as t


@dataclass
class VerifyReport:
    checked: int = 0
    first_bad_position: int | None = None
    problem: str | None = None
    unknown_types: dict[str, int] = field(default_factory=dict)  # type -> first position

    @property
    def ok(self) -> bool:
        return self.first_bad_position is None and not self.unknown_types


def verify_log(conn: Connection, page: int = 5000) -> VerifyReport:
    load_all()
    report, known = VerifyReport(), set(registered_events())
    expected_position, prev = 1, GENESIS
    after = 0
    while True:
        rows = conn.execute(select(*_COLUMNS).where(t.c.position > after)
                            .order_by(t.c.position).limit(page)).all()
        if not rows:
            return report
        for r in rows:
            if r.type not in known:
                report.unknown_types.setdefault(r.type, r.position)
            if report.first_bad_position is None:
                problem = _check(r, expected_position, prev)
                if problem:
                    report.first_bad_position, report.problem = problem
            expected_position, prev = r.position + 1, r.hash
            report.checked += 1
        after = rows[-1].position


# data and meta as their stored text: a row whose JSON was damaged is a finding, not a crash
# of the driver's JSON decoder (SQLite keeps JSON as text, and text can be anything)
_COLUMNS = [c if c.name not in ("data", "meta") else cast(c, Text).label(c.name) for c in t.c]


def _parsed(text):
    try:
        return json.loads(text), None
    except (TypeError, ValueError) as error:
        return None, str(error)


def _check(r, expected_position: int, prev: str):
    if r.position != expected_position:
        return expected_position, (
            f"position {expected_position} is missing: the log jumps to {r.position} (a row was removed)"
        )
    if r.prev_hash != prev:
        return r.position, f"position {r.position} does not follow the hash of the event before it"
    (data, bad_data), (meta, bad_meta) = _parsed(r.data), _parsed(r.meta)
    if bad_data or bad_meta:
        return r.position, (f"position {r.position} ({r.type} on {r.stream_id}) holds invalid "
                            f"JSON in its {'data' if bad_data else 'meta'}: {bad_data or bad_meta}")
    h = event_hash(r.prev_hash, r.position, r.stream_id, r.version, r.type, data, meta, r.recorded_at)
    if h != r.hash:
        return r.position, f"position {r.position} ({r.type} on {r.stream_id}) was changed after it was written"
    return None
