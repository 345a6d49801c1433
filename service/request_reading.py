"""An API request's reading: one connection from the engine's pool from the token check to
the view's last read, without SQLAlchemy's Connection unless a view asks for one. On SQLite one
read transaction (one snapshot) holds from the first read to the last. On PostgreSQL the reads
run in autocommit: under READ COMMITTED every statement takes its own snapshot, in a
transaction or not, so a transaction gave the request nothing but its BEGIN and the ROLLBACK
at check-in, a round trip of its own (psycopg's rollback sends nothing outside a transaction).

A read through ``engine.connect()`` paid SQLAlchemy's Connection for its check-out, BEGIN,
ROLLBACK and check-in (its events, its transaction objects): 30-40 µs a request beside 3 µs of
SQLite's work, more than the token check's own statement. The driver statements
(driver_statements.py) read through what this object has (``dialect``, ``connection``,
``in_transaction``, ``dispatch``); anything else a view calls (``execute``, ``scalars``, ...)
goes to a SQLAlchemy Connection made on first use over the same pooled connection, inside the
same transaction (db.py's begin listener issues no second BEGIN for it).

The pool is SQLAlchemy's own: the check-out runs its events (PostgreSQL's ping, db.py), and
the check-in its reset (a rollback) and events, as a Connection's close does. Between two
requests the thread keeps the connection out of the pool (kept_reader), on either database.
"""
from __future__ import annotations

from psycopg import pq
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from service import kept_reader
from service.auth import kept_actors
from service.db import read_only_engine
from service.driver_statements import driver_sql


_PG_IDLE = pq.TransactionStatus.IDLE


class RequestReading:
    __slots__ = ("engine", "dialect", "connection", "heard", "_sqlalchemy", "_pool")

    def __init__(self, engine: Engine):
        self.engine, self.dialect = engine, engine.dialect
        self._sqlalchemy: Connection | None = None
        self._pool = None  # the pool of the connection, which the thread may keep (kept_reader)
        self.heard = None  # PostgreSQL: the Actors the connection keeps (auth.kept_actors)
        error = self.dialect.loaded_dbapi.Error
        try:
            self.connection, self._pool, kept = kept_reader.take(engine)
        except error as exc:  # as engine.connect() raises it
            raise DBAPIError.instance(None, None, exc, error, dialect=self.dialect) from exc
        try:
            if self.dialect.name == "sqlite":
                # deferred: no lock taken; the snapshot starts at the first read and holds
                # until the end of the request
                driver_sql(self, "BEGIN")
            else:
                raw = self.connection.driver_connection
                if not raw.autocommit:  # a kept connection is in it already
                    raw.autocommit = True
                try:
                    kept_actors.watch(engine)  # this process's commits: before any is kept
                    self.heard = kept_actors.heard(self.connection, kept)
                except error as exc:  # as a statement's would be
                    raise DBAPIError.instance(None, None, exc, error, dialect=self.dialect) from exc
        except BaseException:
            self._give_back()
            raise

    @property
    def dispatch(self):
        """The engine's listeners (``before_cursor_execute``: logs, tests) see the driver
        statements run here, as on a Connection."""
        return self.engine.dispatch

    def in_transaction(self) -> bool:
        """As far as the driver statements ask: nothing to begin (PostgreSQL's reads run in
        autocommit)."""
        return True

    def __getattr__(self, name: str):
        """Everything else a Connection has, from the Connection over this transaction."""
        if name in RequestReading.__slots__:  # not set yet (a failed __init__)
            raise AttributeError(name)
        return getattr(self.sqlalchemy(), name)

    def sqlalchemy(self) -> Connection:
        """The SQLAlchemy Connection over this pooled connection and transaction."""
        conn = self._sqlalchemy
        if conn is None:
            conn = Connection(read_only_engine(self.engine), connection=self.connection)
            # SQLAlchemy's record of the transaction begun above: no second BEGIN (nor any on
            # PostgreSQL, whose driver begins none in autocommit)
            conn.begin()
            self._sqlalchemy = conn
        return conn

    def close(self) -> None:
        """The request's reading ended: the connection kept by the thread for its next request
        (kept_reader: on SQLite its transaction rolled back first, on PostgreSQL left in
        autocommit), or back in the pool (out of autocommit first on PostgreSQL, as every
        other user of the pool expects it; the pool's reset on return rolls back)."""
        self._give_back()

    def _give_back(self) -> None:
        connection, sqlite = self.connection, self.dialect.name == "sqlite"
        if self._sqlalchemy is None and connection.is_valid and self._idle(sqlite):
            if kept_reader.keep(self.engine, connection, self._pool):
                return
        kept_reader.leave_autocommit(connection.driver_connection, (self._sqlalchemy or connection).invalidate)
        if self._sqlalchemy is not None:
            self._sqlalchemy.close()
        else:
            connection.close()  # the pool's reset on return rolls back

    def _idle(self, sqlite: bool) -> bool:
        """No transaction left open (SQLite's rolled back here): the connection may be kept."""
        raw = self.connection.driver_connection
        if sqlite:
            try:  # the snapshot ended: the connection holds no lock while kept
                raw.rollback()
                return True
            except Exception:
                self.connection.invalidate()
                return False
        return raw.autocommit and raw.pgconn.transaction_status == _PG_IDLE

    def __enter__(self) -> RequestReading:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
