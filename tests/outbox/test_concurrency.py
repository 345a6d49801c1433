"""Dispatchers that die mid-batch and dispatchers that run side by side: each message once."""
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from service.outbox.claims import claim, finish
from service.outbox.dispatcher import DispatchCounts
from service.outbox.tables import DELIVERED, outbox
from tests.outbox.conftest import make_dispatcher
from tests.outbox.world import PLAN, add_person, add_task, happen, rows, seed, stream
from workflows.message_events import MessageSent
from workflows.task_events import Escalated

D = date(2024, 2, 20)


def escalations(dd, n):
    seed(dd)
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", channels=("email",),
               plan_ids=[PLAN])
    for i in range(n):
        add_task(dd, f"t{i}", D, title=f"Nhiệm vụ số {i}")
        happen(dd, f"t{i}", Escalated("escalate_coordinator", f"t{i}:esc", D, "coordinator"))


def assert_each_once(dd, mail, n):
    ids = [m.message["Message-ID"] for m in mail.received]
    assert len(ids) == n and len(set(ids)) == n
    assert {r.status for r in rows(dd)} == {"sent"}
    for i in range(n):
        assert sum(isinstance(e, MessageSent) for e in stream(dd, f"task-t{i}")) == 1


def test_rows_claimed_by_a_dispatcher_that_died_are_sent_after_the_lease(dd, mail, http_gateway,
                                                                          clock):
    escalations(dd, 5)
    with dd.engine.begin() as conn:
        taken = claim(conn, "dead", clock.now(), limit=3, lease=timedelta(minutes=15))
    assert len(taken) == 3
    alive = make_dispatcher(dd, mail, http_gateway, "alive")
    assert alive.run_once(clock.now()).sent == 2  # the other two; three wait for the lease
    clock.advance(timedelta(minutes=15, seconds=1))
    assert alive.run_once(clock.now()).sent == 3
    with dd.engine.begin() as conn:  # the dead one wakes up: its claim is gone
        assert not finish(conn, taken[0].id, "dead", status="sent")
    assert_each_once(dd, mail, 5)


def delivered(dd) -> list:
    """Rows the relay took, as the outbox knows: accepted (their MessageSent follows with the
    batch) or sent."""
    return [r for r in rows(dd) if r.status in DELIVERED]


def run_child_until_killed(dd, mail, clock, when: str, received: int) -> None:
    """A dispatcher process, SIGKILLed once the relay has ``received`` messages and the child
    hangs (polls the relay with a bounded deadline: no sleep-wait for a scheduler)."""
    url = dd.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    child = subprocess.Popen([sys.executable, "-m", "tests.outbox.child_dispatcher", url,
                              str(mail.port), clock.now().isoformat(), when], env=env)
    try:
        deadline = time.monotonic() + 60
        while len(mail.received) < received or len(delivered(dd)) < 1:
            assert time.monotonic() < deadline and child.poll() is None, "child never sent"
            time.sleep(0.05)
        time.sleep(0.2)  # into its sleep
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


@pytest.mark.slow
def test_a_dispatcher_killed_with_sigkill_mid_batch_loses_and_doubles_nothing(dd, mail,
                                                                              http_gateway, clock):
    escalations(dd, 4)
    run_child_until_killed(dd, mail, clock, "before", 1)
    assert [r.status for r in rows(dd)].count("sending") == 3
    alive = make_dispatcher(dd, mail, http_gateway, "alive")
    assert alive.run_once(clock.now()).claimed == 0
    clock.advance(timedelta(minutes=1, seconds=1))  # the lease, no longer fifteen minutes
    assert alive.run_once(clock.now()).sent == 3
    assert_each_once(dd, mail, 4)


@pytest.mark.slow
def test_a_crash_repeats_at_most_the_message_in_flight_with_its_message_id(dd, mail, http_gateway,
                                                                           clock):
    escalations(dd, 6)
    run_child_until_killed(dd, mail, clock, "after", 2)  # the relay took #2; no outcome written
    statuses = [r.status for r in rows(dd)]
    assert statuses.count("accepted") == 1 and statuses.count("sending") == 5
    clock.advance(timedelta(minutes=1, seconds=1))
    assert make_dispatcher(dd, mail, http_gateway, "alive").run_once(clock.now()).sent == 5
    ids = [m.message["Message-ID"] for m in mail.received]
    assert len(ids) == 7 and len(set(ids)) == 6  # six messages, one of them twice
    assert [i for i in set(ids) if ids.count(i) == 2] == [ids[1]]  # the one in flight
    assert {r.status for r in rows(dd)} == {"sent"}
    for i in range(6):
        assert sum(isinstance(e, MessageSent) for e in stream(dd, f"task-t{i}")) == 1


def test_a_live_dispatcher_keeps_its_claims_past_the_lease(dd, mail, http_gateway, clock):
    """The heartbeat extends the claims of a dispatcher that is still working (a slow relay)
    so nobody takes them over; those of a dead one run out."""
    from service.outbox.heartbeat import Heartbeat

    escalations(dd, 3)
    with dd.engine.begin() as conn:
        claim(conn, "slow", clock.now(), limit=2, lease=timedelta(minutes=1))
        claim(conn, "dead", clock.now(), limit=1, lease=timedelta(minutes=1))
    clock.advance(timedelta(seconds=50))
    assert Heartbeat(dd, "slow", timedelta(minutes=1)).beat() == 2
    clock.advance(timedelta(seconds=20))  # 70 s after the claims
    with dd.engine.begin() as conn:
        taken = claim(conn, "other", clock.now(), limit=10)
    assert [r.claimed_by for r in taken] == ["other"] and len(taken) == 1  # only the dead one's


def test_dispatchers_running_side_by_side_send_each_message_once(dd, mail, http_gateway, clock):
    n = 30
    escalations(dd, n)
    workers = [make_dispatcher(dd, mail, http_gateway, f"w{i}", batch_size=3) for i in range(3)]
    results: list[DispatchCounts] = []
    start = threading.Barrier(len(workers))

    def work(d):
        start.wait()
        results.append(d.run_once(clock.now()))

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    total = sum(results, DispatchCounts())
    assert (total.sent, total.failed, total.lost) == (n, 0, 0)
    assert_each_once(dd, mail, n)
    with dd.engine.connect() as conn:
        owners = conn.execute(select(outbox.c.claimed_by)).scalars().all()
    assert set(owners) == {None}
