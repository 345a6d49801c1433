"""The hash chain: each event's hash covers its content and the previous event's hash."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

GENESIS = "0" * 64


def canonical_time(dt: datetime) -> str:
    # SQLite hands back naive datetimes; every stored time is UTC, so naive means UTC.
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(prev_hash: str, position: int, stream_id: str, version: int, type_name: str,
               data, meta, recorded_at: datetime) -> str:
    body = json.dumps(
        [prev_hash, position, stream_id, version, type_name, data, meta, canonical_time(recorded_at)],
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
