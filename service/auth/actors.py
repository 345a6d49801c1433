"""Who is acting: an Actor built from a person's read-model row (web sign-in or API token)."""
from __future__ import annotations

from sqlalchemy import bindparam, select, text

from service.driver_statements import DriverStatement
from service.projections.people import people
from workflows.permissions import Actor

_COLUMNS = (people.c.person_id, people.c.role, people.c.agency_id, people.c.plan_ids, people.c.active)


def actor_for(conn, person_id: str) -> Actor | None:
    """The active person's Actor, or None (unknown or deactivated people act as nobody)."""
    return _actor(conn, _BY_ID.first(conn, {"person_id": person_id}))


def actor_of_row(conn, row) -> Actor | None:
    """The Actor of a people row already read (a mapping), or None if it is not active."""
    return _actor(conn, tuple(row[c.name] for c in _COLUMNS))


def actor_for_token(conn, token: str) -> Actor | None:
    """The Actor of the active person an API token belongs to (every API request asks), or None."""
    from service.auth.credentials import token_lookup

    return _actor(conn, _BY_TOKEN.first(conn, {"token_hash": token_lookup(token)}))


def _actor(conn, row) -> Actor | None:
    if row is None:
        return None
    person_id, role, agency_id, plan_ids, active = row
    if not active:
        return None
    plan_ids = frozenset(plan_ids or ())
    below = lower_plans(conn, person_id) if plan_ids and role in ("coordinator", "leader") else frozenset()
    return Actor(user_id=person_id, role=role, agency_id=agency_id, plan_ids=plan_ids,
                 cascade_plan_ids=below - plan_ids)


def lower_plans(conn, person_id: str) -> frozenset[str]:
    """Every plan implementing one of the person's plans, every level down, in one statement."""
    return frozenset(r[0] for r in _LOWER[conn.dialect.name == "postgresql"].rows(conn, {"person_id": person_id}))


def _by_token():
    from service.auth.credentials import credentials

    return (select(*_COLUMNS).join(credentials, credentials.c.person_id == people.c.person_id)
            .where(credentials.c.token_hash == bindparam("token_hash")))


_BY_TOKEN = DriverStatement(_by_token())
_BY_ID = DriverStatement(select(*_COLUMNS).where(people.c.person_id == bindparam("person_id")))
# The person's plans are a JSON list in their row; the links below them, level by level (UNION:
# a plan reached twice is read once).
_BELOW = """WITH RECURSIVE below(plan_id) AS (
  SELECT l.lower_plan_id FROM people p, {elements} AS j, plan_links l
   WHERE p.person_id = :person_id AND l.higher_plan_id = j.value
  UNION
  SELECT l.lower_plan_id FROM plan_links l JOIN below b ON l.higher_plan_id = b.plan_id)
SELECT plan_id FROM below"""
_LOWER = (DriverStatement(text(_BELOW.format(elements="json_each(p.plan_ids)"))),
          DriverStatement(text(_BELOW.format(elements="json_array_elements_text(p.plan_ids)"))))
