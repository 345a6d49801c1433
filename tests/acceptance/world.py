"""The world a plan lives its year in: the app on an engine, a manual clock, a real SMTP server
and a real HTTP SMS gateway on loopback (configured through the app's own DONDOC_* settings),
the scheduler's jobs and a dispatcher as production builds them, and the people.

Messages are stamped with the manual clock's time when the dispatcher hands them over, so the
suite can say at what hour (in Vietnam) each one arrived.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from service.outbox.runner import make_dispatcher
from service.outbox.tables import outbox
from service.scheduler.projection import task_schedule
from service.scheduler.runner import Scheduler
from workflows.localtime import VN_TZ

BASE_URL = "https://dondoc.sldtbxh.example.gov.vn"
SENDER = "Đôn đốc <dondoc@sldtbxh.example.gov.vn>"
_MESSAGE_ID = re.compile(r"<outbox\.(\d+)\.")
_REFERENCE = re.compile(r"^(\d+)-")


@dataclass
class Tally:
    actions: Counter = field(default_factory=Counter)  # form submissions the site accepted
    pages: int = 0
    sign_ins: int = 0
    days: int = 0  # days the walk stopped on
    in_chromium: list = field(default_factory=list)  # "person: action" done in a real browser
    sweeps: int = 0

    def count_action(self, action: str) -> None:
        self.actions[action] += 1


@dataclass
class Arrival:
    """One message as the loopback server got it, with the outbox row it came from."""

    channel: str  # email | sms
    to: str
    at: datetime  # the manual clock when the dispatcher handed it over (UTC)
    outbox_id: int | None
    kind: str | None
    text: str

    @property
    def local(self) -> datetime:
        return self.at.astimezone(VN_TZ)


def configure(monkeypatch, mail, gateway, base_url: str = BASE_URL) -> None:
    """The app's own settings, as an operator would write them."""
    for name, value in {"DONDOC_SMTP_HOST": mail.host, "DONDOC_SMTP_PORT": str(mail.port),
                        "DONDOC_SMTP_SENDER": SENDER, "DONDOC_SMTP_TIMEOUT": "5",
                        "DONDOC_SMS_PROVIDER": "webhook", "DONDOC_SMS_URL": gateway.url,
                        "DONDOC_SMS_TOKEN": "t0ken-2025", "DONDOC_SMS_TIMEOUT": "5",
                        "DONDOC_BASE_URL": base_url}.items():
        monkeypatch.setenv(name, value)


class World:
    def __init__(self, app, clock, mail, gateway):
        self.app, self.clock, self.mail, self.gateway = app, clock, mail, gateway
        self.dd = app.extensions["dondoc"]
        self.dispatcher = make_dispatcher(self.dd, worker_id="acceptance")
        self.scheduler = Scheduler(self.dd)
        self.tally = Tally()
        self.arrivals: list[Arrival] = []
        self.people: dict[str, object] = {}  # username -> tests.acceptance.people.Person
        self.script = None  # tests.acceptance.script.PlanScript, set on the first morning
        self._seen_mail = self._seen_sms = 0
        self._inboxes: dict[str, list[Arrival]] = {}  # email address -> what arrived there
        self.dirty = True  # something may have been queued since the dispatcher last ran
        self._link = re.compile(re.escape(self.dd.settings.base_url.rstrip("/"))
                                + r"/l/[A-Za-z0-9_.\-]+")

    def close(self) -> None:
        self.scheduler.leadership.release()

    # -- the machines -----------------------------------------------------------------------

    def dispatch(self, always: bool = False) -> None:
        """The dispatcher's loop, at this instant. It runs every few seconds in production;
        here it runs when something may have been queued (``dirty``), and at 07:30 each day
        (``always``: the SMS held through the night become sendable)."""
        if not (always or self.dirty):
            return
        self.dirty = False
        self.dispatcher.run_once(self.clock.now())
        self._collect()

    def _collect(self) -> None:
        new_mail = self.mail.received[self._seen_mail:]
        new_sms = self.gateway.requests[self._seen_sms:]
        self._seen_mail += len(new_mail)
        self._seen_sms += len(new_sms)
        if not new_mail and not new_sms:
            return
        with self.dd.engine.connect() as conn:
            kinds = dict(conn.execute(select(outbox.c.id, outbox.c.kind)).all())
        now = self.clock.now()
        for m in new_mail:
            found = _MESSAGE_ID.search(m.message["Message-ID"] or "")
            oid = int(found.group(1)) if found else None
            body = m.message.get_body(preferencelist=("plain",))
            for to in m.envelope.rcpt_tos:
                arrival = Arrival("email", to.lower(), now, oid, kinds.get(oid),
                                  body.get_content() if body else "")
                self.arrivals.append(arrival)
                self._inboxes.setdefault(arrival.to, []).append(arrival)
        for r in new_sms:
            payload = r.json
            found = _REFERENCE.match(str(payload.get("reference") or ""))
            oid = int(found.group(1)) if found else None
            self.arrivals.append(Arrival("sms", payload["to"], now, oid, kinds.get(oid),
                                         payload.get("text", "")))

    def scheduler_due(self) -> datetime | None:
        """The earliest next action of any task (what the minute job would pick up first)."""
        with self.dd.engine.connect() as conn:
            return conn.execute(select(func.min(task_schedule.c.next_action_at))).scalar()

    def tick(self) -> None:
        report = self.scheduler.tick()
        assert report is not None, f"{self.clock.now()}: the scheduler does not lead"
        assert not report.failed, f"{self.clock.now()}: the sweep failed tasks {report.failed}"
        self.tally.sweeps += 1
        self.dirty = True

    # -- what a person received -------------------------------------------------------------

    def links_in(self, arrival: Arrival) -> list[str]:
        """The task links a message carries (the site's address, then /l/<signed token>)."""
        return list(dict.fromkeys(self._link.findall(arrival.text)))

    def mail_for(self, email: str) -> list[Arrival]:
        return self._inboxes.get(email.lower(), [])
