"""Who is acting: an Actor built from a person's read-model row (web sign-in or API token)."""
from __future__ import annotations

from sqlalchemy import bindparam, select

from service.projections.people import people
from workflows.permissions import Actor


def actor_for(conn, person_id: str) -> Actor | None:
    """The active person's Actor, or None (unknown or deactivated people act as nobody)."""
    row = conn.execute(select(people).where(people.c.person_id == person_id)).mappings().first()
    if row is None or not row["active"]:
        return None
    return _actor(conn, row)


def _actor(conn, row) -> Actor:
    plan_ids = frozenset(row["plan_ids"] or ())
    below = lower_plans(conn, plan_ids) if row["role"] in ("coordinator", "leader") else frozenset()
    return Actor(user_id=row["person_id"], role=row["role"], agency_id=row["agency_id"],
                 plan_ids=plan_ids, cascade_plan_ids=below - plan_ids)


def lower_plans(conn, plan_ids) -> frozenset[str]:
    """Every plan implementing one of ``plan_ids``, every level down (one query per level)."""
    found, level = set(), set(plan_ids)
    while level:
        level = set(conn.execute(_LOWER, {"higher": sorted(level)}).scalars()) - found
        found |= level
    return frozenset(found)


def _lower():
    from service.projections.plan_links import plan_links

    return (select(plan_links.c.lower_plan_id)
            .where(plan_links.c.higher_plan_id.in_(bindparam("higher", expanding=True))))


_LOWER = _lower()


def actor_for_token(conn, token: str) -> Actor | None:
    """The Actor of the active person an API token belongs to, in one look-up (every API
    request makes it), or None."""
    from service.auth.credentials import token_lookup

    row = conn.execute(_BY_TOKEN, {"token_hash": token_lookup(token)}).mappings().first()
    if row is None or not row["active"]:
        return None
    return _actor(conn, row)


def _by_token():
    from service.auth.credentials import credentials

    return (select(people.c.person_id, people.c.role, people.c.agency_id, people.c.plan_ids, people.c.active)
            .join(credentials, credentials.c.person_id == people.c.person_id)
            .where(credentials.c.token_hash == bindparam("token_hash")))


_BY_TOKEN = _by_token()
