"""The hash chain: each event's hash covers its content and the previous event's hash.

Three schemes, recorded per row in ``events.chain``: PLAIN (SHA-256, the rows written before
issue 18), KEYED (HMAC-SHA256 under the log key, kept outside the database, chained in
position order by each append: the rows written before issue 14) and SEALED (the writer stores
the row's own MAC under the key, ``row_mac``; the sealer replaces it with an HMAC that also
covers the previous sealed hash and the row's ``seq``, ``sealed_hash``). Whoever can write the
database but does not hold the key can compute neither, so a rewrite that recomputes every
later hash, or a row slipped in unsealed, does not pass.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import json
from json import encoder as json_encoder
from datetime import datetime, timezone

GENESIS = "0" * 64
PLAIN, KEYED, SEALED = 1, 2, 3
SCHEMES = (PLAIN, KEYED, SEALED)


@functools.lru_cache(maxsize=1024)  # a batch's rows share one time: formatted once
def canonical_time(dt: datetime) -> str:
    # SQLite hands back naive datetimes; every stored time is UTC, so naive means UTC.
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# json.dumps with these options would build this encoder again for every row
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
# ... and so does the encoder's own encode(): the C encoder it makes each time, made once. It
# writes what _CANONICAL.encode writes (without its check for circular data, which JSON
# read from a row or encoded from an event cannot hold).
_C_CANONICAL = (json_encoder.c_make_encoder(None, _CANONICAL.default, json_encoder.encode_basestring,
                                            None, ":", ",", True, False, True)
                if json_encoder.c_make_encoder is not None else None)


def _canonical(value) -> str:
    if _C_CANONICAL is None:
        return _CANONICAL.encode(value)
    return "".join(_C_CANONICAL(value, 0))


def content(position: int, stream_id: str, version: int, type_name: str, data, meta,
            recorded_at: datetime) -> str:
    """A row's canonical body less what it chains on (its first element): made once, it serves
    both the row's MAC and its sealed hash (the sealer checks one and writes the other)."""
    return _canonical([position, stream_id, version, type_name, data, meta, canonical_time(recorded_at)])


def _body(prev_hash, position, stream_id, version, type_name, data, meta, recorded_at) -> bytes:
    # one text where a row is hashed once (a writer's MAC, SQLite's chain): 4,000 instructions
    # fewer than its content and its first element apart
    return _canonical(
        [prev_hash, position, stream_id, version, type_name, data, meta, canonical_time(recorded_at)],
    ).encode("utf-8")


def _chained(prev_hash, row_content: str) -> bytes:
    # [prev_hash, *the row's items] as _canonical writes it: "[", the first, ",", the others
    return ("[" + _canonical(prev_hash) + "," + row_content[1:]).encode("utf-8")


def event_hash(prev_hash: str, position: int, stream_id: str, version: int, type_name: str,
               data, meta, recorded_at: datetime) -> str:
    """The PLAIN scheme: how rows were hashed before the chain was keyed."""
    return hashlib.sha256(_body(prev_hash, position, stream_id, version, type_name, data, meta,
                                recorded_at)).hexdigest()


def keyed_hash(key: bytes, prev_hash: str, position: int, stream_id: str, version: int,
               type_name: str, data, meta, recorded_at: datetime) -> str:
    """The KEYED scheme: HMAC-SHA256 of the same canonical body under the log key."""
    return _mac(key, _body(prev_hash, position, stream_id, version, type_name, data, meta, recorded_at))


def _mac(key: bytes, body: bytes) -> str:
    mac = _keyed(key).copy()
    mac.update(body)
    return mac.hexdigest()


@functools.lru_cache(maxsize=16)
def _keyed(key: bytes) -> hmac.HMAC:
    """HMAC-SHA256 under ``key`` before any message, copied for each: hmac.digest sets OpenSSL's
    MAC up again for every row (3.8 µs against 2.4)."""
    return hmac.new(key, digestmod=hashlib.sha256)


def row_mac(key: bytes, position: int, stream_id: str, version: int, type_name: str, data, meta,
            recorded_at: datetime) -> str:
    """What a writer stores in ``hash`` until the row is sealed: its content under the key."""
    return keyed_hash(key, "unsealed", position, stream_id, version, type_name, data, meta,
                      recorded_at)


def content_mac(key: bytes, row_content: str) -> str:
    """``row_mac`` of the row whose ``content`` this is."""
    return _mac(key, _chained("unsealed", row_content))


def sealed_hash(key: bytes, prev_hash: str, seq: int, position: int, stream_id: str,
                version: int, type_name: str, data, meta, recorded_at: datetime) -> str:
    """The SEALED scheme once chained: the KEYED body with the sealed order ``seq`` beside it."""
    return keyed_hash(key, f"{prev_hash}:{seq}", position, stream_id, version, type_name, data,
                      meta, recorded_at)


def sealed_content_hash(key: bytes, prev_hash: str, seq: int, row_content: str) -> str:
    """``sealed_hash`` of the row whose ``content`` this is."""
    return _mac(key, _chained(f"{prev_hash}:{seq}", row_content))


def row_hash(chain: int, key: bytes | None, prev_hash, position, stream_id, version, type_name,
             data, meta, recorded_at, seq: int | None = None) -> str:
    """The hash a row of scheme ``chain`` must carry (sealed at ``seq``; SEALED with no ``seq``:
    the writer's MAC of a row not sealed yet)."""
    if chain in (KEYED, SEALED) and key is None:
        raise LogKeyMissing()
    args = (position, stream_id, version, type_name, data, meta, recorded_at)
    if chain == SEALED:
        return row_mac(key, *args) if seq is None else sealed_hash(key, prev_hash, seq, *args)
    if chain == KEYED:
        return keyed_hash(key, prev_hash, *args)
    return event_hash(prev_hash, *args)


class LogKeyMissing(Exception):
    def __init__(self):
        super().__init__("no log key: set DONDOC_LOG_KEY (or keep the instance folder's "
                         "log_key file): events cannot be written or checked without it")


def as_key(key: str | bytes | None) -> bytes | None:
    if key is None or key == "" or key == b"":
        return None
    return key if isinstance(key, bytes) else key.encode("utf-8")
