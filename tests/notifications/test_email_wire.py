"""The bytes written straight (notifications.email_wire) are those the EmailMessage path writes,
for every shape the dispatcher sends; any other shape takes that path."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email.header import Header

import pytest

from notifications import email as email_module, email_wire
from notifications.email import SmtpTransport, as_wire_bytes, build_message
from notifications.rendering import render

from .test_email import FIXED_NOW, HTML, TEXT, reminder, settings_for

SETTINGS = settings_for(type("S", (), {"host": "x", "port": 25}))
LONG_URL = "https://dondoc.example.gov.vn/huy-nhan/" + "eyJwIjoiZjFhMmIzYzQifQ.ZzR3bA." * 4
RENDERED = render("reminder", dict(
    recipient_name="Nguyễn Văn Ánh", agency_name="Sở Y tế", task_title="Báo cáo quý " * 9,
    plan_number="66/KH-UBND", deadline="2024-06-14", days_left=3,
    task_url="https://dondoc.example.gov.vn/nhiem-vu/t1"), "email")
SHAPES = {
    "reminder": reminder(message_id="<outbox.7.0a1b2c3d4e5f@dondoc.example.gov.vn>"),
    "rendered": RENDERED.as_email("dau.moi@soyte.example.gov.vn",
                                  message_id="<outbox.8.ab@dondoc.example.gov.vn>",
                                  unsubscribe_url=LONG_URL),
    "text only": reminder(html=None, message_id="<a.b@x.vn>"),
    "no unsubscribe": reminder(unsubscribe_url=None, message_id="<a.b@x.vn>"),
    "ascii subject": reminder(subject="Reminder " * 12, message_id="<a.b@x.vn>"),
    "long lines, = and dots": reminder(
        text=".\n" + "Dòng = dài " * 40 + "\n\n\n  trailing  \n--=_dondoc_x\n" + TEXT,
        html=HTML * 5 + "\n=_=", message_id="<a.b@x.vn>"),
    "no text end": reminder(text="một dòng", html="<p>x</p>", message_id="<a.b@x.vn>"),
    "carriage returns": reminder(text="a\r\nb\rc\n", message_id="<a.b@x.vn>"),
    "empty text": reminder(text="", html="", message_id="<a.b@x.vn>"),
    "blanks where lines wrap": reminder(
        text="".join("x" * n + " \n" + "ả" * n + "\t\n" for n in range(70, 80)),
        message_id="<a.b@x.vn>"),
}


@pytest.fixture
def one_boundary(monkeypatch):
    monkeypatch.setattr(email_wire, "boundary", lambda: "=_dondoc_" + "0123456789abcdef" * 2)
    monkeypatch.setattr(email_module, "boundary", lambda: "=_dondoc_" + "0123456789abcdef" * 2)


def by_email_message(email, now=FIXED_NOW) -> bytes:
    message = build_message(email, SETTINGS, now)
    return as_wire_bytes(message, [SETTINGS.sender_address, email.to])


@pytest.mark.parametrize("name", SHAPES)
def test_direct_bytes_are_the_email_message_bytes(name, one_boundary):
    email = SHAPES[name]
    wire, message_id, recipient = SmtpTransport(SETTINGS, clock=lambda: FIXED_NOW).wire(email)
    assert isinstance(wire, bytes) and recipient == email.to
    assert message_id == email.message_id
    assert wire == by_email_message(email)


def test_a_line_encoded_once_is_written_as_when_encoded_anew(one_boundary):
    first = [by_email_message(email) for email in SHAPES.values()]
    again = [SmtpTransport(SETTINGS, clock=lambda: FIXED_NOW).wire(email)[0]
             for email in SHAPES.values()]
    email_wire._QP_LINES.clear()
    fresh = [SmtpTransport(SETTINGS, clock=lambda: FIXED_NOW).wire(email)[0]
             for email in SHAPES.values()]
    assert first == again == fresh


@pytest.mark.parametrize("now", [FIXED_NOW, FIXED_NOW.replace(tzinfo=None),
                                 FIXED_NOW.astimezone(timezone(timedelta(hours=7)))])
def test_every_date_is_written_as_the_policy_writes_it(now, one_boundary):
    email = SHAPES["reminder"]
    wire, _, _ = SmtpTransport(SETTINGS, clock=lambda: now).wire(email)
    assert wire == by_email_message(email, now)


def test_a_message_id_made_here_is_the_one_sent_and_returned(one_boundary):
    wire, message_id, _ = SmtpTransport(SETTINGS, clock=lambda: FIXED_NOW).wire(reminder())
    assert message_id.endswith("@dondoc.example.gov.vn>")
    assert wire == by_email_message(replace(reminder(), message_id=message_id))


@pytest.mark.parametrize("email", [
    reminder(to="Nguyễn Văn Ánh <anh@soyte.example.gov.vn>"),
    reminder(to="A B <ab@x.vn>"),
    reminder(headers={"X-Dondoc": "1"}),
    reminder(message_id='<"odd id"@x.vn>'),
])
def test_other_shapes_take_the_email_message_path(email):
    assert email_wire.direct_wire(email, SETTINGS.sender, email.message_id or "<a@b.vn>",
                                  FIXED_NOW, email_module._fold, "x") is None
    wire, _, _ = SmtpTransport(SETTINGS, clock=lambda: FIXED_NOW).wire(email)
    assert b"\r\nTo: " in wire


def test_encoded_words_are_those_of_the_standard_header_encoder():
    """Base64 or Q (the shorter), lines filled character by character, for Vietnamese, mostly
    ASCII, characters of four bytes and every length around a line's end."""
    rng = random.Random(14)
    letters = "aăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựỹỵĐ😀=?_\t,;"
    for n in range(1, 400):
        pool = letters if n % 2 else "abcdefghij klmno ưở"
        text = " ".join("".join(rng.choice(pool) for _ in range(n)).split()) or "ư"
        for name in ("Subject", "To"):
            expected = Header(text, "utf-8", header_name=name).encode(linesep="\r\n")
            assert email_wire.encoded_words(text, 78 - len(name) - 2) == expected, text
