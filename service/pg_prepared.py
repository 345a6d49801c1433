"""PostgreSQL: the driver statements (driver_statements.py) as named prepared statements run
on libpq itself, their parameters and rows adapted by psycopg's own Transformer (its C
adapters, and the JSON loads the engine gave it).

Through psycopg's cursor a prepared statement cost 60 µs of Python a round trip, on libpq
23 µs. The statements are prepared once per connection (and per parameter types), under names
of their own. psycopg must then prepare none itself: after a ROLLBACK, DROP or ALTER it
deallocates every statement of the connection (DEALLOCATE ALL) once it has prepared one, ours
with its own. So the engine's connections have ``prepare_threshold = None`` (db.make_engine),
and a connection that has not (an engine made elsewhere) runs the statements through
psycopg's cursor as before. Nothing here issues DEALLOCATE or DISCARD, nor may anything else
on a pooled connection.

A transaction's first statement goes with its BEGIN in one round trip (libpq's pipeline mode),
where psycopg sends BEGIN on its own first.
"""
from __future__ import annotations

import re
import select
from typing import Callable

from psycopg import errors, pq
from psycopg.adapt import PyFormat, Transformer

_OK = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK)
_IDLE = pq.TransactionStatus.IDLE
_PARAM = re.compile(r"%\(([^)]+)\)s|%%")


def numbered(sql: str) -> tuple[bytes, list[str]]:
    """psycopg's SQL (``%(name)s``, ``%%``) as libpq's (``$1``, ``%``), and the parameters'
    names in the order of their numbers (a name used twice has one number)."""
    names: list[str] = []

    def number(m: re.Match) -> str:
        name = m.group(1)
        if name is None:
            return "%"
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _PARAM.sub(number, sql).encode(), names


class Prepared:
    """A driver connection's prepared statements, kept as long as the connection."""

    def __init__(self, raw):
        self.raw, self.pgconn = raw, raw.pgconn
        self.tx = Transformer(raw)
        self.names: dict[tuple, bytes] = {}  # (SQL, parameter types) -> statement name
        self.encoding = raw.info.encoding
        self.unread: _Answer | None = None  # a statement sent ahead whose answer is unread

    def usable(self, raw) -> bool:
        return raw is self.raw and raw.prepare_threshold is None and not raw.closed

    def _bound(self, sql: bytes, values: tuple) -> tuple:
        """The statement's name (prepared now if need be), its parameters and their formats."""
        self.read_unread()
        tx = self.tx
        params = tx.dump_sequence(values, [PyFormat.AUTO] * len(values))
        types, formats = tx.types, tx.formats
        name = self.names.get((sql, types))
        if name is None:
            name = b"dondoc_%d" % len(self.names)
            self._check(self.pgconn.prepare(name, sql, types))
            self.names[(sql, types)] = name
        return name, params, formats

    def run(self, sql: bytes, values: tuple, fetch: bool):
        """Rows (a list of tuples) if ``fetch``, else the count of rows changed."""
        name, params, formats = self._bound(sql, values)
        pgconn, tx = self.pgconn, self.tx
        if pgconn.transaction_status == _IDLE and not self.raw.autocommit:
            result = self._begin_and_run(name, params, formats)
        else:
            result = pgconn.exec_prepared(name, params, formats)
        self._check(result)
        if not fetch:
            return result.command_tuples
        tx.set_pgresult(result)
        return tx.load_rows(0, result.ntuples, tuple)

    def send(self, sql: bytes, values: tuple) -> Callable[[], int]:
        """A statement without rows, on a connection in autocommit: sent, its answer not
        waited for; the function returned reads it (the count of rows changed, or the
        statement's error), once. The server commits the statement as it runs it, whether or
        not anyone reads the answer. Until it is read nothing else goes on the connection (the
        next statement here reads it first)."""
        if not self.raw.autocommit:
            raise ValueError("a statement sent ahead runs on a connection in autocommit")
        name, params, formats = self._bound(sql, values)
        pgconn = self.pgconn
        pgconn.send_query_prepared(name, params, formats)
        while pgconn.flush():  # non-blocking: what the socket did not take yet
            select.select([], [pgconn.socket], [])
        answer = self.unread = _Answer(self)
        return answer

    def read_unread(self) -> None:
        """The answer of a statement sent ahead (``send``), read if nobody has yet."""
        if self.unread is not None:
            self.unread()

    def _begin_and_run(self, name: bytes, params, formats):
        """BEGIN and the statement in one round trip; the statement's result."""
        pgconn = self.pgconn
        pgconn.enter_pipeline_mode()
        try:
            pgconn.send_query_params(self._begin_command(), None)
            pgconn.send_query_prepared(name, params, formats)
            pgconn.pipeline_sync()
            while pgconn.flush():  # non-blocking: what the socket did not take yet
                select.select([], [pgconn.socket], [])
            begin = _next_result(pgconn)
            _next_result(pgconn)  # None: the end of BEGIN's results
            statement = _next_result(pgconn)
            _next_result(pgconn)
            _next_result(pgconn)  # the pipeline's sync
        finally:
            pgconn.exit_pipeline_mode()
        self._check(begin)  # BEGIN failed: its error, not the aborted statement's
        return statement

    def _begin_command(self) -> bytes:
        """The BEGIN psycopg would send, with the connection's transaction characteristics."""
        raw, command = self.raw, [b"BEGIN"]
        if raw.isolation_level is not None:
            command.append(b"ISOLATION LEVEL " + raw.isolation_level.name.replace("_", " ").encode())
        if raw.read_only is not None:
            command.append(b"READ ONLY" if raw.read_only else b"READ WRITE")
        if raw.deferrable is not None:
            command.append(b"DEFERRABLE" if raw.deferrable else b"NOT DEFERRABLE")
        return b" ".join(command)

    def _check(self, result) -> None:
        if result is None:
            message = self.pgconn.error_message.decode(self.encoding, "replace")
            raise errors.OperationalError(f"no result from the server: {message}")
        if result.status not in _OK:
            raise errors.error_from_result(result, encoding=self.encoding)


class _Answer:
    """The answer of a statement sent ahead (Prepared.send): read at the first call, then
    given again."""

    def __init__(self, prepared: Prepared):
        self.prepared, self.count, self.error = prepared, None, None

    def __call__(self) -> int:
        prepared = self.prepared
        if prepared is not None:
            self.prepared = prepared.unread = None
            try:
                result = _next_result(prepared.pgconn)
                while _next_result(prepared.pgconn) is not None:  # its end
                    pass
                prepared._check(result)
                self.count = result.command_tuples
            except Exception as error:
                self.error = error
        if self.error is not None:
            raise self.error
        return self.count


def _next_result(pgconn):
    """The next result (None at the end of a statement's), waiting on the socket as psycopg
    does, the GIL released meanwhile."""
    while pgconn.is_busy():
        select.select([pgconn.socket], [], [])
        pgconn.consume_input()
    return pgconn.get_result()


def prepared(pooled) -> Prepared | None:
    """The pooled connection's prepared statements, or None where psycopg prepares its own."""
    raw = pooled.driver_connection
    found = pooled.info.get("dondoc_prepared")
    if found is None or found.raw is not raw:
        if raw.prepare_threshold is not None:
            return None
        found = pooled.info["dondoc_prepared"] = Prepared(raw)
    return found if found.usable(raw) else None
