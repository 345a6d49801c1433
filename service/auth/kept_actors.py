"""PostgreSQL: the Actor of an API token kept, between GET requests, by the reading connection
that looked it up, until anything it is made of may have changed.

Every API request looked its token up (``auth.actors.actor_for_token``): one statement, a round
trip to the server, before the view's own. Under gunicorn (2 sync workers, wrk -c16, 100,000
tasks, the task list as a coordinator of 20 plans) the token's statement cost 0.07 ms of the
server's CPU and 0.07-0.1 ms of the worker's a request, a seventh of either (2026-11-30).

When it is safe to answer with a kept Actor:
- The server says what changed. Migration 0026 makes PostgreSQL notify ``dondoc_actors`` at
  the commit of any change to ``credentials``, ``people`` or ``plan_links`` (what the token's
  statement reads), whoever makes it: a command, a rebuild of the read models, SQL by hand.
  A connection LISTENs before the first token is looked up on it, and keeps Actors only if the
  three triggers are there (``heard``). The notice names the schema changed; the channel is
  the database's, and a change in another schema (another dondoc beside this one) is not
  ours. Every notice of ours on the connection, read by libpq for our statements or by
  psycopg for its own (its notify handler), drops what it keeps (``Heard.noticed``); at each
  request's start the notices libpq holds are read (``heard``), and a connection whose socket
  has something to read is pinged before the request (kept_reader), which reads them.
- Only while the connection is kept by its thread between requests (kept_reader). One taken
  from the pool forgets what it kept (``heard(..., kept=False)``): while in the pool, another
  user's statements may have read its notices. A request that makes a SQLAlchemy Connection
  over its reading gives its connection back to the pool, so that too forgets.
- Writes in this process are seen at once: every transaction this process commits on the
  engine (a command, a token issued or revoked, a person changed; ``watch``, from the first
  reading on the engine, before any Actor is kept) moves ``_GENERATION``, and a
  connection that kept Actors under another generation forgets them. Another process's are
  seen as soon as the server has sent the notice, normally within a millisecond of the commit
  (a request that reaches the worker in between is answered as one begun before the change).
- Only for GET: a request that changes anything reads its token's row again.

SQLite has no notices: there each request reads its token's row in the request's snapshot.

Dropping the triggers (downgrading below 0026) under a running service would leave its workers
keeping Actors that only their own process's commits refresh: restart the service after it. A
connection checks for the triggers once, when it first listens.
"""
from __future__ import annotations

from psycopg import errors, pq
from sqlalchemy import Engine, event

from workflows.permissions import Actor

CHANNEL = "dondoc_actors"
# LISTEN first, then the check: a change committed after it is notified, one before it is seen
# by the token statements that follow.
_SETUP = (b"LISTEN " + CHANNEL.encode() + b";"
          b" SELECT count(*), current_schema() FROM pg_trigger WHERE tgname = 'dondoc_actors_changed' AND tgrelid IN"
          b" (to_regclass('credentials'), to_regclass('people'), to_regclass('plan_links'))")
_TRIGGERS = b"3"
# Tokens a connection keeps the Actors of, at most (a worker's connection serves many people).
KEPT = 1024
# Moved by every commit in this process (``watch``): what a connection kept under another
# generation is forgotten.
_GENERATION = [0]


class Heard:
    """A listening connection's kept Actors, by token digest, the generation they were kept
    under (``_GENERATION``), and the schema whose notices concern them (a notice names the
    schema of the table changed: the channel is the whole database's)."""

    __slots__ = ("actors", "generation", "schema")

    def __init__(self, schema: str):
        self.actors, self.generation, self.schema = {}, _GENERATION[0], schema

    def noticed(self, payload: str) -> None:
        """A notice on the channel, read by libpq or by psycopg: ours drops what is kept."""
        if payload == self.schema:
            self.actors.clear()

    def get(self, digest: str) -> Actor | None:
        if self.generation != _GENERATION[0]:
            self.actors.clear()
            self.generation = _GENERATION[0]
            return None
        return self.actors.get(digest)

    def keep(self, digest: str, actor: Actor, generation: int) -> None:
        """``actor``, read for the token under ``generation``: kept unless a commit in this
        process came since (it may have been read before the commit)."""
        if generation != _GENERATION[0] or self.generation != generation:
            return
        if len(self.actors) >= KEPT:
            self.actors.clear()
        self.actors[digest] = actor


def generation() -> int:
    return _GENERATION[0]


def heard(connection, kept: bool) -> Heard | None:
    """The kept Actors of a pooled PostgreSQL connection (in autocommit, as the API reads),
    after the notices libpq holds for it are read: none kept if any came, or if the
    connection comes from the pool (``kept`` False). None when it cannot keep any: the
    database lacks the triggers (not migrated to 0026), or the setup failed."""
    raw = connection.driver_connection
    info = connection.info
    of, found = info.get("dondoc_heard", (None, None))
    if of is not raw:
        found = _listen(raw)
        info["dondoc_heard"] = (raw, found)
        return found
    if found is None:
        return None
    if not kept:
        found.actors.clear()
    pgconn = raw.pgconn
    notice = pgconn.notifies()  # read with our statements' answers, by libpq alone
    while notice is not None:
        found.noticed(notice.extra.decode(raw.info.encoding))
        notice = pgconn.notifies()
    return found


def _listen(raw) -> Heard | None:
    """LISTEN on the connection, and whether the triggers are there: its Heard, or None."""
    result = raw.pgconn.exec_(_SETUP)
    if result is None or result.status != pq.ExecStatus.TUPLES_OK:
        if result is None:
            raise errors.OperationalError("no answer from the server to LISTEN")
        raise errors.error_from_result(result, encoding=raw.info.encoding)
    if result.get_value(0, 0) != _TRIGGERS:  # other schemas' notices would come all the same
        raw.pgconn.exec_(b"UNLISTEN " + CHANNEL.encode())
        return None
    found = Heard(result.get_value(0, 1).decode(raw.info.encoding))
    # psycopg reads notices with its own statements' answers (a ping, a SQLAlchemy statement);
    # with a handler they go to it, not to a backlog that grows while nobody asks for them
    raw.add_notify_handler(lambda notice: found.noticed(notice.payload))
    return found


def watch(engine: Engine) -> None:
    """Once per engine, before any Actor is kept from its readings: every transaction
    committed on ``engine`` in this process then moves the generation (the ``commit`` event
    comes before the server's commit: a reader that keeps an Actor read in between is told by
    the server's notice)."""
    if not engine.__dict__.get("dondoc_kept_actors_watched"):
        engine.__dict__["dondoc_kept_actors_watched"] = True
        event.listen(engine, "commit", _moved)


def _moved(_conn) -> None:
    _GENERATION[0] += 1
