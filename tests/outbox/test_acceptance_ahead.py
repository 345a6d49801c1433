"""An acceptance sent ahead (outcomes.send_accepted on accepting()'s connection): on PostgreSQL
the statement goes at once and its answer is read later, while the dispatcher carries the next
message up to its last line (service.outbox.pipeline.InTurn). What the answer says is what
record_accepted says; an answer nobody read is read by the next statement on the connection,
and one still unread when the run ends is read before the connection goes back to the pool."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from service.outbox import outcomes
from service.outbox.claims import claim
from tests.outbox.test_batch_logging import returned
from tests.outbox.world import rows


def _claimed(dd, clock, n: int) -> list:
    returned(dd, n)
    with dd.engine.begin() as conn:
        return claim(conn, "w1", clock.now(), limit=2 * n)


def test_each_answer_says_whether_it_was_recorded(dd, clock):
    first, second, lost = _claimed(dd, clock, 2)[:3]
    with outcomes.accepting(dd) as conn:
        answers = [outcomes.send_accepted(dd, row, worker, clock.now(), f"<{row.id}@x>", "s",
                                          "b", conn=conn)
                   for row, worker in ((first, "w1"), (second, "w1"), (lost, "w2"))]
        # the second and third went before anyone read the first's answer
        assert [answer() for answer in answers] == [True, True, False]
        assert [answer() for answer in answers] == [True, True, False]  # read once, kept
    by_id = {r.id: r for r in rows(dd)}
    assert [by_id[r.id].status for r in (first, second, lost)] == ["accepted", "accepted",
                                                                   "sending"]
    assert by_id[second.id].provider_id == f"<{second.id}@x>"


def test_an_answer_unread_at_the_end_is_read_and_the_connection_is_clean(dd, clock):
    row = _claimed(dd, clock, 1)[0]
    with outcomes.accepting(dd) as conn:
        outcomes.send_accepted(dd, row, "w1", clock.now(), "<id@x>", "s", "b", conn=conn)
    with dd.engine.connect() as conn:  # the pool's connections all answer
        for _ in range(3):
            assert conn.execute(text("SELECT 1")).scalar() == 1
    assert [r.status for r in rows(dd) if r.id == row.id] == ["accepted"]


def test_an_error_in_the_answer_is_the_databases(dd, clock, backend):
    if backend != "postgresql":
        pytest.skip("SQLite records an acceptance at once, and keeps a text of any length")
    row = _claimed(dd, clock, 1)[0]
    with outcomes.accepting(dd) as conn:
        answer = outcomes.send_accepted(dd, row, "w1", clock.now(), "x" * 300, "s", "b",
                                        conn=conn)  # provider_id holds 200 characters
        with pytest.raises(DBAPIError, match="too long"):
            answer()
        assert outcomes.send_accepted(dd, row, "w1", clock.now(), "<id@x>", "s", "b",
                                      conn=conn)()
