"""Web sessions the server can end: each carries the person's session generation and the
moment of sign-in. A cookie kept from before a sign-out or a password change names an older
generation; one older than the absolute lifetime (SESSION_HOURS, 8 by default) is too old,
however busy it kept (Flask's own expiry slides with every request)."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, session

from service.auth.credentials import session_generation

GENERATION, SINCE = "_gen", "_since"


def open_session(conn, person_id: str, now: datetime) -> None:
    session[GENERATION] = session_generation(conn, person_id) or 0
    session[SINCE] = now.timestamp()


def is_current(conn, person_id: str, now: datetime) -> bool:
    since, generation = session.get(SINCE), session.get(GENERATION)
    if not isinstance(since, (int, float)) or not isinstance(generation, int):
        return False
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    if not 0 <= now.timestamp() - since < lifetime:
        return False
    return generation == (session_generation(conn, person_id) or 0)
