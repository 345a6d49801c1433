"""An API request reads through one pooled connection and one transaction (request_reading):
the token is checked anew on every request, the view reads in the token check's transaction,
and the connection goes back to the pool, rolled back, whichever way the request used it."""
from sqlalchemy import select, text

from service.auth.credentials import issue_token
from service.auth.actors import actor_for_token
from service.projections.people import people
from service.request_reading import RequestReading
from tests.api.conftest import add_person
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import Actor

ADMIN = Actor("admin", "administrator")


def test_a_replaced_token_is_refused_on_the_very_next_request(client, dd, world, clock):
    for _ in range(3):  # the pool's connections and the query memo warm
        assert client.get("/api/v1/tasks?limit=20", headers=world.auth("focal_a")).status_code == 200
    with dd.engine.begin() as conn:
        new = issue_token(conn, world.people["focal_a"], clock.now())
    old = client.get("/api/v1/tasks?limit=20", headers=world.auth("focal_a"))
    assert old.status_code == 401 and old.json["error"] == "unauthorized"
    assert client.get("/api/v1/tasks?limit=20", headers={"Authorization": f"Bearer {new}"}).status_code == 200


def test_a_deactivated_person_is_refused_on_the_very_next_request(client, dd, world):
    person_id = add_person(dd, "fpa3", "focal_point", world.a)
    with dd.engine.begin() as conn:
        token = {"Authorization": f"Bearer {issue_token(conn, person_id, dd.clock.now())}"}
    assert client.get("/api/v1/tasks?limit=20", headers=token).status_code == 200
    dd.bus.handle(c.UpdatePerson(person_id, Profile("fpa3", "Fpa3", "focal_point", world.a, (),
                                                    active=False)), ADMIN)
    r = client.get("/api/v1/tasks?limit=20", headers=token)
    assert r.status_code == 401 and r.json["error"] == "unauthorized"


def test_the_same_bad_query_gets_the_same_400_each_time(client, world):
    for query, field in (("limit=0", "limit"), ("limit=abc", "limit"), ("state=lost", "state")):
        answers = [client.get(f"/api/v1/tasks?{query}", headers=world.auth("coordinator"))
                   for _ in range(3)]
        assert {r.status_code for r in answers} == {400}, query
        assert answers[0].json["fields"].keys() == {field}
        assert answers[1].json == answers[0].json == answers[2].json


def test_each_query_string_is_read_for_itself(client, world):
    """A kept query's answer is never another's: each limit gives its own page size, again and
    again, and a valid query kept does not make a bad one valid."""
    for _ in range(2):
        for limit in (1, 2, 3):
            r = client.get(f"/api/v1/tasks?limit={limit}", headers=world.auth("coordinator"))
            assert r.status_code == 200 and len(r.json["items"]) == limit
        assert client.get("/api/v1/tasks?limit=2&limit=0", headers=world.auth("coordinator")).status_code == 400
        r = client.get("/api/v1/tasks?limit=0&limit=2", headers=world.auth("coordinator"))
        assert r.status_code == 200 and len(r.json["items"]) == 2  # the last one counts


def _transaction_mark(reading, backend):
    """What identifies the transaction read in: on PostgreSQL its id; on SQLite, the token's
    row as the transaction's snapshot shows it."""
    if backend == "postgresql":
        return reading.execute(text("SELECT txid_current()")).scalar()
    return reading.execute(select(people.c.active)).all()


def test_the_view_reads_in_the_token_checks_transaction(dd, world, backend):
    """The token statement (a driver statement) and a view's SQLAlchemy reads are one
    transaction: on SQLite one snapshot, whatever commits between them."""
    reading = RequestReading(dd.engine)
    try:
        assert actor_for_token(reading, world.tokens["coordinator"]).user_id == world.people["coordinator"]
        first = _transaction_mark(reading, backend)
        with dd.engine.begin() as conn:  # another connection commits meanwhile
            conn.execute(people.update().values(active=False))
        assert _transaction_mark(reading, backend) == first
        if backend == "sqlite":
            assert actor_for_token(reading, world.tokens["coordinator"]) is not None  # the same snapshot
    finally:
        reading.close()
    with RequestReading(dd.engine) as next_request:  # the next request sees the change
        assert actor_for_token(next_request, world.tokens["coordinator"]) is None


def _idle(raw, backend) -> bool:
    if backend == "postgresql":
        return raw.info.transaction_status.name == "IDLE"
    return not raw.in_transaction


def test_the_connection_goes_back_to_the_pool_rolled_back(dd, world, backend):
    pool = dd.engine.pool
    before = pool.checkedout()
    for uses_sqlalchemy in (False, True):
        reading = RequestReading(dd.engine)
        actor_for_token(reading, world.tokens["coordinator"])
        if uses_sqlalchemy:
            reading.execute(select(people.c.person_id)).all()
        raw = reading.connection.driver_connection
        assert pool.checkedout() == before + 1 and not _idle(raw, backend)
        reading.close()
        assert pool.checkedout() == before
        assert _idle(raw, backend)
