"""Dispatch figures: messages per second from the outbox to a real SMTP server (aiosmtpd) and a
real HTTP SMS gateway on loopback, one dispatcher and four side by side; and the cost of
queueing (events appended with the outbox reactor writing rows).

DONDOC_BENCH_DISPATCH_TASKS sets how many escalated tasks (two messages each; default 500).
"""
from __future__ import annotations

import os
import tempfile
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

from aiosmtpd.controller import Controller

from notifications.email import SmtpSettings, SmtpTransport
from notifications.sms import JsonWebhookGateway
from service.bootstrap import bootstrap
from service.clock import ManualClock
from service.config import Settings
from service.eventlog.store import NewStream
from service.outbox.dispatcher import Dispatcher, DispatchCounts
from tests.benchmarks.databases import backends
from tests.notifications.conftest import (FakeHttpGateway, RecordingHandler, _GatewayServer,
                                          _handler_for, free_port)
from workflows.people_events import PersonAdded, Profile
from workflows.plan_events import AgencyRegistered, PlanImported
from workflows.task_events import DutyRole, Escalated, TaskCreated, TaskKind

NOW = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)  # 09:00 in Hanoi: SMS allowed
D = date(2024, 2, 20)


def rate(n, seconds):
    return f"{n / seconds:,.0f}/s ({n:,} in {seconds:.2f}s)"


def seed(dd, n):
    with dd.uow() as uow:
        uow.append("agency-a1", 0, [AgencyRegistered("a1", "Sở Y tế", "province")])
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "ab" * 32, {"number": "1/KH"})])
        uow.append("person-co1", 0, [PersonAdded("co1", Profile(
            "co1", "Lê Văn Cường", "coordinator", None, ("p1",), "co1@example.vn",
            "+84987654321"))])
        uow.append_batch([NewStream(f"task-t{i}", 0, [TaskCreated(
            f"t{i}", "p1", f"d{i}", f"Nhiệm vụ số {i}", "a1", DutyRole.LEAD, TaskKind.ONE_OFF,
            D)]) for i in range(n)])
        uow.commit()
    t0 = time.perf_counter()
    with dd.uow() as uow:  # the scheduler escalates them all in one sweep
        uow.append_batch([NewStream(f"task-t{i}", 1, [Escalated(
            "escalate_coordinator", f"t{i}:e", D, "coordinator")]) for i in range(n)])
        uow.commit()
    return rate(2 * n, time.perf_counter() - t0)


class Servers:
    def __init__(self):
        self.mail = RecordingHandler()
        self.smtp = Controller(self.mail, hostname="127.0.0.1", port=free_port())
        self.gateway = FakeHttpGateway()
        self.http = _GatewayServer(("127.0.0.1", 0), _handler_for(self.gateway))
        self.gateway._server = self.http

    def __enter__(self):
        self.smtp.start()
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.smtp.stop()
        self.http.shutdown()
        self.http.server_close()

    def dispatcher(self, dd, worker):
        email = SmtpTransport(SmtpSettings(host="127.0.0.1", port=self.smtp.port,
                                           sender="dondoc@example.vn"))
        return Dispatcher(dd, email, JsonWebhookGateway(self.gateway.url), worker)


def dispatch(dd, servers, workers):
    results: list[DispatchCounts] = []
    ds = [servers.dispatcher(dd, f"w{i}") for i in range(workers)]
    threads = [threading.Thread(target=lambda d=d: results.append(d.run_once(NOW))) for d in ds]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    total = sum(results, DispatchCounts())
    received = len(servers.mail.received) + len(servers.gateway.requests)
    assert total.sent == received, (total, received)
    return rate(total.sent, seconds)


def main():
    n = int(os.environ.get("DONDOC_BENCH_DISPATCH_TASKS", 500))
    for name, make in backends():
        for workers in (1, 4):
            with make() as engine, tempfile.TemporaryDirectory() as d, Servers() as servers:
                dd = bootstrap(Settings(str(engine.url), "x", Path(d)), clock=ManualClock(NOW),
                               engine=engine)
                queued = seed(dd, n)
                sent = dispatch(dd, servers, workers)
            if workers == 1:
                print(f"{name}: queue (events + outbox rows): {queued}")
            print(f"{name}: dispatch, {workers} dispatcher(s), email + SMS on loopback: {sent}",
                  flush=True)


if __name__ == "__main__":
    main()
