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
the check-in its reset (a rollback) and events, as a Connection's close does.
"""
from __future__ import annotations

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from service import kept_reader
from service.db import read_only_engine
from service.driver_statements import driver_sql


class RequestReading:
    __slots__ = ("engine", "dialect", "connection", "_sqlalchemy", "_pool")

    def __init__(self, engine: Engine):
        self.engine, self.dialect = engine, engine.dialect
        self._sqlalchemy: Connection | None = None
        self._pool = None  # SQLite: the pool of a connection the thread may keep (kept_reader)
        error = self.dialect.loaded_dbapi.Error
        try:
            if self.dialect.name == "sqlite":
                self.connection, self._pool = kept_reader.take(engine)
            else:
                self.connection = engine.raw_connection()
        except error as exc:  # as engine.connect() raises it
            raise DBAPIError.instance(None, None, exc, error, dialect=self.dialect) from exc
        try:
            if self.dialect.name == "sqlite":
                # deferred: no lock taken; the snapshot starts at the first read and holds
                # until the end of the request
                driver_sql(self, "BEGIN")
            else:
                self.connection.driver_connection.autocommit = True
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
        """The transaction rolled back and the connection back in the pool (on PostgreSQL out
        of autocommit first, as every other user of the pool expects it), or on SQLite kept by
        the thread for its next request (kept_reader)."""
        self._give_back()

    def _give_back(self) -> None:
        if self._pool is not None and self._sqlalchemy is None:
            if self.connection.is_valid:
                try:  # the snapshot ended: the connection holds no lock while kept
                    self.connection.driver_connection.rollback()
                except Exception:
                    self.connection.invalidate()
            kept_reader.keep(self.engine, self.connection, self._pool)
            return
        raw = self.connection.driver_connection
        if self.dialect.name != "sqlite" and raw.autocommit:
            try:
                raw.autocommit = False
            except Exception:
                # never back in the pool in autocommit: a writer's transaction would commit
                # statement by statement
                (self._sqlalchemy or self.connection).invalidate()
        if self._sqlalchemy is not None:
            self._sqlalchemy.close()
        else:
            self.connection.close()  # the pool's reset on return rolls back

    def __enter__(self) -> RequestReading:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
