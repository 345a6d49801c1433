"""Two focal points submit the same task at the same moment with the same expected version:
one wins (200), the other is told (409), and the log holds exactly the winner's result."""
import threading

from sqlalchemy import select

from service.eventlog.store import EventStore
from service.eventlog.verify import verify_log
from service.projections.tasks import tasks
from tests.conftest import LOG_KEY


def test_simultaneous_submissions_one_wins_nothing_lost(app, dd, world):
    tid = world.task_a["task_id"]
    barrier = threading.Barrier(2)
    results = {}

    def submit(who):
        client = app.test_client()
        barrier.wait()
        r = client.post(f"/api/v1/tasks/{tid}/submit", headers=world.auth(who),
                        json={"expected_version": 1, "text": f"Kết quả của {who}"})
        results[who] = (r.status_code, r.get_json())

    threads = [threading.Thread(target=submit, args=(who,)) for who in ("focal_a", "focal_a2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert sorted(code for code, _ in results.values()) == [200, 409], results
    winner = next(who for who, (code, _) in results.items() if code == 200)
    loser = next(body for code, body in results.values() if code == 409)
    assert loser["error"] == "conflict" and loser["code"] == "stale_version"
    with dd.engine.connect() as conn:
        history = EventStore(conn).read_stream(f"task-{tid}")
        row = conn.execute(select(tasks).where(tasks.c.task_id == tid)).mappings().one()
        assert verify_log(conn, LOG_KEY).ok
    assert [e.type for e in history] == ["TaskCreated", "ResultSubmitted"]
    assert history[1].data["text"] == f"Kết quả của {winner}"
    assert history[1].meta["actor"] == world.people[winner]
    assert row["version"] == 2 and row["state"] == "submitted"
