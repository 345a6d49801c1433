"""SMS gateways inside a session: one keep-alive connection for many requests, against a real
HTTP/1.1 server on 127.0.0.1 (the server's view of each connection is the client's port)."""
from __future__ import annotations

import threading

import pytest

from notifications.errors import TransportError
from notifications.message import OutgoingSms
from notifications.sms import JsonWebhookGateway

from .conftest import FakeHttpGateway, _GatewayServer, _handler_for


class KeepAliveGateway(FakeHttpGateway):
    """The tests' gateway, speaking HTTP/1.1 (it keeps connections open) and noting the client
    port of each request."""

    def __init__(self) -> None:
        super().__init__()
        self.ports: list[int] = []

    def start(self) -> "KeepAliveGateway":
        recorder = self

        class Handler(_handler_for(self)):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # as servers do: no 40 ms wait for an ACK

            def do_POST(self) -> None:
                recorder.ports.append(self.client_address[1])
                super().do_POST()

        self._server = _GatewayServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def keep_alive():
    gateway = KeepAliveGateway().start()
    yield gateway
    gateway.stop()


def sms(i: int) -> OutgoingSms:
    return OutgoingSms(to="+84912345678", text=f"Nhiem vu {i} bi tra lai", reference=f"r{i}")


def test_requests_in_a_session_share_one_connection(keep_alive):
    gateway = JsonWebhookGateway(keep_alive.url, token="t0ken", timeout=5)
    with gateway.session():
        for i in range(4):
            assert gateway.send(sms(i)).provider_id == "msg-1"
    assert [r.json["reference"] for r in keep_alive.requests] == ["r0", "r1", "r2", "r3"]
    assert len(set(keep_alive.ports)) == 1
    assert keep_alive.requests[0].headers["Authorization"] == "Bearer t0ken"


def test_outside_a_session_each_request_has_its_own_connection(keep_alive):
    gateway = JsonWebhookGateway(keep_alive.url, timeout=5)
    for i in range(3):
        gateway.send(sms(i))
    assert len(set(keep_alive.ports)) == 3


def test_a_server_that_closes_each_connection_still_gets_every_request(http_gateway):
    gateway = JsonWebhookGateway(http_gateway.url, timeout=5)  # HTTP/1.0: closes after each
    with gateway.session():
        for i in range(3):
            gateway.send(sms(i))
    assert [r.json["reference"] for r in http_gateway.requests] == ["r0", "r1", "r2"]


def test_refusals_are_judged_as_without_a_session_and_the_session_goes_on(keep_alive):
    gateway = JsonWebhookGateway(keep_alive.url, timeout=5)
    keep_alive.respond(400, {"error": "bad number"})
    keep_alive.respond(503, {"error": "busy"})
    with gateway.session():
        with pytest.raises(TransportError) as bad:
            gateway.send(sms(0))
        with pytest.raises(TransportError) as busy:
            gateway.send(sms(1))
        gateway.send(sms(2))
    assert bad.value.permanent and not busy.value.permanent
    assert "HTTP 400" in str(bad.value) and "bad number" in str(bad.value)
    assert len(keep_alive.requests) == 3 and len(set(keep_alive.ports)) == 1


def test_a_kept_connection_the_server_closed_is_opened_again_once(keep_alive):
    gateway = JsonWebhookGateway(keep_alive.url, timeout=5)
    with gateway.session():
        gateway.send(sms(0))
        # the idle connection dies (as when the server's keep-alive timeout closes it)
        conn = next(iter(gateway.http._state().conns.values()))
        conn.sock.shutdown(2)
        gateway.send(sms(1))
    assert [r.json["reference"] for r in keep_alive.requests] == ["r0", "r1"]
    assert len(set(keep_alive.ports)) == 2


def test_nothing_listening_is_a_transient_failure(closed_port):
    gateway = JsonWebhookGateway(f"http://127.0.0.1:{closed_port}/sms", timeout=5)
    with gateway.session(), pytest.raises(TransportError) as error:
        gateway.send(sms(0))
    assert not error.value.permanent
