"""An API request reads through one pooled connection (request_reading): the token is checked
anew on every request; on SQLite the view reads in the token check's transaction (one
snapshot), on PostgreSQL in autocommit (READ COMMITTED: a snapshot a statement either way);
between requests the thread keeps the connection (kept_reader); back in the pool it is rolled
back, and out of autocommit, whichever way the request used it."""
from sqlalchemy import select, text

from service.auth.credentials import issue_token
from service.auth.actors import actor_for_token
from service.projections.people import people
from service import kept_reader
from service.request_reading import RequestReading
from tests.api.conftest import add_person
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import Actor

ADMIN = Actor("admin", "administrator")


# why on_postgres skips the tests of PostgreSQL's own reading on SQLite
POSTGRES_ONLY = "PostgreSQL's autocommit reads and the ping of a kept connection"


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


def test_the_view_reads_in_the_token_checks_snapshot_on_sqlite(dd, world, backend):
    """The token statement (a driver statement) and a view's SQLAlchemy reads: on SQLite one
    transaction, one snapshot, whatever commits between them; on PostgreSQL each statement
    reads what is committed when it runs (as it would in a READ COMMITTED transaction)."""
    reading = RequestReading(dd.engine)
    try:
        assert actor_for_token(reading, world.tokens["coordinator"]).user_id == world.people["coordinator"]
        first = reading.execute(select(people.c.active)).all()
        with dd.engine.begin() as conn:  # another connection commits meanwhile
            conn.execute(people.update().values(active=False))
        now = reading.execute(select(people.c.active)).all()
        if backend == "sqlite":
            assert now == first
            assert actor_for_token(reading, world.tokens["coordinator"]) is not None  # the same snapshot
        else:
            assert {a for a, in now} == {False}
            assert actor_for_token(reading, world.tokens["coordinator"]) is None
    finally:
        reading.close()
    with RequestReading(dd.engine) as next_request:  # the next request sees the change
        assert actor_for_token(next_request, world.tokens["coordinator"]) is None


def test_postgresql_reads_open_no_transaction(on_postgres, dd, world):
    """No BEGIN, and so no ROLLBACK round trip at check-in: the server sees no transaction
    open between the request's statements."""
    with RequestReading(dd.engine) as reading:
        actor_for_token(reading, world.tokens["coordinator"])
        raw = reading.connection.driver_connection
        assert raw.autocommit and raw.info.transaction_status.name == "IDLE"
        reading.execute(select(people.c.person_id)).all()
        assert raw.info.transaction_status.name == "IDLE"
        # the statement's own transaction, not one held from the first read
        assert reading.execute(text("SELECT txid_current()")).scalar() != \
            reading.execute(text("SELECT txid_current()")).scalar()


def _idle(raw, backend) -> bool:
    if backend == "postgresql":
        return raw.info.transaction_status.name == "IDLE"
    return not raw.in_transaction


def test_the_connection_goes_back_to_the_pool_rolled_back(dd, world, backend):
    """Kept by the thread (kept_reader) with no transaction open (on PostgreSQL still in
    autocommit, for its next request), unless the request made a SQLAlchemy Connection over
    it; back in the pool rolled back and, on PostgreSQL, out of autocommit."""
    pool = dd.engine.pool
    kept_reader.release()
    before = pool.checkedout()
    for uses_sqlalchemy in (False, True):
        reading = RequestReading(dd.engine)
        actor_for_token(reading, world.tokens["coordinator"])
        if uses_sqlalchemy:
            reading.execute(select(people.c.person_id)).all()
        raw = reading.connection.driver_connection
        assert pool.checkedout() == before + 1
        assert raw.autocommit if backend == "postgresql" else not _idle(raw, backend)
        reading.close()
        kept = not uses_sqlalchemy
        assert pool.checkedout() == before + kept
        assert _idle(raw, backend)
        if backend == "postgresql":
            assert raw.autocommit is kept
        kept_reader.release()
        assert pool.checkedout() == before
        if backend == "postgresql":
            assert not raw.autocommit  # a writer taking it next gets a transaction


def test_postgresql_keeps_the_connection_and_pings_it_after_a_while(on_postgres, dd, world):
    """The next request reads on the kept connection as it is; one kept for ALIVE_WINDOW
    seconds or more is pinged first, and one whose server has gone is replaced."""
    kept_reader.release()
    token = world.tokens["coordinator"]
    with RequestReading(dd.engine) as reading:
        actor_for_token(reading, token)
        first = reading.connection
        pid = first.driver_connection.info.backend_pid
    with RequestReading(dd.engine) as reading:
        assert reading.connection is first
        assert actor_for_token(reading, token) is not None
    kept_reader._KEPT.since -= 60  # kept a minute: pinged before it is used
    with RequestReading(dd.engine) as reading:
        assert reading.connection is first and actor_for_token(reading, token) is not None
    with dd.engine.connect() as other:  # the server ends the kept connection's session
        assert other.execute(text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": pid}).scalar()
    kept_reader._KEPT.since -= 60
    with RequestReading(dd.engine) as reading:
        assert reading.connection.driver_connection.info.backend_pid != pid
        assert actor_for_token(reading, token) is not None
    kept_reader.release()


def test_a_connection_that_cannot_leave_autocommit_is_not_pooled(on_postgres, dd, world):
    """Were it back in the pool in autocommit, a writer's transaction would commit statement
    by statement: a connection left in a transaction (which autocommit cannot be changed in)
    is closed instead."""
    reading = RequestReading(dd.engine)
    raw = reading.connection.driver_connection
    raw.execute("BEGIN")  # as if something had left a transaction open
    reading.close()
    assert raw.closed
    with dd.engine.begin() as conn:  # the pool hands out a working connection after it
        assert conn.connection.driver_connection.autocommit is False
        conn.execute(select(people.c.person_id)).all()
