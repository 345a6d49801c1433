"""The hash chain: each event's hash covers its content and the previous event's hash.

Two schemes, recorded per row in ``events.chain``: PLAIN (SHA-256, the rows written before
issue 18) and KEYED (HMAC-SHA256 under the log key, kept outside the database). Whoever can
write the database but does not hold the key cannot recompute a keyed hash, so a rewrite that
recomputes every later hash no longer passes.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone

GENESIS = "0" * 64
PLAIN, KEYED = 1, 2
SCHEMES = (PLAIN, KEYED)


def canonical_time(dt: datetime) -> str:
    # SQLite hands back naive datetimes; every stored time is UTC, so naive means UTC.
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _body(prev_hash, position, stream_id, version, type_name, data, meta, recorded_at) -> bytes:
    return json.dumps(
        [prev_hash, position, stream_id, version, type_name, data, meta, canonical_time(recorded_at)],
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    ).encode("utf-8")


def event_hash(prev_hash: str, position: int, stream_id: str, version: int, type_name: str,
               data, meta, recorded_at: datetime) -> str:
    """The PLAIN scheme: how rows were hashed before the chain was keyed."""
    return hashlib.sha256(_body(prev_hash, position, stream_id, version, type_name, data, meta,
                                recorded_at)).hexdigest()


def keyed_hash(key: bytes, prev_hash: str, position: int, stream_id: str, version: int,
               type_name: str, data, meta, recorded_at: datetime) -> str:
    """The KEYED scheme: HMAC-SHA256 of the same canonical body under the log key."""
    return hmac.new(key, _body(prev_hash, position, stream_id, version, type_name, data, meta,
                               recorded_at), hashlib.sha256).hexdigest()


def row_hash(chain: int, key: bytes | None, prev_hash, position, stream_id, version, type_name,
             data, meta, recorded_at) -> str:
    """The hash a row of scheme ``chain`` must carry."""
    if chain == KEYED:
        if key is None:
            raise LogKeyMissing()
        return keyed_hash(key, prev_hash, position, stream_id, version, type_name, data, meta,
                          recorded_at)
    return event_hash(prev_hash, position, stream_id, version, type_name, data, meta, recorded_at)


class LogKeyMissing(Exception):
    def __init__(self):
        super().__init__("no log key: set DONDOC_LOG_KEY (or keep the instance folder's "
                         "log_key file): events cannot be written or checked without it")


def as_key(key: str | bytes | None) -> bytes | None:
    if key is None or key == "" or key == b"":
        return None
    return key if isinstance(key, bytes) else key.encode("utf-8")
