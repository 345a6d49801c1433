"""On PostgreSQL a GET may be answered as the Actor its reading connection keeps for the token
(service/auth/kept_actors.py): kept while nothing it is made of changes, forgotten at a commit
in this process at once, and at the server's notice for any other writer. SQLite reads the
token's row on every request."""
import select as select_module

import psycopg
from sqlalchemy import event, text

from service import kept_reader
from tests.api.conftest import add_person

TASKS = "/api/v1/tasks?limit=20"

# why on_postgres skips the tests of the server's notices on SQLite (the first test checks it)
POSTGRES_ONLY = "SQLite has no notices: every request reads its token's row"


def _token_statements(engine) -> list:
    """The token lookups run on ``engine`` from now on (the driver statements call the
    engine's before_cursor_execute listeners too)."""
    seen = []

    def count(_conn, _cursor, statement, *_args):
        if "token_hash" in statement and "FROM credentials" in statement:
            seen.append(statement)
    event.listen(engine, "before_cursor_execute", count)
    return seen


def _pg_url(dd) -> str:
    return dd.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _elsewhere(dd, sql: str, params: dict) -> None:
    """``sql`` committed by another client of the server (not this process's engine: no
    commit of ours tells the kept Actors)."""
    with psycopg.connect(_pg_url(dd), autocommit=True) as other:
        other.execute(sql, params)


def _notice_arrives() -> None:
    """Until the server's notice is on the kept connection's socket (a wait for the socket,
    as a request would find it; not a sleep)."""
    kept = kept_reader._KEPT.connection
    readable, _, _ = select_module.select([kept.driver_connection.fileno()], [], [], 10)
    assert readable, "no notice from the server within 10 s"


def _all_notices_sent(dd) -> None:
    """After a request on the kept connection: the notices sent so far have reached it. A
    notice may come while a request's statement runs, and libpq then reads it with the
    answer (the next request takes it from there), or later, on the socket: which one is a
    race. A notice of another schema (ignored) is sent now; notices arrive in the order of
    their commits, so once it is on the socket every earlier one has come."""
    _elsewhere(dd, "SELECT pg_notify('dondoc_actors', 'another_schema')", {})
    _notice_arrives()


def test_a_get_reads_its_token_once_while_nothing_changes(client, dd, world, backend):
    kept_reader.release()
    seen = _token_statements(dd.engine)
    for _ in range(4):
        assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    assert len(seen) == (1 if backend == "postgresql" else 4)
    for _ in range(2):  # a POST reads its token's row whatever is kept
        client.post("/api/v1/tasks/none/comments", json={"text": "x"}, headers=world.auth("coordinator"))
    assert len(seen) == (3 if backend == "postgresql" else 6)


def test_a_commit_in_this_process_is_seen_by_the_next_get(client, dd, world):
    """Whatever it changes: here a transaction that writes nothing the triggers watch, so no
    notice comes and only this process's own rule (the generation) can drop the kept Actor."""
    seen = _token_statements(dd.engine)
    assert client.get(TASKS, headers=world.auth("focal_a")).status_code == 200
    with dd.engine.begin() as conn:
        conn.execute(text("SELECT 1"))
    assert client.get(TASKS, headers=world.auth("focal_a")).status_code == 200
    assert len(seen) == 2
    add_person(dd, "someone", "focal_point", world.a)  # a command
    assert client.get(TASKS, headers=world.auth("focal_a")).status_code == 200
    assert len(seen) == 3


def test_a_token_replaced_by_another_client_is_refused_once_the_server_has_said_so(on_postgres, client, dd, world):
    kept_reader.release()
    for _ in range(2):
        assert client.get(TASKS, headers=world.auth("focal_a")).status_code == 200
    _elsewhere(dd, "UPDATE credentials SET token_hash = %(h)s WHERE person_id = %(p)s",
               {"h": "0" * 64, "p": world.people["focal_a"]})
    # a request that writes reads its token's row: refused at once, notice or not
    r = client.post("/api/v1/tasks/none/comments", json={"text": "x"}, headers=world.auth("focal_a"))
    assert r.status_code == 401
    _all_notices_sent(dd)
    r = client.get(TASKS, headers=world.auth("focal_a"))
    assert r.status_code == 401 and r.json["error"] == "unauthorized"


