"""Two dispatcher processes side by side against a loopback aiosmtpd; one is SIGKILLed right
after the relay accepted its k-th message, the other runs on. Over several kills: at most the
one message in flight repeats per kill, always under its own Message-ID, and nothing stays
stranded once the short lease has run out. Waits are on observable conditions (the child's
"accepted" lines, its exit, the relay's count) with deadlines; the lease runs out on the
test's clock, never by sleeping."""
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta

import pytest

from service.outbox.dispatcher import LEASE
from tests.outbox.conftest import make_dispatcher
from tests.outbox.world import PLAN, add_person, add_task, happen, rows, seed, stream
from workflows.message_events import MessageSent
from workflows.task_events import Escalated

D = date(2024, 2, 20)
ROUNDS, PER_ROUND, KILL_AFTER = 3, 12, (2, 3, 4)
DEADLINE = 90  # seconds for any one wait


def queue(dd, rnd: int) -> list[str]:
    ids = []
    for i in range(PER_ROUND):
        task = add_task(dd, f"r{rnd}t{i}", D, title=f"Nhiệm vụ {rnd}.{i}")
        happen(dd, task, Escalated("escalate_coordinator", f"{task}:esc", D, "coordinator"))
        ids.append(task)
    return ids


def spawn(dd, mail, clock, worker: str, connections: int | None = None,
          mode: str = "run") -> subprocess.Popen:
    """A dispatcher process carrying ``connections`` messages at once (None: the default)."""
    url = dd.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    more = [] if connections is None else [str(connections)]
    return subprocess.Popen([sys.executable, "-m", "tests.outbox.child_dispatcher", url,
                             str(mail.port), clock.now().isoformat(), mode, worker, *more],
                            env=env, stdout=subprocess.PIPE, text=True,
                            stdin=subprocess.PIPE if mode == "lockstep" else None)


def kill_after_accepted(child: subprocess.Popen, k: int) -> int:
    """SIGKILL the child as soon as it has said ``accepted`` k times (or it ended first)."""
    said, started = 0, time.monotonic()
    try:
        while said < k:
            line = child.stdout.readline()  # blocks until the child says something or exits
            if not line:
                break  # it ran out of work before its k-th: nothing in flight to kill
            said += line.strip() == "accepted"
            assert time.monotonic() - started < DEADLINE, "the child never got that far"
    finally:
        child.kill()
        child.wait(DEADLINE)
    return said


def with_a_coordinator(dd) -> None:
    """The world and one coordinator of its plan, told by email of every escalation."""
    seed(dd)
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", channels=("email",),
               plan_ids=[PLAN])


@pytest.mark.slow
def test_one_of_two_dispatchers_killed_mid_run_repeats_at_most_the_message_in_flight(
        dd, mail, http_gateway, clock):
    with_a_coordinator(dd)
    tasks, figures = [], []
    for rnd in range(ROUNDS):
        tasks += queue(dd, rnd)
        before = len(mail.received)
        victim, peer = spawn(dd, mail, clock, f"victim{rnd}"), spawn(dd, mail, clock, f"peer{rnd}")
        said = kill_after_accepted(victim, KILL_AFTER[rnd])
        peer.stdout.read()  # to its end: the peer exits when nothing more can be claimed
        assert peer.wait(DEADLINE) == 0
        unlogged = [r for r in rows(dd) if r.status != "sent"]  # accepted or still claimed
        assert all(r.claimed_by == f"victim{rnd}" for r in unlogged)  # the peer's are all done
        stranded = [r for r in unlogged if r.status == "sending"]  # accepted ones never go again
        assert len(stranded) <= 3  # at most the victim's batch, claimed when it died
        clock.advance(LEASE + timedelta(seconds=1))  # the short lease runs out: no more waiting
        alive = make_dispatcher(dd, mail, http_gateway, f"alive{rnd}")
        assert alive.run_once(clock.now()).sent == len(stranded)
        assert {r.status for r in rows(dd)} == {"sent"}
        ids = [m.message["Message-ID"] for m in mail.received[before:]]
        repeats = len(ids) - len(set(ids))
        figures.append((said, len(stranded), repeats))
        assert len(set(ids)) == PER_ROUND  # each message under one Message-ID, however often
        assert repeats <= 1, f"kill {rnd}: {repeats} messages arrived twice"
    everything = Counter(m.message["Message-ID"] for m in mail.received)
    assert len(everything) == ROUNDS * PER_ROUND
    assert sum(everything.values()) - len(everything) <= ROUNDS  # at most one repeat per kill
    for task in tasks:
        assert sum(isinstance(e, MessageSent) for e in stream(dd, f"task-{task}")) == 1
    print(f"\n[{dd.engine.dialect.name}] per kill (accepted by the victim, stranded, repeated): "
          f"{figures}")
