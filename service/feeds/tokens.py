"""The secret of a calendar feed URL, and resetting it.

The token is the owner and a generation number, signed with the app's secret: nothing secret is
stored, so the page can show the URL again at any time. Resetting the URL bumps the generation,
and every URL of an earlier generation stops working at once. Only the generation is a row
(``calendar_feeds``); an owner with no row is at generation 0.

Owners are ``person:<person_id>`` and ``agency:<agency_id>``.
"""
from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Column, Integer, String, Table, select, update

from service.tables import UtcDateTime, metadata

calendar_feeds = Table(
    "calendar_feeds", metadata,
    Column("owner", String(80), primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("reset_at", UtcDateTime(), nullable=False),
)

PERSON, AGENCY = "person", "agency"


def owner(kind: str, owner_id: str) -> str:
    if kind not in (PERSON, AGENCY):
        raise ValueError(f"calendar feed owner kind {kind!r}: person or agency")
    return f"{kind}:{owner_id}"


def _signer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="dondoc-calendar")


def generation(conn, who: str) -> int:
    found = conn.execute(select(calendar_feeds.c.generation)
                         .where(calendar_feeds.c.owner == who)).scalar()
    return found or 0


def feed_token(conn, secret_key: str, who: str) -> str:
    return _signer(secret_key).dumps([who, generation(conn, who)])


def read_feed_token(conn, secret_key: str, token: str) -> tuple[str, str] | None:
    """(kind, owner id) of a current token; None if altered or reset since."""
    try:
        who, gen = _signer(secret_key).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(who, str) or gen != generation(conn, who):
        return None
    kind, _, owner_id = who.partition(":")
    return kind, owner_id


def reset(conn, who: str, now: datetime) -> int:
    """Bump the generation (the old URL stops working); returns the new one."""
    done = conn.execute(update(calendar_feeds).where(calendar_feeds.c.owner == who)
                        .values(generation=calendar_feeds.c.generation + 1, reset_at=now))
    if done.rowcount == 0:
        conn.execute(calendar_feeds.insert().values(owner=who, generation=1, reset_at=now))
    return generation(conn, who)
