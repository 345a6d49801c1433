"""Passwords and API tokens: a mutable table beside the log (secrets must be erasable).

Passwords are hashed with Argon2id; API tokens are random and stored as their SHA-256 only.
Failed sign-ins are counted per account and address in service.auth.attempts (the columns
failed_attempts and locked_until of the first version are no longer used: a lock per account
let anyone lock anyone out).
"""
from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, Integer, String, Table, select, update

from service.auth.common_passwords import is_common
from service.dbutil import upsert
from service.tables import UtcDateTime, metadata

credentials = Table(
    "credentials", metadata,
    Column("person_id", String(64), primary_key=True),
    Column("password_hash", String(200)),
    Column("token_hash", String(64), unique=True),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", UtcDateTime()),
    Column("changed_at", UtcDateTime(), nullable=False),
    # written into each web session at sign-in; moved on to end every session of the person
    Column("session_generation", Integer, nullable=False, default=0, server_default="0"),
)

_hasher = PasswordHasher()
MIN_PASSWORD = 8


class WeakPassword(ValueError):
    pass


class CommonPassword(WeakPassword):
    """Long enough, but among the first guesses (service.auth.common_passwords)."""


def set_password(conn, person_id: str, password: str, now: datetime) -> None:
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(f"a password needs at least {MIN_PASSWORD} characters")
    if is_common(password):
        raise CommonPassword("this password is among the first an attacker tries: choose another")
    upsert(conn, credentials, {"person_id": person_id}, password_hash=_hasher.hash(password),
           failed_attempts=0, locked_until=None, changed_at=now)
    end_sessions(conn, person_id)  # a session opened with the old password ends with it


def session_generation(conn, person_id: str) -> int | None:
    return conn.execute(select(credentials.c.session_generation)
                        .where(credentials.c.person_id == person_id)).scalar()


def end_sessions(conn, person_id: str) -> None:
    """Every web session of the person stops working (sign-out everywhere)."""
    conn.execute(update(credentials).where(credentials.c.person_id == person_id)
                 .values(session_generation=credentials.c.session_generation + 1))


def check_password(conn, person_id: str | None, password: str) -> bool:
    """True when the password is right. The same Argon2 work whether or not the person exists
    or has a password, so that the time of the answer tells nothing (limits on failures are
    per account and address: service.auth.attempts)."""
    row = None if person_id is None else conn.execute(
        select(credentials.c.password_hash).where(credentials.c.person_id == person_id)).first()
    hashed = row.password_hash if row is not None and row.password_hash else None
    try:
        _hasher.verify(hashed or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return hashed is not None


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def issue_token(conn, person_id: str, now: datetime) -> str:
    """A new API token for the person (the old one stops working). Shown once."""
    token = secrets.token_urlsafe(32)
    upsert(conn, credentials, {"person_id": person_id}, token_hash=_digest(token), changed_at=now)
    return token


def person_for_token(conn, token: str) -> str | None:
    if not token:
        return None
    return conn.execute(select(credentials.c.person_id)
                        .where(credentials.c.token_hash == _digest(token))).scalar()


def token_lookup(token: str) -> str:
    """What a token is looked up by (its digest; the token itself is never stored)."""
    return _digest(token)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

