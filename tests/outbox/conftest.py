"""Real servers on loopback (from tests/notifications), a mail server that can be stopped and
started again on the same port, and a dispatcher wired to both."""
from __future__ import annotations

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from notifications.email import SmtpSettings, SmtpTransport
from notifications.retry import Backoff
from notifications.sms import JsonWebhookGateway
from service.outbox.dispatcher import Dispatcher
from tests.notifications.conftest import (  # noqa: F401  (fixtures)
    RecordingHandler, free_port, http_gateway, smtp_server)

SENDER = "Đôn đốc <dondoc@sldtbxh.example.gov.vn>"
# No jitter: the tests move the clock to the exact moment of the next try.
BACKOFF = Backoff(base=timedelta(minutes=1), factor=2, max_attempts=8, jitter=0)


class RestartableSmtp:
    """An aiosmtpd server on a fixed port that a test can take down and bring back."""

    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.host, self.port = "127.0.0.1", free_port()
        self.controller: Controller | None = None

    @property
    def received(self):
        return self.handler.received

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def refuse(self, address: str) -> None:
        self.handler.refused.add(address.lower())


@pytest.fixture
def mail():
    server = RestartableSmtp()
    server.start()
    yield server
    server.stop()


def make_dispatcher(dd, mail, gateway, worker_id="w1", **kwargs) -> Dispatcher:
    email = SmtpTransport(SmtpSettings(host=mail.host, port=mail.port, sender=SENDER,
                                       timeout=5), clock=dd.clock.now)
    sms = JsonWebhookGateway(gateway.url, token="t0ken", timeout=5)
    kwargs.setdefault("backoff", BACKOFF)
    return Dispatcher(dd, email, sms, worker_id, **kwargs)


@pytest.fixture
def dispatcher(dd, mail, http_gateway):
    return make_dispatcher(dd, mail, http_gateway)
