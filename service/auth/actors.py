"""Who is acting: an Actor built from a person's read-model row (web sign-in or API token)."""
from __future__ import annotations

from sqlalchemy import select

from service.projections.people import people
from workflows.permissions import Actor


def actor_for(conn, person_id: str) -> Actor | None:
    """The active person's Actor, or None (unknown or deactivated people act as nobody)."""
    row = conn.execute(select(people).where(people.c.person_id == person_id)).mappings().first()
    if row is None or not row["active"]:
        return None
    return Actor(user_id=row["person_id"], role=row["role"], agency_id=row["agency_id"],
                 plan_ids=frozenset(row["plan_ids"] or ()))
