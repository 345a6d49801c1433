"""One SMTP relay, built once by the bootstrap from DONDOC_SMTP_*: the outbox dispatcher (which
sends every email, the password reset link included) reaches a real (aiosmtpd) server with the
login and the private CA the settings name."""
import pytest

from notifications.message import OutgoingEmail
from service.app import create_app
from service.config import smtp_settings
from service.outbox.transports import build_transports
from tests.notifications.conftest import (  # noqa: F401 - fixtures
    SMTP_PASSWORD, SMTP_USER, self_signed_cert, smtp_tls_server, smtps_server)


def test_port_defaults_to_465_under_implicit_tls_else_25():
    assert smtp_settings({"host": "mail.example.vn", "ssl": "1"}).port == 465
    assert smtp_settings({"host": "mail.example.vn"}).port == 25
    assert smtp_settings({"host": "mail.example.vn", "starttls": "yes", "port": "587"}).port == 587


def test_user_or_username_and_ca_file_are_read():
    for key in ("user", "username"):
        s = smtp_settings({"host": "h", key: "dondoc", "password": "pw", "ca_file": "/etc/ca.pem"})
        assert (s.username, s.password, s.ca_file) == ("dondoc", "pw", "/etc/ca.pem")


def test_no_host_means_no_relay():
    assert smtp_settings({}) is None
    assert smtp_settings({"port": "25"}) is None


@pytest.mark.parametrize("raw, words", [
    ({"host": "h", "port": "hai lăm"}, "hai lăm"),
    ({"host": "h", "ssl": "1", "starttls": "1"}, "not both"),
    ({"host": "h", "user": "dondoc"}, "go together"),
])
def test_a_bad_setting_names_the_variables(raw, words):
    with pytest.raises(ValueError, match="DONDOC_SMTP_") as caught:
        smtp_settings(raw)
    assert words in str(caught.value)


def _app(tmp_path, monkeypatch, server, **extra):
    env = {"HOST": server.host, "PORT": str(server.port), "USER": SMTP_USER,
           "PASSWORD": SMTP_PASSWORD, "CA_FILE": server.cert_file,
           "SENDER": "Đôn đốc <dondoc@example.gov.vn>", **extra}
    for key, value in env.items():
        monkeypatch.setenv(f"DONDOC_SMTP_{key}", value)
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                       "INSTANCE_PATH": str(tmp_path / "instance")})


def _send_two(app):
    dd = app.extensions["dondoc"]
    email, _sms = build_transports(dd.settings, dd.smtp, outbox_only=False)
    assert email.settings is dd.smtp  # the same object: built once
    email.send(OutgoingEmail(to="a@example.gov.vn", subject="Nhắc việc", text="Hạn nộp"))
    email.send(OutgoingEmail(to="b@example.gov.vn", subject="Đặt lại mật khẩu", text="Liên kết"))


def test_smtps_with_login_and_private_ca(tmp_path, monkeypatch, smtps_server):
    _send_two(_app(tmp_path, monkeypatch, smtps_server, SSL="1"))
    received = smtps_server.received
    assert [m.envelope.rcpt_tos for m in received] == [["a@example.gov.vn"], ["b@example.gov.vn"]]
    assert all(m.tls and m.authenticated and m.login == SMTP_USER for m in received)


def test_starttls_with_login_and_private_ca(tmp_path, monkeypatch, smtp_tls_server):
    _send_two(_app(tmp_path, monkeypatch, smtp_tls_server, STARTTLS="1"))
    received = smtp_tls_server.received
    assert len(received) == 2
    assert all(m.tls and m.authenticated and m.login == SMTP_USER for m in received)
