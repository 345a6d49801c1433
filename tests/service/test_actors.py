"""Actors from the people read model: the plans below a coordinator's, every level down."""
from __future__ import annotations

from datetime import datetime, timezone

from service.auth.actors import actor_for
from service.projections.people import people
from service.projections.plan_links import plan_links

AT = datetime(2026, 11, 29, 3, tzinfo=timezone.utc)


def _person(person_id, role, plan_ids, active=True):
    return dict(person_id=person_id, username=person_id, name=person_id, role=role, agency_id=None,
                plan_ids=plan_ids, email=None, phone=None, channels=[], language="vi", is_leader=False,
                active=active, digest_at=None, muted=[], version=1)


def _link(lower, higher):
    return dict(lower_plan_id=lower, higher_plan_id=higher, reference="KH", how="matched", linked_at=AT)


def test_plans_below_every_level(engine):
    with engine.begin() as conn:
        conn.execute(people.insert(), [_person("co", "coordinator", ["tinh", "other"]),
                                       _person("fp", "focal_point", ["tinh"]),
                                       _person("gone", "coordinator", ["tinh"], active=False),
                                       _person("none", "coordinator", [])])
        conn.execute(plan_links.insert(), [_link("huyen", "tinh"), _link("xa", "huyen"), _link("xa2", "huyen"),
                                           _link("tinh", "other"), _link("elsewhere", "nowhere")])
    with engine.connect() as conn:
        co = actor_for(conn, "co")
        assert co.plan_ids == {"tinh", "other"}
        assert co.cascade_plan_ids == {"huyen", "xa", "xa2"}  # "tinh" is its own already
        assert actor_for(conn, "fp").cascade_plan_ids == frozenset()  # a focal point reads no lower plans
        assert actor_for(conn, "none").cascade_plan_ids == frozenset()
        assert actor_for(conn, "gone") is None
        assert actor_for(conn, "nobody") is None


def test_actor_of_a_row_read_already(engine):
    from service.auth.actors import actor_of_row
    from sqlalchemy import select

    with engine.begin() as conn:
        conn.execute(people.insert(), [_person("co", "coordinator", ["tinh"]), _person("gone", "leader", [], False)])
        conn.execute(plan_links.insert(), [_link("huyen", "tinh")])
    with engine.connect() as conn:
        rows = {r.person_id: r._mapping for r in conn.execute(select(people))}
        assert actor_of_row(conn, rows["co"]) == actor_for(conn, "co")
        assert actor_of_row(conn, rows["co"]).cascade_plan_ids == {"huyen"}
        assert actor_of_row(conn, rows["gone"]) is None


def test_actor_for_a_token_is_the_persons_actor(engine):
    """A token's actor, read with the plans below in one statement, is ``actor_for``'s."""
    from service.auth.actors import actor_for_token
    from service.auth.credentials import issue_token

    with engine.begin() as conn:
        conn.execute(people.insert(), [_person("co", "coordinator", ["tinh", "other"]),
                                       _person("le", "leader", ["huyen"]),
                                       _person("fp", "focal_point", ["tinh"]),
                                       _person("gone", "coordinator", ["tinh"], active=False),
                                       _person("none", "coordinator", []),
                                       _person("lone", "coordinator", ["xa"])])
        conn.execute(plan_links.insert(), [_link("huyen", "tinh"), _link("xa", "huyen"), _link("xa2", "huyen"),
                                           _link("tinh", "other")])
        tokens = {p: issue_token(conn, p, AT) for p in ("co", "le", "fp", "gone", "none", "lone")}
    with engine.connect() as conn:
        for person_id, token in tokens.items():
            assert actor_for_token(conn, token) == actor_for(conn, person_id), person_id
        assert actor_for_token(conn, tokens["co"]).cascade_plan_ids == {"huyen", "xa", "xa2"}
        assert actor_for_token(conn, tokens["le"]).cascade_plan_ids == {"xa", "xa2"}
        assert actor_for_token(conn, tokens["fp"]).cascade_plan_ids == frozenset()
        assert actor_for_token(conn, tokens["lone"]).cascade_plan_ids == frozenset()  # nothing below
        assert actor_for_token(conn, tokens["gone"]) is None
        assert actor_for_token(conn, "not-a-token") is None


def test_a_tokens_actor_follows_each_change_of_the_person_and_the_plans_below(engine):
    """The Actor built from a token's row is kept by the row (actor_for_token): the next
    request after a change of role, agency, plans, activity or plans below gets the new one."""
    from service.auth.actors import actor_for_token
    from service.auth.credentials import issue_token

    with engine.begin() as conn:
        conn.execute(people.insert(), [_person("co", "coordinator", ["tinh"])])
        token = issue_token(conn, "co", AT)
    changes = [
        (people.update().values(plan_ids=["tinh", "other"]), lambda a: a.plan_ids == {"tinh", "other"}),
        (plan_links.insert().values(**_link("huyen", "tinh")), lambda a: a.cascade_plan_ids == {"huyen"}),
        (people.update().values(role="leader"), lambda a: a.role.value == "leader"),
        (people.update().values(agency_id="ag-1", role="focal_point"),
         lambda a: a.agency_id == "ag-1" and a.cascade_plan_ids == frozenset()),
        (people.update().values(active=False), lambda a: a is None),
        (people.update().values(active=True), lambda a: a is not None and a.role.value == "focal_point"),
    ]
    with engine.connect() as conn:
        assert actor_for_token(conn, token).plan_ids == {"tinh"}
        conn.rollback()
    for change, holds in changes:
        with engine.begin() as conn:
            conn.execute(change)
        for _ in range(2):  # built, then the kept one
            with engine.connect() as conn:
                actor = actor_for_token(conn, token)
                assert holds(actor), change
                if actor is not None:
                    assert actor == actor_for(conn, "co")
