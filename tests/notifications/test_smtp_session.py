"""SmtpTransport.session(): one kept connection for many messages, against a real aiosmtpd
server on 127.0.0.1 (the server's view of each connection is the client's port)."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller

from notifications import email as email_module
from notifications.email import SmtpTransport, build_message
from notifications.errors import TransportError

from .conftest import RecordingHandler, free_port
from .test_email import FIXED_NOW, reminder, settings_for


def addressed(i: int):
    return reminder(to=f"dau.moi{i}@soyte.example.gov.vn",
                    message_id=f"<outbox.{i}.test@dondoc.example.gov.vn>")


def connections(server) -> list:
    """The client port of each connection, in the order they carried messages."""
    ports = []
    for m in server.received:
        if not ports or ports[-1] != m.peer:
            ports.append(m.peer)
    return ports


def test_messages_in_a_session_share_one_connection_and_arrive_whole(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server))
    with transport.session():
        for i in range(5):
            transport.send(addressed(i))
    assert [m.envelope.rcpt_tos for m in smtp_server.received] == [
        [f"dau.moi{i}@soyte.example.gov.vn"] for i in range(5)]
    assert len({m.peer for m in smtp_server.received}) == 1
    assert all(m.message["Subject"] == reminder().subject for m in smtp_server.received)


def test_outside_a_session_each_message_has_its_own_connection(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server))
    for i in range(3):
        transport.send(addressed(i))
    assert len({m.peer for m in smtp_server.received}) == 3


def test_the_servers_limit_of_messages_per_connection_is_kept(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server, max_per_connection=2))
    with transport.session():
        for i in range(5):
            transport.send(addressed(i))
    assert len(smtp_server.received) == 5
    assert [sum(m.peer == p for m in smtp_server.received)
            for p in connections(smtp_server)] == [2, 2, 1]


def test_a_refused_recipient_leaves_the_session_usable_for_the_next(smtp_server):
    smtp_server.refuse("dau.moi1@soyte.example.gov.vn")
    transport = SmtpTransport(settings_for(smtp_server))
    with transport.session():
        transport.send(addressed(0))
        with pytest.raises(TransportError) as refused:
            transport.send(addressed(1))
        transport.send(addressed(2))
    assert refused.value.permanent
    assert [m.envelope.rcpt_tos[0] for m in smtp_server.received] == [
        "dau.moi0@soyte.example.gov.vn", "dau.moi2@soyte.example.gov.vn"]
    assert len({m.peer for m in smtp_server.received}) == 1  # RSET, not a new connection


class ClosesOnce(RecordingHandler):
    """Answers 421 (closing the channel) to the MAIL FROM of the n-th transaction, as a relay
    at its limit or shutting down does."""

    def __init__(self, at: int):
        super().__init__()
        self.at, self.mails = at, 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mails += 1
        if self.mails == self.at:
            return "421 4.7.0 too many messages on this connection, closing"
        envelope.mail_from = address
        return "250 OK"


def test_a_421_on_the_kept_connection_sends_that_message_again_on_a_new_one():
    handler = ClosesOnce(at=3)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        server = type("S", (), {"host": "127.0.0.1", "port": controller.port})
        transport = SmtpTransport(settings_for(server))
        with transport.session():
            for i in range(4):
                transport.send(addressed(i))
    finally:
        controller.stop()
    ids = [m.message["Message-ID"] for m in handler.received]
    assert ids == [addressed(i).message_id for i in range(4)]  # each once, in order
    assert len({m.peer for m in handler.received}) == 2


def test_a_kept_connection_the_server_dropped_is_opened_again_for_the_next_message():
    handler = RecordingHandler()
    port = free_port()
    server = type("S", (), {"host": "127.0.0.1", "port": port})
    transport = SmtpTransport(settings_for(server))
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with transport.session():
            transport.send(addressed(0))
            transport.send(addressed(1))
            controller.stop()  # the relay restarts between two messages of the batch
            controller = Controller(handler, hostname="127.0.0.1", port=port)
            controller.start()
            transport.send(addressed(2))
            transport.send(addressed(3))
    finally:
        controller.stop()
    ids = [m.message["Message-ID"] for m in handler.received]
    assert ids == [addressed(i).message_id for i in range(4)]
    assert len({m.peer for m in handler.received}) == 2


def test_a_new_connection_that_fails_is_not_tried_again(closed_port):
    server = type("S", (), {"host": "127.0.0.1", "port": closed_port})
    transport = SmtpTransport(settings_for(server))
    with transport.session(), pytest.raises(TransportError) as error:
        transport.send(addressed(0))
    assert not error.value.permanent


def _wire(message) -> bytes:
    """The bytes, with the generator's random boundary named the same in each."""
    return re.sub(rb"=+\d+==", b"BOUNDARY", message.as_bytes(policy=message.policy))


def test_a_header_parsed_once_goes_on_the_wire_as_when_parsed_anew():
    """Headers a batch repeats are parsed and folded once (notifications.email._PARSED); the
    bytes are those of a message built with nothing remembered."""
    settings = settings_for(type("S", (), {"host": "x", "port": 25}))
    messages = [replace(addressed(i % 3), subject=f"{reminder().subject} {i}") for i in range(6)]
    remembered = [_wire(build_message(m, settings, FIXED_NOW)) for m in messages]
    fresh = []
    for m in messages:
        email_module._PARSED.clear()
        email_module._FOLDED.clear()
        fresh.append(_wire(build_message(m, settings, FIXED_NOW)))
    assert remembered == fresh
    assert b"To: dau.moi2@soyte.example.gov.vn" in remembered[5]


def test_the_bytes_sent_are_those_smtplib_would_have_made_but_the_boundary():
    """as_wire_bytes skips the regex the standard generator compiles per message to find a
    boundary absent from the text: "=_dondoc_..." cannot occur in a quoted-printable part."""
    import io
    from email.generator import BytesGenerator
    settings = settings_for(type("S", (), {"host": "x", "port": 25}))
    tricky = reminder(text="--=_dondoc_0123\n=_ and ==\n" + reminder().text,
                      message_id="<outbox.1.x@dondoc.example.gov.vn>")
    message = build_message(tricky, settings, FIXED_NOW)
    envelope = [settings.sender_address, "dau.moi@soyte.example.gov.vn"]
    ours = email_module.as_wire_bytes(message, envelope)
    with io.BytesIO() as out:  # as smtplib's send_message flattens, from the same input
        BytesGenerator(out).flatten(build_message(tricky, settings, FIXED_NOW), linesep="\r\n")
        standard = out.getvalue()
    assert re.sub(rb"=_dondoc_[0-9a-f]{32}", b"B", ours) == re.sub(rb"=+\d+==", b"B", standard)
    parsed = __import__("email").message_from_bytes(ours, policy=message.policy)
    text, html = [p.get_content() for p in parsed.iter_parts()]
    assert text.replace("\r\n", "\n") == tricky.text and html.strip() == tricky.html
    assert email_module.as_wire_bytes(message, [settings.sender_address, "ánh@x.vn"]) is None
