"""A batch's MessageSent logged behind the dispatcher (service.outbox.sent_log): on PostgreSQL
in a thread of its own while the next batch goes, on SQLite in the dispatcher's thread; every
batch logged when the run returns, and an error there is the run's."""
import threading

import pytest

from service.outbox import sent_log
from tests.outbox.conftest import make_dispatcher
from tests.outbox.test_batch_logging import returned, sent_events
from tests.outbox.world import rows


def test_every_batch_is_logged_when_the_run_returns(dd, mail, http_gateway, clock, backend,
                                                    monkeypatch):
    returned(dd, 5)
    logged_in, log = [], sent_log.log_accepted

    def logging(*args):
        logged_in.append(threading.current_thread())
        return log(*args)
    monkeypatch.setattr(sent_log, "log_accepted", logging)
    dispatcher = make_dispatcher(dd, mail, http_gateway, batch_size=3)
    assert dispatcher.run_once(clock.now()).sent == 10
    assert {r.status for r in rows(dd)} == {"sent"}
    assert all(len(sent_events(dd, f"t{i}")) == 2 for i in range(5))
    assert len(logged_in) == 1 + 4  # a dead dispatcher's, then each batch of 3 (and the last)
    behind = {t is not threading.current_thread() for t in logged_in}
    assert behind == {backend == "postgresql"}


def test_an_error_while_logging_is_the_runs(dd, dispatcher, clock, monkeypatch):
    returned(dd, 2)
    calls = []

    def failing(*args):
        calls.append(args)
        if len(calls) == 2:  # the first batch's
            raise RuntimeError("the log is gone")
    monkeypatch.setattr(sent_log, "log_accepted", failing)
    with pytest.raises(RuntimeError, match="the log is gone"):
        dispatcher.run_once(clock.now())
    assert {r.status for r in rows(dd)} == {"accepted"}  # the next dispatcher logs them
