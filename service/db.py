"""Engines. SQLite gets WAL, a busy timeout and write transactions that take the lock up front."""
from __future__ import annotations

import json
import json.encoder as json_encoder
import select
import time
from pathlib import Path

import orjson
from psycopg import pq
from psycopg.adapt import Dumper, Loader

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.pool import StaticPool

from service.dbutil import TextArray
from service.driver_statements import driver_sql


def make_engine(url: str, **kwargs) -> Engine:
    kwargs.setdefault("json_deserializer", json_loads)
    kwargs.setdefault("json_serializer", json_dumps)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **kwargs)
    ping = kwargs.pop("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.driver == "psycopg":
        event.listen(engine, "connect", _own_prepared_statements)
    if ping:
        _ping_on_checkout(engine)
    return engine


def _own_prepared_statements(dbapi_conn, _record) -> None:
    """psycopg prepares none itself: it would deallocate ours with its own (pg_prepared).
    A server whose time zone is UTC under another name (Etc/UTC, a Docker image's) is told
    'UTC', which psycopg reads as datetime.timezone.utc: the same instants, read 2.4 µs faster
    each than through zoneinfo. A server in another zone keeps it (dates compared with times
    in SQL would move)."""
    dbapi_conn.prepare_threshold = None
    for name in ("json", "jsonb"):
        dbapi_conn.adapters.register_loader(name, _JsonLoader)
    dbapi_conn.adapters.register_dumper(TextArray, _TextArrayDumper)
    pgconn = dbapi_conn.pgconn
    if (pgconn.parameter_status(b"TimeZone") in _UTC_NAMES
            and pgconn.transaction_status == pq.TransactionStatus.IDLE):
        pgconn.exec_(b"SET TIME ZONE 'UTC'")


class _TextArrayDumper(Dumper):
    """A TextArray (dbutil) as its text, of no type (oid 0: the server takes the type the
    statement gives the parameter, as for psycopg's own lists of str)."""

    def __init__(self, cls, context=None):
        super().__init__(cls, context)
        self.encoding = self.connection.info.encoding if self.connection is not None else "utf-8"

    def dump(self, obj):
        return obj.text.encode(self.encoding)


_UTC_NAMES = {name.encode() for name in (
    "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0",
    "Etc/GMT-0", "Etc/Greenwich", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0",
    "Greenwich")}


# A connection given back less than this long ago is not pinged, only its socket looked at
# (HikariCP's aliveBypassWindowMs, 500 ms by default, does the same).
ALIVE_WINDOW = 0.5


def _ping_on_checkout(engine: Engine) -> None:
    """SQLAlchemy's pool_pre_ping, less the round trip for a connection just used: a command
    checks out a connection for each transaction, and under load the ping was one round trip
    in eight. A connection back in the pool for less than ALIVE_WINDOW seconds is pinged only
    if its socket has something to read (a server that ended the session says so, then
    closes it: nothing else arrives on a connection at rest); any other is pinged as
    pool_pre_ping does, and a ping that finds the server gone makes the pool reconnect
    (every connection older than it is replaced)."""
    dialect = engine.dialect

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _used(_dbapi_conn, record):
        record.info["dondoc_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn, record, _proxy):
        if not alive(dialect, dbapi_conn, record.info.get("dondoc_used")):
            raise InvalidatePoolError()


def alive(dialect, dbapi_conn, used: float | None) -> bool:
    """Whether a connection last used at ``used`` (time.monotonic; None: unknown) may be used
    now: one used less than ALIVE_WINDOW seconds ago whose socket has nothing to read is, any
    other is pinged (False: the server is gone; another error is raised as the ping's)."""
    if used is not None and time.monotonic() - used < ALIVE_WINDOW and not _readable(dbapi_conn):
        return True
    return dialect._do_ping_w_event(dbapi_conn)


def _readable(dbapi_conn) -> bool:
    try:
        readable, _, failed = select.select([dbapi_conn.fileno()], [], [dbapi_conn.fileno()], 0)
    except (OSError, ValueError, AttributeError):  # closed, or a driver without a socket
        return True
    return bool(readable or failed)


def _sqlite_engine(url: str, **kwargs) -> Engine:
    _private_database_file(url)
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("timeout", 30)
    connect_args.setdefault("check_same_thread", False)
    if url in ("sqlite://", "sqlite:///:memory:"):
        kwargs.setdefault("poolclass", StaticPool)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Take transaction control from pysqlite so that BEGIN IMMEDIATE below is honoured.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        # 64 MiB of page cache (the default is 2 MiB): an activation's 10,000 rows in nine
        # indexes, or a dashboard over 100,000 tasks, then stay in memory instead of spilling
        # to the write-ahead log mid-transaction or being read again. Taken only as used.
        cur.execute("PRAGMA cache_size=-65536")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # IMMEDIATE: a transaction that reads a stream and then appends must hold the write lock
        # from its first read, or two writers fail on the upgrade instead of queueing. Readers
        # that say so (read_only) take no lock: under WAL they never wait for a writer.
        # On the driver's connection: through exec_driver_sql it cost 60 µs a transaction.
        # A reader whose driver connection is in its transaction already (an API request's,
        # request_reading.py, begun before SQLAlchemy's Connection was made over it) begins none.
        if conn.get_execution_options().get("dondoc_read_only"):
            if not conn.connection.driver_connection.in_transaction:
                driver_sql(conn, "BEGIN")
        else:
            driver_sql(conn, "BEGIN IMMEDIATE")

    return engine


# json.dumps(value) makes a C encoder for every value it writes; the same encoder made once.
_DEFAULT = json.JSONEncoder()
_C_DUMPS = (json_encoder.c_make_encoder(None, _DEFAULT.default, json_encoder.encode_basestring_ascii,
                                        None, ": ", ", ", False, False, True)
            if json_encoder.c_make_encoder is not None else None)


def json_dumps(value) -> str:
    """JSON columns as they are written (every event's data and meta, by SQLAlchemy on SQLite
    and by psycopg's Json dumper on PostgreSQL): the text json.dumps(value) writes, from an
    encoder made once (without its check for circular data, which JSON columns cannot hold)."""
    if _C_DUMPS is None:
        return json.dumps(value)
    return "".join(_C_DUMPS(value, 0))


class _JsonLoader(Loader):
    """psycopg's JSON columns read by ``json_loads`` in one call a value (psycopg's own loader
    wraps the one the engine gives it in two more), an empty list without parsing: a page of
    tasks has two JSON lists a row, most of them empty."""

    def load(self, data):
        if data == b"[]":
            return []
        return json_loads(data if data.__class__ is bytes else bytes(data))


def json_loads(text: str | bytes):
    """JSON columns as they are read (every event's data and meta): orjson parses the same
    documents into the same values several times faster than the json module. What it refuses
    and json.dumps may have written (NaN, Infinity) is read by the json module, and so is a
    document with a run of 19 digits or more: orjson reads an integer beyond 64 bits (below
    -2**63 or above 2**64 - 1) as a float, without an error, where the json module keeps it."""
    if len(text) >= 19 and _long_digits(text):
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


# Every digit as "0", every other byte as a space: a run of 19 digits is then a plain substring
# (0.4 µs for an event's 300 bytes, where a regular expression took 2.5 µs, 4 times orjson's
# parse).
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_NINETEEN = b"0" * 19


def _long_digits(text: str | bytes) -> bool:
    if text.__class__ is str:
        raw = text.encode("utf-8", "surrogatepass")
    else:
        raw = text if text.__class__ is bytes else bytes(text)
    return _NINETEEN in raw.translate(_DIGITS_AS_ZERO)


def read_only(engine: Engine):
    """A connection for reading only: on SQLite it never waits for (or blocks) a writer."""
    return read_only_engine(engine).connect()


def read_only_engine(engine: Engine) -> Engine:
    """The engine with ``dondoc_read_only`` among its execution options, made once and kept
    with it (setting the option on each connection cost 10 µs a read): it shares the engine's
    pool and listeners."""
    found = engine.__dict__.get("dondoc_read_only")
    if found is None:
        found = engine.__dict__["dondoc_read_only"] = engine.execution_options(dondoc_read_only=True)
    return found


def is_postgres(engine_or_conn) -> bool:
    return engine_or_conn.dialect.name == "postgresql"


def _private_database_file(url: str) -> None:
    """The database file owner-only before SQLite opens it: SQLite gives its -wal and -shm
    files the mode of the database file."""
    from sqlalchemy.engine import make_url

    from service.private_files import touch

    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        touch(Path(database))
