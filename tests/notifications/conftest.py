"""Real servers on 127.0.0.1 standing in for the mail relay and the SMS gateway.

Fixtures for anyone testing code that sends: ``smtp_server`` (plain SMTP, records what
arrives, can refuse or defer addresses), ``smtp_tls_server`` (STARTTLS and AUTH LOGIN
required, self-signed certificate), ``smtps_server`` (implicit TLS), ``http_gateway``
(a JSON endpoint whose answers a test scripts), and ``closed_port`` (nothing listens).
"""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

SMTP_USER = "dondoc"
SMTP_PASSWORD = "mat-khau-thu-2024"


def pytest_configure(config) -> None:
    # smtps_server: aiosmtpd warns that AUTH is not behind STARTTLS; it is behind TLS.
    config.addinivalue_line(
        "filterwarnings", "ignore:Requiring AUTH while not requiring TLS:UserWarning")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections are refused)."""
    return free_port()


# --- SMTP -------------------------------------------------------------------------

@dataclass
class ReceivedMail:
    envelope: Envelope
    message: EmailMessage  # parsed from the bytes that arrived
    raw: bytes
    authenticated: bool
    login: str | None
    tls: bool
    peer: tuple | None = None  # the client's (address, port): one per connection


@dataclass
class RecordingHandler:
    """An aiosmtpd handler that keeps every message and refuses what it is told to."""

    received: list[ReceivedMail] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # answered 550
    deferred: set[str] = field(default_factory=set)  # answered 451

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 <%s>: Recipient address rejected: no such mailbox" % address
        if address.lower() in self.deferred:
            return "451 4.3.0 <%s>: temporarily unavailable, try later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        auth = session.auth_data
        login = auth.login.decode() if isinstance(auth, LoginPassword) else None
        self.received.append(ReceivedMail(
            envelope=envelope,
            message=email.message_from_bytes(raw, policy=email.policy.default),
            raw=raw,
            authenticated=bool(session.authenticated),
            login=login,
            tls=session.ssl is not None
            or server.transport.get_extra_info("ssl_object") is not None,
            peer=tuple(session.peer) if session.peer else None,
        ))
        return "250 2.0.0 Ok: queued"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler
    cert_file: str | None = None

    @property
    def received(self) -> list[ReceivedMail]:
        return self.handler.received

    def refuse(self, address: str) -> None:
        self.handler.refused.add(address.lower())

    def defer(self, address: str) -> None:
        self.handler.deferred.add(address.lower())


def _start(handler: RecordingHandler, **kwargs: Any) -> tuple[Controller, int]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, port


@pytest.fixture
def smtp_server():
    handler = RecordingHandler()
    controller, port = _start(handler)
    yield SmtpServer("127.0.0.1", port, handler)
    controller.stop()


@pytest.fixture(scope="session")
def self_signed_cert(tmp_path_factory) -> tuple[str, str]:
    """(certificate, key) for 127.0.0.1/localhost, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder: Path = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return str(cert), str(key)


def _server_context(cert: str, key: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login.decode() == SMTP_USER
          and auth_data.password.decode() == SMTP_PASSWORD)
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


@pytest.fixture
def smtp_tls_server(self_signed_cert):
    """Requires STARTTLS before anything else, then AUTH (LOGIN or PLAIN)."""
    cert, key = self_signed_cert
    handler = RecordingHandler()
    controller, port = _start(
        handler, tls_context=_server_context(cert, key), require_starttls=True,
        authenticator=_authenticator, auth_required=True, auth_require_tls=True)
    yield SmtpServer("127.0.0.1", port, handler, cert_file=cert)
    controller.stop()


@pytest.fixture
def smtps_server(self_signed_cert):
    """TLS from the first byte (SMTPS, as on port 465), AUTH required."""
    cert, key = self_signed_cert
    handler = RecordingHandler()
    controller, port = _start(
        handler, ssl_context=_server_context(cert, key),
        # aiosmtpd counts only STARTTLS as TLS; here the whole connection is TLS.
        authenticator=_authenticator, auth_required=True, auth_require_tls=False)
    yield SmtpServer("127.0.0.1", port, handler, cert_file=cert)
    controller.stop()


# --- HTTP gateway -----------------------------------------------------------------

@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class ScriptedAnswer:
    status: int = 200
    body: Any = field(default_factory=lambda: {"id": "msg-1"})
    delay: float = 0.0


class FakeHttpGateway:
    """Records each POST and answers with the next scripted answer (default: 200)."""

    def __init__(self) -> None:
        self.requests: list[ReceivedRequest] = []
        self.answers: deque[ScriptedAnswer] = deque()
        self.default = ScriptedAnswer()
        self._server: ThreadingHTTPServer | None = None

    def respond(self, status: int = 200, body: Any = None, delay: float = 0.0) -> None:
        self.answers.append(ScriptedAnswer(status, {} if body is None else body, delay))

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/sms"

    def next_answer(self) -> ScriptedAnswer:
        return self.answers.popleft() if self.answers else self.default


class _GatewayServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still sleeping for a timeout test must not hold up


def _handler_for(gateway: FakeHttpGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            gateway.requests.append(ReceivedRequest(self.path, dict(self.headers), body))
            answer = gateway.next_answer()
            if answer.delay:
                time.sleep(answer.delay)
            payload = answer.body if isinstance(answer.body, (bytes, str)) else \
                json.dumps(answer.body)
            data = payload.encode("utf-8") if isinstance(payload, str) else payload
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as timeout tests intend

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def http_gateway():
    gateway = FakeHttpGateway()
    server = _GatewayServer(("127.0.0.1", 0), _handler_for(gateway))
    gateway._server = server
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield gateway
    server.shutdown()
    server.server_close()
