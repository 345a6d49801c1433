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
from service.outbox.tables import outbox
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


@pytest.mark.slow
def test_a_dispatcher_killed_with_sigkill_mid_batch_loses_and_doubles_nothing(dd, mail,
                                                                              http_gateway, clock):
    escalations(dd, 4)
    url = dd.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    child = subprocess.Popen([sys.executable, "-m", "tests.outbox.child_dispatcher", url,
                              str(mail.port), clock.now().isoformat()], env=env)
    try:
        deadline = time.monotonic() + 30
        while len(rows(dd, status="sent")) < 1:
            assert time.monotonic() < deadline and child.poll() is None, "child never sent"
            time.sleep(0.05)
        time.sleep(0.2)  # into its sleep on the second message
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert [r.status for r in rows(dd)].count("sending") == 3
    alive = make_dispatcher(dd, mail, http_gateway, "alive")
    assert alive.run_once(clock.now()).claimed == 0
    clock.advance(timedelta(minutes=16))
    assert alive.run_once(clock.now()).sent == 3
    assert_each_once(dd, mail, 4)


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
