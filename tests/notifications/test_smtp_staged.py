"""SmtpTransport.staging(): messages carried to a real aiosmtpd relay up to their last line on
connections of their own, taken by the relay only at commit(), one at a time."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller

from notifications import email_wire
from notifications.email import SmtpTransport
from notifications.errors import TransportError

from .conftest import RecordingHandler, free_port
from .test_email import FIXED_NOW, reminder, settings_for
from .test_smtp_session import ClosesOnce, addressed


def _same_boundary(raw: bytes) -> bytes:
    return re.sub(rb"=_dondoc_[0-9a-f]{32}", b"BOUNDARY", raw)


def test_nothing_is_taken_before_its_commit_and_each_once_after(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server))
    with transport.staging() as stage:
        staged = [stage(addressed(i)) for i in range(3)]  # three connections, side by side
        assert smtp_server.received == []
        for i, s in enumerate(staged):
            assert s.commit().provider_id == addressed(i).message_id
            assert [m.message["Message-ID"] for m in smtp_server.received] == [
                addressed(j).message_id for j in range(i + 1)]
    assert len({m.peer for m in smtp_server.received}) == 3


def test_the_bytes_the_relay_takes_are_those_send_gives(smtp_server, monkeypatch):
    monkeypatch.setattr(email_wire.uuid, "uuid4", lambda: type("U", (), {"hex": "0" * 32}))
    email = replace(reminder(), message_id="<outbox.1.x@dondoc.example.gov.vn>",
                    text=".starts with a dot\n.\n" + reminder().text)
    transport = SmtpTransport(settings_for(smtp_server), clock=lambda: FIXED_NOW)
    transport.send(email)
    with transport.staging() as stage:
        stage(email).commit()
    sent, staged = (m.raw for m in smtp_server.received)
    assert sent == staged and b"Subject: " in sent


def test_connections_are_kept_for_the_next_messages_within_the_relays_limit(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server, max_per_connection=2))
    with transport.staging() as stage:
        for i in range(5):  # one at a time: the connection given back is taken again
            stage(addressed(i)).commit()
    per_connection = {}
    for m in smtp_server.received:
        per_connection[m.peer] = per_connection.get(m.peer, 0) + 1
    assert sorted(per_connection.values()) == [1, 2, 2]


def test_from_several_threads_each_message_goes_once(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server))
    with transport.staging() as stage, ThreadPoolExecutor(3) as workers:
        futures = [workers.submit(stage, addressed(i)) for i in range(12)]
        for future in futures:  # committed in order by this thread
            future.result().commit()
    assert [m.message["Message-ID"] for m in smtp_server.received] == [
        addressed(i).message_id for i in range(12)]


def test_an_abandoned_message_is_never_taken(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server))
    with transport.staging() as stage:
        first, second = stage(addressed(0)), stage(addressed(1))
        first.abandon()  # its connection closes before the last line
        second.commit()
    assert [m.message["Message-ID"] for m in smtp_server.received] == [addressed(1).message_id]


def test_a_refused_recipient_raises_and_leaves_the_connection_usable(smtp_server):
    smtp_server.refuse("dau.moi1@soyte.example.gov.vn")
    transport = SmtpTransport(settings_for(smtp_server))
    with transport.staging() as stage:
        stage(addressed(0)).commit()
        with pytest.raises(TransportError) as refused:
            stage(addressed(1))
        stage(addressed(2)).commit()
    assert refused.value.permanent
    assert len({m.peer for m in smtp_server.received}) == 1  # RSET, not a new connection


def test_a_kept_connection_the_relay_dropped_is_opened_again_once():
    handler, port = RecordingHandler(), free_port()
    transport = SmtpTransport(settings_for(type("S", (), {"host": "127.0.0.1", "port": port})))
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with transport.staging() as stage:
            stage(addressed(0)).commit()
            controller.stop()  # the relay restarts: the kept connection is gone
            controller = Controller(handler, hostname="127.0.0.1", port=port)
            controller.start()
            stage(addressed(1)).commit()
    finally:
        controller.stop()
    assert [m.message["Message-ID"] for m in handler.received] == [
        addressed(i).message_id for i in range(2)]
    assert len({m.peer for m in handler.received}) == 2


def test_a_421_sends_that_message_again_on_a_new_connection():
    handler = ClosesOnce(at=3)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        server = type("S", (), {"host": "127.0.0.1", "port": controller.port})
        transport = SmtpTransport(settings_for(server))
        with transport.staging() as stage:
            for i in range(4):
                stage(addressed(i)).commit()
    finally:
        controller.stop()
    assert [m.message["Message-ID"] for m in handler.received] == [
        addressed(i).message_id for i in range(4)]
    assert len({m.peer for m in handler.received}) == 2


def test_a_relay_that_is_not_there_is_a_transient_error(closed_port):
    transport = SmtpTransport(settings_for(type("S", (), {"host": "127.0.0.1",
                                                          "port": closed_port})))
    with transport.staging() as stage, pytest.raises(TransportError) as error:
        stage(addressed(0))
    assert not error.value.permanent


def test_sent_whole_each_answer_is_read_after_the_next_is_ready(smtp_server):
    """whole=True: the last line goes with the rest; first() runs before anything of the
    message goes, meanwhile() once its MAIL FROM is out, before the relay can take it."""
    transport = SmtpTransport(settings_for(smtp_server, max_per_connection=3))
    seen, last = [], None
    with transport.staging() as stage:
        for i in range(5):
            def first(i=i, prev=last):
                if prev is not None:
                    assert prev.answer().provider_id == addressed(i - 1).message_id
                seen.append(("first", i))

            def meanwhile(i=i):
                seen.append(("meanwhile", i, len(smtp_server.received)))
            last = stage(addressed(i), whole=True, first=first, meanwhile=meanwhile)
        assert last.answer().provider_id == addressed(4).message_id
    assert [m.message["Message-ID"] for m in smtp_server.received] == [
        addressed(i).message_id for i in range(5)]
    # each called once, in order; the relay had none of message i when its MAIL FROM was out
    assert seen == [s for i in range(5) for s in (("first", i), ("meanwhile", i, i))]
    assert len({m.peer for m in smtp_server.received}) == 2  # 3 a connection


def test_first_and_meanwhile_run_once_whatever_becomes_of_the_message(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server))
    seen = []
    with transport.staging() as stage:
        with pytest.raises(TransportError):  # refused before anything went on the wire
            stage(replace(addressed(0), to="not an address"), whole=True,
                  first=lambda: seen.append("first"), meanwhile=lambda: seen.append("then"))
        smtp_server.refuse(addressed(1).to)
        with pytest.raises(TransportError):  # refused by the relay
            stage(addressed(1), whole=True, first=lambda: seen.append("first"),
                  meanwhile=lambda: seen.append("then"))
    assert seen == ["first", "then"] * 2 and smtp_server.received == []
