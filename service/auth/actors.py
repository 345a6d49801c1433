"""Who is acting: an Actor built from a person's read-model row (web sign-in or API token)."""
from __future__ import annotations

from sqlalchemy import Text, bindparam, column, select, text

from service.auth import kept_actors
from service.db import json_loads
from service.driver_statements import DriverStatement
from service.projections.people import people
from workflows.permissions import Actor

LOOK_DOWN = ("coordinator", "leader")  # roles that see the plans implementing theirs
_COLUMNS = (people.c.person_id, people.c.role, people.c.agency_id, people.c.plan_ids, people.c.active)


def actor_for(conn, person_id: str) -> Actor | None:
    """The active person's Actor, or None (unknown or deactivated people act as nobody)."""
    return _actor(conn, _BY_ID.first(conn, {"person_id": person_id}))


def actor_of_row(conn, row) -> Actor | None:
    """The Actor of a people row already read (a mapping), or None if it is not active."""
    return _actor(conn, tuple(row[c.name] for c in _COLUMNS))


def actor_for_token(conn, token: str, kept: bool = False) -> Actor | None:
    """The Actor of the active person an API token belongs to (every API request asks), or None:
    the person and the plans below theirs in one statement. Its row comes with the JSON lists
    as text, and the Actor built from a row is kept (``_TOKEN_ACTORS``, by the whole row: a
    change to the person or the plans below gives another row, another Actor): parsing the
    lists and building the Actor cost 3-4 µs of every request.

    ``kept``: the Actor may be one the reading connection keeps for the token (on PostgreSQL,
    until the server or this process says something it is made of changed: kept_actors), and
    the one read is kept. For requests that only read."""
    from service.auth.credentials import token_lookup

    digest = token_lookup(token)
    heard = getattr(conn, "heard", None) if kept else None
    if heard is not None:
        found = heard.get(digest)
        if found is not None:
            return found
        generation = kept_actors.generation()
    row = _BY_TOKEN[conn.dialect.name == "postgresql"].first(conn, {"token_hash": digest})
    if row is None:
        return None
    found = _TOKEN_ACTORS.get(row)
    if found is None:
        person_id, role, agency_id, plan_ids, active, below = row
        plans = json_loads(plan_ids) if plan_ids is not None else None
        found = _actor(conn, (person_id, role, agency_id, plans, active),
                       frozenset(json_loads(below) if below is not None else ()))
        if found is None:
            return None
        if len(_TOKEN_ACTORS) >= 1024:
            _TOKEN_ACTORS.clear()
        _TOKEN_ACTORS[row] = found
    if heard is not None:
        heard.keep(digest, found, generation)
    return found


_TOKEN_ACTORS: dict[tuple, Actor] = {}  # a token statement's row -> its Actor (immutable)


def _actor(conn, row, below: frozenset | None = None) -> Actor | None:
    if row is None:
        return None
    person_id, role, agency_id, plan_ids, active = row
    if not active:
        return None
    plan_ids = frozenset(plan_ids or ())
    if below is None:
        below = lower_plans(conn, person_id) if plan_ids and role in LOOK_DOWN else frozenset()
    return Actor(user_id=person_id, role=role, agency_id=agency_id, plan_ids=plan_ids,
                 cascade_plan_ids=below - plan_ids)


def lower_plans(conn, person_id: str) -> frozenset[str]:
    """Every plan implementing one of the person's plans, every level down, in one statement."""
    return frozenset(r[0] for r in _LOWER[conn.dialect.name == "postgresql"].rows(conn, {"person_id": person_id}))


_BY_ID = DriverStatement(select(*_COLUMNS).where(people.c.person_id == bindparam("person_id")))
# The person's plans are a JSON list in their row (``p``, found by ``{which}``); the links below
# them, level by level (UNION: a plan reached twice is read once). Per dialect: how a JSON list
# is read as rows, and how rows are gathered into one.
_BELOW = """below(plan_id) AS (
  SELECT l.lower_plan_id FROM {people} p, {elements} AS j, plan_links l
   WHERE {which} AND l.higher_plan_id = j.value
  UNION
  SELECT l.lower_plan_id FROM plan_links l JOIN below b ON l.higher_plan_id = b.plan_id)"""
_ELEMENTS = ("json_each(p.plan_ids)", "json_array_elements_text(p.plan_ids)")
_COLLECT = ("json_group_array(plan_id)", "json_agg(plan_id)")
_LOWER = tuple(DriverStatement(text(
    "WITH RECURSIVE " + _BELOW.format(people="people", elements=e, which="p.person_id = :person_id")
    + "\nSELECT plan_id FROM below")) for e in _ELEMENTS)
# The same for the person a token belongs to, beside their row: one statement a request.
_ME = """me AS (
  SELECT p.person_id, p.role, p.agency_id, p.plan_ids, p.active
    FROM credentials c JOIN people p ON p.person_id = c.person_id
   WHERE c.token_hash = :token_hash)"""
_LOOKS_DOWN = "p.role IN ({})".format(", ".join(f"'{role}'" for role in LOOK_DOWN))
# Where no plan implements another (no links at all), the plans below are not looked for:
# setting up the recursion over the person's plans cost SQLite 20-30 µs a request even then.
# The JSON lists come as their text (``as_text``: on PostgreSQL a cast, where psycopg would parse
# a json value itself), a row hashable as it is (``actor_for_token``).
_AS_TEXT = ("{}", "CAST({} AS TEXT)")
_BY_TOKEN = tuple(DriverStatement(text(
    f"WITH RECURSIVE {_ME},\n" + _BELOW.format(people="me", elements=e, which=_LOOKS_DOWN)
    + "\nSELECT me.person_id, me.role, me.agency_id, " + as_text.format("me.plan_ids") + " AS plan_ids, me.active,"
      " CASE WHEN EXISTS (SELECT 1 FROM plan_links) THEN " + as_text.format(f"(SELECT {collect} FROM below)")
    + " END AS below FROM me").columns(*_COLUMNS[:3], column("plan_ids", Text), _COLUMNS[4], column("below", Text)))
    for e, collect, as_text in zip(_ELEMENTS, _COLLECT, _AS_TEXT))
