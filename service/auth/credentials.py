"""Passwords and API tokens: a mutable table beside the log (secrets must be erasable).

Passwords are hashed with Argon2id; API tokens are random and stored as their SHA-256 only.
Failed sign-ins are counted per person and lock the account for a while.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, Integer, String, Table, select, update

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
)

_hasher = PasswordHasher()
MAX_ATTEMPTS = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 8


class WeakPassword(ValueError):
    pass


def set_password(conn, person_id: str, password: str, now: datetime) -> None:
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(f"a password needs at least {MIN_PASSWORD} characters")
    upsert(conn, credentials, {"person_id": person_id}, password_hash=_hasher.hash(password),
           failed_attempts=0, locked_until=None, changed_at=now)


def check_password(conn, person_id: str, password: str, now: datetime) -> bool:
    """True when the password is right and the account is not locked; counts failures."""
    row = conn.execute(select(credentials).where(credentials.c.person_id == person_id)).mappings().first()
    if row is None or row["password_hash"] is None:
        return False
    if row["locked_until"] is not None and row["locked_until"] > now:
        return False
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        failed = row["failed_attempts"] + 1
        locked = now + LOCK_FOR if failed >= MAX_ATTEMPTS else None
        conn.execute(update(credentials).where(credentials.c.person_id == person_id)
                     .values(failed_attempts=0 if locked else failed, locked_until=locked))
        return False
    conn.execute(update(credentials).where(credentials.c.person_id == person_id)
                 .values(failed_attempts=0, locked_until=None))
    return True


def is_locked(conn, person_id: str, now: datetime) -> bool:
    until = conn.execute(select(credentials.c.locked_until)
                         .where(credentials.c.person_id == person_id)).scalar()
    return until is not None and until > now


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


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

