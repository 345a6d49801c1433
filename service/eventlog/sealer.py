"""The sealer: chains committed rows into the keyed log and moves its signed head.

Writers on PostgreSQL append concurrently and leave each row unsealed (``seq`` NULL, ``hash``
the row's MAC under the log key). The sealer, one at a time (an advisory lock), takes the rows
no transaction in flight can precede (``txid`` below the snapshot's xmin) in (txid, position)
order, checks each MAC, gives each the next ``seq`` and the HMAC chained on the previous sealed
hash, and moves the signed head, in one short transaction per batch, as a transparency log's
sequencer does. It refuses to chain onto a log that does not end at its signed head, or whose
head is signed under another key, or a row whose MAC does not verify (written without the key).

The order is the one followers read (EventStore.read_all): the rows below one snapshot's xmin
are all final, and any row seen later has a larger txid, so the numbers a follower gives the
rows beyond the last sealed one are the numbers the sealer gives them.

``seal_log`` runs in the scheduler every second, and before ``log verify``, ``anchor`` and
``export`` (``final``: under the table lock, so rows behind a long transaction elsewhere on the
server are sealed too). SQLite's single writer chains its own rows (EventStore.append_batch).
"""
from __future__ import annotations

from sqlalchemy import Connection, Engine, bindparam, literal_column, select, text, update

from .hashing import (GENESIS, LogKeyMissing, as_key, content, content_mac, sealed_content_hash,
                      sealed_hash)
from .head import UNREAD, LogRefused, head_problem, write_head
from .tables import events as t

BATCH = 5000


def last_sealed(conn: Connection) -> tuple[int, str]:
    row = conn.execute(_LAST).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def refuse_unless_at_head(conn: Connection, key: bytes, seq: int, last_hash: str, what: str,
                          head=UNREAD) -> None:
    """``head``: the signed head if the caller has read it (None: there is none)."""
    problem = head_problem(conn, key, seq, last_hash, head)
    if problem:
        raise LogRefused(f"{what}: {problem}; see `dondoc log verify`")


def chain_rows(key: bytes, rows: list[dict], seq: int, prev: str, conn: Connection,
               contents: list[str] | None = None) -> None:
    """Give ``rows`` (in order) the next seqs and their chained hashes; move the head on.
    ``contents``: each row's hashing.content, if the caller has made them."""
    for i, r in enumerate(rows):
        seq += 1
        r["seq"], r["prev_hash"] = seq, prev
        r["hash"] = prev = (sealed_content_hash(key, prev, seq, contents[i]) if contents else
                            sealed_hash(key, prev, seq, r["position"], r["stream_id"], r["version"],
                                        r["type"], r["data"], r["meta"], r["recorded_at"]))
    write_head(conn, key, seq, prev)


def _content(r: dict) -> str:
    return content(r["position"], r["stream_id"], r["version"], r["type"], r["data"], r["meta"],
                   r["recorded_at"])


def seal(conn: Connection, key: str | bytes | None, limit: int = BATCH, final: bool = False) -> int:
    """Seal up to ``limit`` rows in the caller's transaction; returns how many. ``final``: take
    the table lock first and seal every committed row (no writer can be in flight then)."""
    key = as_key(key)
    if key is None:
        raise LogKeyMissing()
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.execute(_ONE_SEALER)
        if final:
            conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")
    seq, prev = last_sealed(conn)
    refuse_unless_at_head(conn, key, seq, prev, "nothing sealed")
    unsealed = _UNSEALED_FINAL if final or not postgres else _UNSEALED
    rows = [dict(r) for r in conn.execute(unsealed, {"limit": limit}).mappings()]
    if not rows:
        return 0
    contents = [_content(r) for r in rows]  # each row's, for its MAC and its sealed hash
    for r, row_content in zip(rows, contents):
        if r["hash"] != content_mac(key, row_content):
            raise LogRefused(f"nothing sealed: position {r['position']} was not written with "
                             "this log key (its MAC does not verify): written without the key, "
                             "or changed; see `dondoc log verify`")
    chain_rows(key, rows, seq, prev, conn, contents)
    if postgres:  # the batch in one statement, its values as arrays, not one UPDATE a row
        done = conn.execute(_SEAL_ALL, {k: [r[c] for r in rows] for k, c in _SEALED}).rowcount
    else:
        done = conn.execute(_SEAL, [{k: r[c] for k, c in _SEALED} for r in rows]).rowcount
    if done != len(rows):  # only if another sealer got past the lock: write nothing
        raise RuntimeError(f"sealed {done} of {len(rows)} rows: another sealer was at work")
    return len(rows)


def seal_log(engine: Engine, key: str | bytes | None, final: bool = False) -> int:
    """Seal what there is, a batch per transaction; returns how many rows were sealed."""
    total = 0
    while True:
        with engine.begin() as conn:
            n = seal(conn, key, final=final)
        total += n
        if n < BATCH:
            return total


_LAST = select(t.c.seq, t.c.hash).where(t.c.seq.is_not(None)).order_by(t.c.seq.desc()).limit(1)
_COLS = (t.c.position, t.c.stream_id, t.c.version, t.c.type, t.c.data, t.c.meta, t.c.recorded_at,
         t.c.hash)
_UNSEALED_FINAL = (select(*_COLS).where(t.c.seq.is_(None))
                   .order_by(t.c.txid, t.c.position).limit(bindparam("limit")))
_UNSEALED = _UNSEALED_FINAL.where(
    t.c.txid < literal_column("pg_snapshot_xmin(pg_current_snapshot())::text::bigint"))
_SEAL = (update(t).where(t.c.position == bindparam("p"), t.c.seq.is_(None))
         .values(seq=bindparam("s"), prev_hash=bindparam("v"), hash=bindparam("h")))
# PostgreSQL: a batch's rows (found by the unsealed rows' index) joined to its values
_SEAL_ALL = text(
    "UPDATE events SET seq = v.s, prev_hash = v.v, hash = v.h FROM unnest(CAST(:p AS BIGINT[]), "
    "CAST(:s AS BIGINT[]), CAST(:v AS VARCHAR[]), CAST(:h AS VARCHAR[])) AS v(p, s, v, h) "
    "WHERE events.position = v.p AND events.seq IS NULL")
_SEALED = (("p", "position"), ("s", "seq"), ("v", "prev_hash"), ("h", "hash"))
# one sealer at a time per schema (tests give each database a schema of its own)
_ONE_SEALER = text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.dondoc-sealer'))")
