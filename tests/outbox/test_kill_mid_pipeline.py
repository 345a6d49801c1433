"""A dispatcher carrying three messages at once to the relay (service.outbox.pipeline) is
SIGKILLed after the relay took its k-th message, as it is about to send the last line of the
next, the rest of its batch staged on their own connections (all but their last line sent):
the staged ones die with their connections and are never taken, and the next dispatcher sends
them once the lease has run out, each once. The child says what it does and waits for a word
before each last line (tests.outbox.child_dispatcher ``lockstep``): no sleep, no race."""
import time
from collections import Counter
from datetime import timedelta

import pytest

from service.outbox.dispatcher import LEASE
from service.outbox.tables import DELIVERED
from tests.outbox.conftest import make_dispatcher
from tests.outbox.test_kill_beside_a_peer import (DEADLINE, PER_ROUND, queue, spawn,
                                                  with_a_coordinator)
from tests.outbox.world import rows, stream
from workflows.message_events import MessageSent

BATCH = 3  # the child claims 3 at a time, and carries as many at once


def kill_with_the_batch_staged(child, k: int) -> Counter:
    """Let the child send k messages, then SIGKILL it as it is ready to send the last line of
    the next, once every message of that one's batch is staged; what it said."""
    said, started, stopped = Counter(), time.monotonic(), False
    batch_end = k + 1 + (-(k + 1) % BATCH)  # the last message of the (k+1)-th one's batch
    try:
        while not (stopped and said["staged"] >= batch_end):
            line = child.stdout.readline().strip()
            assert line, "the child ended first"
            said[line] += 1
            if line == "ready" and said["accepted"] < k:
                child.stdin.write("go\n")
                child.stdin.flush()
            elif line == "ready":
                stopped = True  # it waits for a word that never comes
            assert time.monotonic() - started < DEADLINE, "the child never got that far"
    finally:
        child.kill()
        child.wait(DEADLINE)
    return said


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", (1, 3, 4))
def test_messages_staged_when_the_dispatcher_dies_are_never_taken(
        dd, mail, http_gateway, clock, kill_after):
    with_a_coordinator(dd)
    tasks = queue(dd, 0)
    said = kill_with_the_batch_staged(
        spawn(dd, mail, clock, "victim", connections=BATCH, mode="lockstep"), kill_after)
    assert said["accepted"] == kill_after and said["staged"] > kill_after + 1
    assert len(mail.received) == kill_after  # none of the staged ones
    stranded = [r for r in rows(dd) if r.status not in DELIVERED]
    assert len(stranded) == PER_ROUND - kill_after  # every acceptance was written
    clock.advance(LEASE + timedelta(seconds=1))
    alive = make_dispatcher(dd, mail, http_gateway, "alive")
    assert alive.run_once(clock.now()).sent == len(stranded)
    ids = Counter(m.message["Message-ID"] for m in mail.received)
    assert len(ids) == PER_ROUND and set(ids.values()) == {1}
    assert {r.status for r in rows(dd)} == {"sent"}
    for task in tasks:
        assert sum(isinstance(e, MessageSent) for e in stream(dd, f"task-{task}")) == 1
