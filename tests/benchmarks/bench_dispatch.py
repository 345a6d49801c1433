"""Dispatch figures: messages per second from the outbox to a real SMTP server (aiosmtpd) and a
real HTTP SMS gateway on loopback (in a process of their own), one dispatcher (its emails on one
connection in turn, SmtpSettings' default, and carried on four at once) and four side by
side; and the cost of
queueing (events appended with the outbox reactor writing rows).

DONDOC_BENCH_DISPATCH_TASKS sets how many tasks have a submission returned (one message each per
channel of their focal point; default 500). The aim (issue 14): >= 300 email messages/s.

Beside the dispatcher's own CPU per message, the CPU the servers' process and (PostgreSQL on
this machine) the database backends the dispatchers used spent meanwhile: the three share the
machine's cores, so their sum is what bounds messages per second.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import event

from notifications.email import SmtpSettings, SmtpTransport
from notifications.sms import JsonWebhookGateway
from service.bootstrap import bootstrap
from service.clock import ManualClock
from service.config import Settings
from service.eventlog.store import NewStream
from service.outbox.dispatcher import Dispatcher, DispatchCounts
from tests.benchmarks.databases import backends
from workflows.people_events import PersonAdded, Profile
from workflows.plan_events import AgencyRegistered, PlanImported
from workflows.task_events import DutyRole, SubmissionReturned, TaskCreated, TaskKind

NOW = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)  # 09:00 in Hanoi: SMS allowed
D = date(2024, 2, 20)


def rate(n, seconds):
    return f"{n / seconds:,.0f}/s ({n:,} in {seconds:.2f}s)"


def seed(dd, n, channels):
    with dd.uow() as uow:
        uow.append("agency-a1", 0, [AgencyRegistered("a1", "Sở Y tế", "province")])
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "ab" * 32, {"number": "1/KH"})])
        uow.append("person-fp1", 0, [PersonAdded("fp1", Profile(
            "fp1", "Lê Văn Cường", "focal_point", "a1", (), "fp1@example.vn",
            "+84987654321", channels))])
        uow.append_batch([NewStream(f"task-t{i}", 0, [TaskCreated(
            f"t{i}", "p1", f"d{i}", f"Nhiệm vụ số {i}", "a1", DutyRole.LEAD, TaskKind.ONE_OFF,
            D)]) for i in range(n)])
        uow.commit()
    t0 = time.perf_counter()
    with dd.uow() as uow:  # returned submissions: each tells the focal point at once
        uow.append_batch([NewStream(f"task-t{i}", 1, [SubmissionReturned(
            f"Báo cáo số {i} thiếu số liệu")]) for i in range(n)])
        uow.commit()
    return rate((1 + len(channels)) * n, time.perf_counter() - t0)


class Servers:
    """The loopback relay and gateway in their own process (tests.benchmarks.loopback_servers),
    counting what they received."""

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.loopback_servers"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
        _, smtp, http = self.process.stdout.readline().split()
        self.smtp_port, self.sms_url = int(smtp), f"http://127.0.0.1:{http}/sms"
        self.mail, self.sms = Counter(), 0
        self.reader = threading.Thread(target=self._count, daemon=True)
        self.reader.start()
        return self

    def _count(self):
        for line in self.process.stdout:
            if line.startswith("mail "):
                self.mail[line.split(" ", 1)[1].strip()] += 1
            else:
                self.sms += 1

    def received(self, expected: int) -> int:
        deadline = time.monotonic() + 10  # the last lines may still be on their way
        while sum(self.mail.values()) + self.sms < expected and time.monotonic() < deadline:
            time.sleep(0.01)
        return sum(self.mail.values()) + self.sms

    def __exit__(self, *exc):
        self.process.stdin.close()
        self.process.wait(10)

    def cpu(self) -> float:
        return process_cpu(self.process.pid)

    def dispatcher(self, dd, worker, connections=None):
        pipeline = {} if connections is None else {"connections": connections}
        email = SmtpTransport(SmtpSettings(host="127.0.0.1", port=self.smtp_port,
                                           sender="dondoc@example.vn", **pipeline))
        return Dispatcher(dd, email, JsonWebhookGateway(self.sms_url), worker)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process on this machine (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Backends:
    """The PostgreSQL backends serving an engine's connections from now on, and the CPU they
    spend from the first time each is checked out to the last time it is checked in or now (a
    backend whose connection the pool closed is gone; a database on another machine: nothing)."""

    def __init__(self, engine):
        self.start: dict[int, float] = {}
        self.last: dict[int, float] = {}
        if engine.dialect.name == "postgresql":
            event.listen(engine, "checkout", self._checkout)
            event.listen(engine, "checkin", self._checkin)

    def _checkout(self, dbapi_conn, _record, _proxy):
        pid = dbapi_conn.info.backend_pid
        if pid not in self.start:
            self.start[pid] = self.last[pid] = process_cpu(pid)

    def _checkin(self, dbapi_conn, _record):
        pid = dbapi_conn.info.backend_pid if dbapi_conn is not None else 0  # 0: closed
        if pid in self.start:
            self.last[pid] = max(self.last[pid], process_cpu(pid))

    def spent(self) -> float:
        return sum(max(self.last[pid], process_cpu(pid)) - start
                   for pid, start in self.start.items())


def dispatch(dd, servers, workers, connections=None):
    results: list[DispatchCounts] = []
    ds = [servers.dispatcher(dd, f"w{i}", connections) for i in range(workers)]
    threads = [threading.Thread(target=lambda d=d: results.append(d.run_once(NOW))) for d in ds]
    backends, relay0 = Backends(dd.engine), servers.cpu()
    t0, cpu0 = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    total = sum(results, DispatchCounts())
    received = servers.received(total.sent)
    relay, db = servers.cpu() - relay0, backends.spent()
    assert total.sent == received, (total, received)
    assert all(n == 1 for n in servers.mail.values())  # each message once
    each = 1000 / total.sent
    in_db = f", + {each * db:.1f} ms in PostgreSQL" if backends.start else ""
    return (f"{rate(total.sent, seconds)}, {each * cpu:.1f} ms CPU each (+ {each * relay:.1f} ms "
            f"in the servers' process{in_db}: {each * (cpu + relay + db):.1f} ms in all)")


# (channels, dispatchers, SMTP connections of each: None is SmtpSettings' default, 1)
RUNS = ((("email",), 1, None), (("email",), 1, 4), (("email",), 4, None),
        (("email", "sms"), 1, None))


def main():
    n = int(os.environ.get("DONDOC_BENCH_DISPATCH_TASKS", 500))
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    for name, make in backends():
        for channels, workers, connections in RUNS:
            with make() as engine, tempfile.TemporaryDirectory() as d, Servers() as servers:
                dd = bootstrap(Settings(str(engine.url), "x", Path(d)), clock=ManualClock(NOW),
                               engine=engine)
                queued = seed(dd, n, channels)
                sent = dispatch(dd, servers, workers, connections)
            if workers == 1 and connections is None:
                print(f"{name}: queue {' + '.join(channels)} (events + outbox rows): {queued}")
            each = SmtpSettings.connections if connections is None else connections
            print(f"{name}: dispatch, {workers} dispatcher(s) of {each} SMTP connection(s), "
                  f"{' + '.join(channels)} on loopback: {sent}", flush=True)


if __name__ == "__main__":
    main()
