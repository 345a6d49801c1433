"""Anchors: the head of the log (position and hash), signed, to be kept outside the database.

The hash chain alone cannot see the last events removed, nor a rewrite that recomputes every
later hash: whoever can write the database can do both. ``dondoc log anchor`` prints the head
signed with an HMAC under the secret key (kept apart from the database: DONDOC_SECRET_KEY or
the instance folder); its position is the sealed order ``seq`` (the log's position wherever
one writer wrote at a time; ``log anchor`` seals first). Stored elsewhere (a printout, a mail to the inspector, another server),
it lets ``dondoc log verify --anchor`` prove that the log still holds that event with that
hash, so truncation and rewriting are caught, and nobody without the key can forge one.
"""
from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import Connection, select

from .tables import events as t

PREFIX = "dondoc-anchor-v1"


def _signature(key: str, position: int, event_hash: str) -> str:
    message = f"{PREFIX}:{position}:{event_hash}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def make_anchor(conn: Connection, key: str) -> str | None:
    """The signed head of the log, or None for an empty log."""
    row = conn.execute(select(t.c.seq, t.c.hash).where(t.c.seq.is_not(None))
                       .order_by(t.c.seq.desc()).limit(1)).first()
    if row is None:
        return None
    return f"{PREFIX}:{row.seq}:{row.hash}:{_signature(key, row.seq, row.hash)}"


def check_anchor(conn: Connection, anchor: str, key: str) -> str | None:
    """None if the log still holds the anchored event with its hash; else what is wrong."""
    parts = anchor.strip().split(":")
    if len(parts) != 4 or parts[0] != PREFIX or not parts[1].isdigit():
        return f"not an anchor (expected {PREFIX}:POSITION:HASH:SIGNATURE)"
    position, anchored_hash, signature = int(parts[1]), parts[2], parts[3]
    if not hmac.compare_digest(signature, _signature(key, position, anchored_hash)):
        return "the anchor's signature does not match this key: made elsewhere, or altered"
    found = conn.execute(select(t.c.hash).where(t.c.seq == position)).scalar()
    if found is None:
        last = conn.execute(select(t.c.seq).where(t.c.seq.is_not(None)).order_by(t.c.seq.desc()).limit(1)).scalar()
        return (f"the log ends at position {last or 0}, before the anchored position {position}: "
                "events were removed")
    if found != anchored_hash:
        return (f"position {position} no longer has the anchored hash: the log was rewritten "
                "up to or before it")
    return None
