"""The signed head of the log: the last sealed event's ``seq`` and hash, signed with the log key.

The sealer (SQLite: every append) moves it in the same transaction as the rows it chains (and
refuses to when the log does not end where its head says, or the head does not verify under
this process's key), and ``log verify`` checks it. Its column ``position`` holds the ``seq``:
the two were one before the sealer, so heads signed then still verify. removing the last events, or a head rewritten without the key, is a
finding. It lives in the database beside the log, so someone who kept an old signed head could
put it back together with the log as it then was: anchors kept outside (``dondoc log anchor``)
catch that.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, exists, insert, select, update

from service.driver_statements import DriverStatement

from .hashing import KEYED, SEALED, _mac
from .tables import events as t, log_head

PREFIX = b"dondoc-log-head-v1"


@dataclass(frozen=True)
class Head:
    position: int
    hash: str
    signature: str

    def signed_by(self, key: bytes) -> bool:
        return hmac.compare_digest(self.signature, sign(key, self.position, self.hash))


class LogRefused(Exception):
    """The log is not as its signed head says (or the key is not its key): nothing written."""


def sign(key: bytes, position: int, event_hash: str) -> str:
    """HMAC-SHA256 of the head under the log key, from the MAC set up once per key (each
    append checks the head it reads and signs the one it writes)."""
    return _mac(key, PREFIX + f":{position}:{event_hash}".encode())


def read_head(conn: Connection) -> Head | None:
    row = conn.execute(_READ).first()
    return Head(*row) if row else None


def write_head(conn: Connection, key: bytes, position: int, event_hash: str) -> None:
    values = dict(p=position, h=event_hash, s=sign(key, position, event_hash))
    if _UPDATE.execute(conn, values) == 0:
        _INSERT.execute(conn, dict(id=1, position=position, hash=event_hash, signature=values["s"]))


def has_keyed_rows(conn: Connection) -> bool:
    return bool(conn.execute(_KEYED).scalar())


# Statements built once, as the store's: building them per append costs more than running them.
_READ = select(log_head.c.position, log_head.c.hash, log_head.c.signature).where(log_head.c.id == 1)
_UPDATE = DriverStatement(update(log_head).where(log_head.c.id == 1).values(
    position=bindparam("p"), hash=bindparam("h"), signature=bindparam("s")))
_INSERT = DriverStatement(insert(log_head))
UNREAD = object()  # head_problem: the caller has not read the head
_KEYED = select(exists().where(t.c.chain.in_((KEYED, SEALED)), t.c.seq.is_not(None)))


def head_problem(conn: Connection, key: bytes, last_position: int, last_hash: str,
                 head: Head | None = UNREAD) -> str | None:
    """None if the log ends where its signed head says; else what is wrong. A log with no head
    and only plain rows (written before the chain was keyed) is fine: its next append signs it.
    ``head``: the head as the caller read it in this transaction (else it is read here)."""
    if head is UNREAD:
        head = read_head(conn)
    if head is None:
        if last_position and has_keyed_rows(conn):
            return "the log's signed head is missing (removed from the database)"
        return None
    if not head.signed_by(key):
        return ("the signed head does not verify under this log key: the wrong key "
                "(DONDOC_LOG_KEY or the instance's log_key file), or a head written without it")
    if head.position > last_position:
        return (f"the log ends at position {last_position}, before its signed head at "
                f"{head.position}: events were removed")
    if head.position < last_position:
        return (f"the log goes on past its signed head at position {head.position} (to "
                f"{last_position}): events were written without the log key")
    if head.hash != last_hash:
        return (f"position {last_position} does not have the hash of the signed head: the log "
                "was rewritten")
    return None