def test_a_person_deactivated_or_given_other_plans_elsewhere_is_seen(on_postgres, client, dd, world):
    kept_reader.release()
    first = client.get(TASKS, headers=world.auth("coordinator_p1"))
    assert first.status_code == 200 and {t["plan_id"] for t in first.json["items"]} == {"p1"}
    _elsewhere(dd, "UPDATE people SET plan_ids = %(plans)s WHERE person_id = %(p)s",
               {"plans": '["p2"]', "p": world.people["coordinator_p1"]})
    _notice_arrives()
    after = client.get(TASKS, headers=world.auth("coordinator_p1"))
    assert after.status_code == 200 and {t["plan_id"] for t in after.json["items"]} == {"p2"}
    _elsewhere(dd, "UPDATE people SET active = false WHERE person_id = %(p)s",
               {"p": world.people["coordinator_p1"]})
    _notice_arrives()
    assert client.get(TASKS, headers=world.auth("coordinator_p1")).status_code == 401


def test_a_link_between_plans_made_elsewhere_is_seen(on_postgres, client, dd, world):
    """The plans below a coordinator's are part of their Actor: a statement on plan_links by
    another client is noticed, and the next GET reads the token's row again."""
    kept_reader.release()
    seen = _token_statements(dd.engine)
    for _ in range(2):
        assert client.get(TASKS, headers=world.auth("coordinator_p1")).status_code == 200
    assert len(seen) == 1
    _elsewhere(dd, "DELETE FROM plan_links WHERE lower_plan_id IS NULL", {})  # no row: a notice all the same
    _notice_arrives()
    assert client.get(TASKS, headers=world.auth("coordinator_p1")).status_code == 200
    assert len(seen) == 2


def test_a_connection_from_the_pool_keeps_nothing_it_kept_before(on_postgres, client, dd, world):
    kept_reader.release()
    seen = _token_statements(dd.engine)
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    kept_reader.release()  # back to the pool: another user's statements may read its notices
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    assert len(seen) == 2


def test_without_the_triggers_nothing_is_kept(on_postgres, client, dd, world):
    """A database whose triggers are missing (not migrated to 0026, or dropped by hand): every
    request reads its token's row, and the connection does not stay listening."""
    with dd.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER dondoc_actors_changed ON people"))
    kept_reader.release()
    dd.engine.dispose()  # connections that listened before are gone
    seen = _token_statements(dd.engine)
    for _ in range(3):
        assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    assert len(seen) == 3
    raw = kept_reader._KEPT.connection.driver_connection
    assert raw.execute("SELECT count(*) FROM pg_listening_channels()").fetchone()[0] == 0


def test_a_notice_of_another_schema_leaves_the_kept_actors(on_postgres, client, dd, world):
    """The channel is the database's: another dondoc's change (another schema) is not ours."""
    kept_reader.release()
    seen = _token_statements(dd.engine)
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    _elsewhere(dd, "SELECT pg_notify('dondoc_actors', %(schema)s)", {"schema": "another_schema"})
    _notice_arrives()
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    assert len(seen) == 1
    _elsewhere(dd, "SELECT pg_notify('dondoc_actors', current_schema())", {})  # ours
    _notice_arrives()
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    assert len(seen) == 2


def test_a_notice_libpq_read_with_an_answer_is_heard_at_the_next_request(on_postgres, client, dd, world):
    """A notice that arrives while a statement of ours runs comes before its answer ends, and
    libpq keeps it (our statements run on libpq, not through psycopg's handler): the next
    request reads it before looking its token up. (A session's own NOTIFY comes so.)"""
    kept_reader.release()
    seen = _token_statements(dd.engine)
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    pgconn = kept_reader._KEPT.connection.driver_connection.pgconn
    pgconn.exec_(b"SELECT pg_notify('dondoc_actors', current_schema())")
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    assert len(seen) == 2
    assert client.get(TASKS, headers=world.auth("coordinator")).status_code == 200
    assert len(seen) == 2
