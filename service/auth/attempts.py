"""Failed sign-ins counted in the database, per key: an account at one address
(``pair:<username>|<address>``), one address over every username (``address:<address>``),
reset requests from one address (``reset:<address>``).

In the database so that the limit holds across gunicorn workers; per account *and* address so
that nobody can lock a person out from elsewhere (a per-account lock is a door anyone can
close). Past the free tries, each failure doubles the wait, up to a ceiling. Unknown usernames
are counted exactly like real ones: the answer never says which exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Column, Integer, String, Table, case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service.tables import UtcDateTime, metadata

sign_in_attempts = Table(
    "sign_in_attempts", metadata,
    Column("key", String(300), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", UtcDateTime(), nullable=False),
    Column("blocked_until", UtcDateTime()),
)


@dataclass(frozen=True)
class Rule:
    free: int  # failures before the first wait
    first_wait: timedelta  # after the first failure past them; doubled by each further one
    longest_wait: timedelta
    forget_after: timedelta  # failures older than this (and no block) no longer count


PAIR = Rule(5, timedelta(minutes=1), timedelta(hours=1), timedelta(hours=1))
ADDRESS = Rule(20, timedelta(minutes=15), timedelta(hours=4), timedelta(minutes=15))
RESET = Rule(5, timedelta(minutes=15), timedelta(hours=1), timedelta(minutes=15))


def pair_key(username: str, address: str) -> str:
    return f"pair:{username.strip().lower()[:200]}|{address}"


def wait_left(conn, key: str, now: datetime) -> timedelta | None:
    """How long the key must still wait, or None if it may try now."""
    until = conn.execute(select(sign_in_attempts.c.blocked_until)
                         .where(sign_in_attempts.c.key == key)).scalar()
    return until - now if until is not None and until > now else None


def record_failure(conn, key: str, rule: Rule, now: datetime) -> None:
    t = sign_in_attempts
    stale = t.c.window_start <= now - rule.forget_after
    ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(t)
    conn.execute(ins.values(key=key, failures=1, window_start=now).on_conflict_do_update(
        index_elements=["key"],
        set_={"failures": case((stale, 1), else_=t.c.failures + 1),
              "window_start": case((stale, now), else_=t.c.window_start)}))
    failures = conn.execute(select(t.c.failures).where(t.c.key == key)).scalar()
    if failures >= rule.free:
        wait = min(rule.first_wait * 2 ** min(failures - rule.free, 20), rule.longest_wait)
        # the window stays open while blocked: failures go on counting until a quiet period
        conn.execute(update(t).where(t.c.key == key).values(blocked_until=now + wait,
                                                               window_start=now))


def clear(conn, key: str) -> None:
    conn.execute(delete(sign_in_attempts).where(sign_in_attempts.c.key == key))
