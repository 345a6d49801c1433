"""A dispatcher sending a batch over one kept SMTP connection is SIGKILLed right after the relay
accepted its k-th message: the connection dies with it, the next dispatcher sends the rest once
the lease has run out (on the test's clock), and at most the one message in flight (accepted,
outcome not yet written) arrives twice, under its own Message-ID."""
from collections import Counter
from datetime import timedelta

import pytest

from service.outbox.dispatcher import LEASE
from service.outbox.tables import DELIVERED
from tests.outbox.conftest import make_dispatcher
from tests.outbox.test_kill_beside_a_peer import (PER_ROUND, kill_after_accepted, queue, spawn,
                                                  with_a_coordinator)
from tests.outbox.world import rows, stream
from workflows.message_events import MessageSent

KILL_AFTER = 5  # the child claims 3 at a time: this is the middle of its second batch


@pytest.mark.slow
def test_a_kill_mid_batch_on_a_kept_connection_repeats_at_most_the_message_in_flight(
        dd, mail, http_gateway, clock):
    with_a_coordinator(dd)
    tasks = queue(dd, 0)
    said = kill_after_accepted(spawn(dd, mail, clock, "victim", connections=1), KILL_AFTER)
    assert said == KILL_AFTER
    by_victim = mail.received[:]
    assert len({m.peer for m in by_victim}) == 1  # all of them over one connection
    stranded = [r for r in rows(dd) if r.status not in DELIVERED]  # not accepted, as far as known
    assert PER_ROUND - len(by_victim) <= len(stranded) <= PER_ROUND - len(by_victim) + 1
    clock.advance(LEASE + timedelta(seconds=1))
    assert make_dispatcher(dd, mail, http_gateway, "alive").run_once(clock.now()).sent == len(stranded)
    ids = Counter(m.message["Message-ID"] for m in mail.received)
    assert len(ids) == PER_ROUND and {r.status for r in rows(dd)} == {"sent"}
    repeated = [i for i, n in ids.items() if n > 1]
    assert len(repeated) <= 1 and all(ids[i] == 2 for i in repeated)
    # what repeats is the victim's last accepted message, the one whose outcome it never wrote
    assert repeated in ([], [by_victim[-1].message["Message-ID"]])
    for task in tasks:
        assert sum(isinstance(e, MessageSent) for e in stream(dd, f"task-{task}")) == 1
