"""SmtpTransport against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import pytest

from notifications.email import SmtpSettings, SmtpTransport, build_message, format_sender
from notifications.errors import TransportError
from notifications.message import OutgoingEmail

from .conftest import SMTP_PASSWORD, SMTP_USER

SUBJECT = "[Nhắc việc] Báo cáo kết quả phòng, chống tệ nạn mại dâm 6 tháng đầu năm 2024"
TEXT = "Kính gửi đồng chí Nguyễn Văn Ánh,\nNhiệm vụ sắp đến hạn ngày 14/06/2024.\n"
HTML = "<p>Kính gửi đồng chí <b>Nguyễn Văn Ánh</b>,</p><p>Hạn: 14/06/2024</p>"
SENDER = format_sender("Hệ thống Đôn đốc", "dondoc@sldtbxh.example.gov.vn")
FIXED_NOW = datetime(2024, 6, 11, 1, 30, tzinfo=timezone.utc)


def unix(text: str) -> str:
    """Line ends as written: SMTP carries CRLF."""
    return text.replace("\r\n", "\n")


def settings_for(server, **overrides) -> SmtpSettings:
    values = dict(host=server.host, port=server.port, sender=SENDER, timeout=5,
                  message_id_domain="dondoc.example.gov.vn")
    values.update(overrides)
    return SmtpSettings(**values)


def reminder(to="dau.moi@soyte.example.gov.vn", **overrides) -> OutgoingEmail:
    values = dict(to=to, subject=SUBJECT, text=TEXT, html=HTML,
                  unsubscribe_url="https://dondoc.example.gov.vn/huy-dang-ky/abc123")
    values.update(overrides)
    return OutgoingEmail(**values)


def test_a_real_signed_unsubscribe_url_goes_on_the_wire_as_it_is(smtp_server):
    """A signed one-click URL is longer than a folded line: it once went out as RFC 2047
    encoded words ("=?utf-8?q?=3Chttps=3A//..."), which no mail client reads as a URL."""
    url = ("https://dondoc.example.gov.vn/huy-nhan/"
           "eyJwIjoiZjFhMmIzYzQiLCJrIjoiZW1haWwifQ.ZzR3bA.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0")
    SmtpTransport(settings_for(smtp_server), clock=lambda: FIXED_NOW).send(reminder(unsubscribe_url=url))
    [mail] = smtp_server.received
    assert f"\r\nList-Unsubscribe: <{url}>\r\n".encode() in mail.raw
    assert b"=?utf-8?" not in mail.raw.split(b"List-Unsubscribe:", 1)[1].split(b"\r\n")[0]
    assert mail.message["List-Unsubscribe"] == f"<{url}>"


def test_message_arrives_with_vietnamese_subject_both_parts_and_headers(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server), clock=lambda: FIXED_NOW)
    delivery = transport.send(reminder())

    [mail] = smtp_server.received
    assert mail.envelope.mail_from == "dondoc@sldtbxh.example.gov.vn"
    assert mail.envelope.rcpt_tos == ["dau.moi@soyte.example.gov.vn"]
    msg = mail.message
    assert msg["Subject"] == SUBJECT
    assert msg["From"].addresses[0].display_name == "Hệ thống Đôn đốc"
    assert msg["To"] == "dau.moi@soyte.example.gov.vn"
    assert parsedate_to_datetime(msg["Date"]) == FIXED_NOW
    assert msg["Message-ID"] == delivery.provider_id
    assert msg["Message-ID"].endswith("@dondoc.example.gov.vn>")
    assert msg["List-Unsubscribe"] == "<https://dondoc.example.gov.vn/huy-dang-ky/abc123>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    text, html = msg.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert text.get_content_charset() == "utf-8"
    assert unix(text.get_content()) == TEXT
    assert html.get_content_type() == "text/html"
    assert unix(html.get_content()).rstrip("\n") == HTML


def test_wire_format_is_seven_bit_clean(smtp_server):
    SmtpTransport(settings_for(smtp_server)).send(reminder())
    raw = smtp_server.received[0].raw
    raw.decode("ascii")  # RFC 2047 headers, quoted-printable bodies
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))


def test_given_message_id_is_kept_and_text_only_mail_is_single_part(smtp_server):
    transport = SmtpTransport(settings_for(smtp_server))
    delivery = transport.send(reminder(html=None, unsubscribe_url=None,
                                       message_id="<outbox-42@dondoc.example.gov.vn>",
                                       headers={"X-Dondoc-Kind": "reminder"}))
    msg = smtp_server.received[0].message
    assert delivery.provider_id == "<outbox-42@dondoc.example.gov.vn>"
    assert msg["Message-ID"] == "<outbox-42@dondoc.example.gov.vn>"
    assert msg["X-Dondoc-Kind"] == "reminder"
    assert msg["List-Unsubscribe"] is None
    assert msg.get_content_type() == "text/plain"
    assert unix(msg.get_content()) == TEXT


def test_recipient_with_vietnamese_display_name(smtp_server):
    SmtpTransport(settings_for(smtp_server)).send(
        reminder(to=format_sender("Trần Thị Bích", "bich@soyte.example.gov.vn")))
    mail = smtp_server.received[0]
    assert mail.envelope.rcpt_tos == ["bich@soyte.example.gov.vn"]
    assert mail.message["To"].addresses[0].display_name == "Trần Thị Bích"


def test_refused_address_is_a_permanent_failure(smtp_server):
    smtp_server.refuse("khong.ton.tai@soyte.example.gov.vn")
    transport = SmtpTransport(settings_for(smtp_server))
    with pytest.raises(TransportError) as caught:
        transport.send(reminder(to="khong.ton.tai@soyte.example.gov.vn"))
    assert caught.value.permanent
    assert "550" in str(caught.value)
    assert smtp_server.received == []


def test_deferred_address_is_transient(smtp_server):
    smtp_server.defer("ban@soyte.example.gov.vn")
    with pytest.raises(TransportError) as caught:
        SmtpTransport(settings_for(smtp_server)).send(reminder(to="ban@soyte.example.gov.vn"))
    assert not caught.value.permanent
    assert "451" in str(caught.value)


def test_server_down_is_transient(closed_port):
    settings = SmtpSettings(host="127.0.0.1", port=closed_port, sender=SENDER, timeout=2)
    with pytest.raises(TransportError) as caught:
        SmtpTransport(settings).send(reminder())
    assert not caught.value.permanent


@pytest.mark.parametrize("bad", ["", "không phải địa chỉ", "a@b", "a@x.vn, b@y.vn",
                                 "a@x.vn\r\nBcc: c@y.vn"])
def test_malformed_address_fails_for_good_without_connecting(bad, closed_port):
    settings = SmtpSettings(host="127.0.0.1", port=closed_port, sender=SENDER)
    with pytest.raises(TransportError) as caught:
        SmtpTransport(settings).send(reminder(to=bad))
    assert caught.value.permanent


def test_starttls_and_login(smtp_tls_server):
    settings = settings_for(smtp_tls_server, starttls=True, username=SMTP_USER,
                            password=SMTP_PASSWORD, ca_file=smtp_tls_server.cert_file)
    SmtpTransport(settings).send(reminder())
    [mail] = smtp_tls_server.received
    assert mail.tls and mail.authenticated and mail.login == SMTP_USER
    assert mail.message["Subject"] == SUBJECT


def test_wrong_password_is_reported_as_a_setting_to_fix(smtp_tls_server):
    settings = settings_for(smtp_tls_server, starttls=True, username=SMTP_USER,
                            password="sai", ca_file=smtp_tls_server.cert_file)
    with pytest.raises(TransportError) as caught:
        SmtpTransport(settings).send(reminder())
    assert "password" in str(caught.value)
    assert not caught.value.permanent  # fixing the setting lets queued mail go
    assert smtp_tls_server.received == []


def test_plaintext_to_a_server_requiring_starttls_fails(smtp_tls_server):
    with pytest.raises(TransportError) as caught:
        SmtpTransport(settings_for(smtp_tls_server)).send(reminder())
    assert "TLS" in str(caught.value) or "STARTTLS" in str(caught.value)


def test_untrusted_certificate_is_refused(smtp_tls_server):
    settings = settings_for(smtp_tls_server, starttls=True, username=SMTP_USER,
                            password=SMTP_PASSWORD)  # no ca_file: self-signed untrusted
    with pytest.raises(TransportError) as caught:
        SmtpTransport(settings).send(reminder())
    assert not caught.value.permanent
    assert smtp_tls_server.received == []


def test_implicit_tls(smtps_server):
    settings = settings_for(smtps_server, port=smtps_server.port, ssl=True,
                            username=SMTP_USER, password=SMTP_PASSWORD,
                            ca_file=smtps_server.cert_file)
    SmtpTransport(settings).send(reminder())
    [mail] = smtps_server.received
    assert mail.authenticated and mail.tls


def test_settings_refuse_contradictions():
    with pytest.raises(ValueError):
        SmtpSettings(host="h", sender=SENDER, starttls=True, ssl=True)
    with pytest.raises(ValueError):
        SmtpSettings(host="h", sender=SENDER, username="u")
    with pytest.raises(ValueError, match="ASCII"):  # smtplib cannot send it
        SmtpSettings(host="h", sender=SENDER, username="u", password="mật khẩu")


def test_message_id_domain_defaults_to_sender_domain():
    settings = SmtpSettings(host="h", sender=SENDER)
    msg = build_message(reminder(), settings, FIXED_NOW)
    assert msg["Message-ID"].endswith("@sldtbxh.example.gov.vn>")


def test_subject_newlines_cannot_inject_headers():
    settings = SmtpSettings(host="h", sender=SENDER)
    msg = build_message(reminder(subject="Nhắc việc\r\nBcc: x@y.vn"), settings, FIXED_NOW)
    assert msg["Bcc"] is None
    assert msg["Subject"] == "Nhắc việc Bcc: x@y.vn"


def test_rendered_reminder_goes_through_smtp(smtp_server):
    from datetime import date

    from notifications.rendering import render

    context = {"recipient_name": "Nguyễn Văn An", "agency_name": "Sở Y tế",
               "task_title": "Báo cáo 6 tháng <đầu năm>", "plan_number": "66/KH-UBND",
               "deadline": date(2024, 6, 14), "days_left": 3,
               "task_url": "https://dondoc.example.gov.vn/nv/1"}
    outgoing = render("reminder", context, "email").as_email(
        "an@soyte.example.gov.vn", unsubscribe_url="https://dondoc.example.gov.vn/huy/1")
    SmtpTransport(settings_for(smtp_server)).send(outgoing)
    msg = smtp_server.received[0].message
    assert msg["Subject"] == "[Nhắc việc] Báo cáo 6 tháng <đầu năm> - hạn 14/06/2024"
    text, html = msg.iter_parts()
    assert "còn 3 ngày làm việc" in text.get_content()
    assert "Báo cáo 6 tháng &lt;đầu năm&gt;" in html.get_content()
    assert msg["List-Unsubscribe"] == "<https://dondoc.example.gov.vn/huy/1>"


@pytest.mark.parametrize("length", range(20, 200, 7))
def test_long_vietnamese_subjects_keep_every_space(smtp_server, length):
    words = "Báo cáo tháng <đầu năm> Sở Lao động - Thương binh và Xã hội hạn 14/06/2024"
    subject = (words + " ") * 5
    subject = subject[:length].strip()
    SmtpTransport(settings_for(smtp_server)).send(reminder(subject=subject))
    mail = smtp_server.received[0]
    assert mail.message["Subject"] == subject
    assert all(len(line) <= 78 for line in mail.raw.split(b"\r\n"))
