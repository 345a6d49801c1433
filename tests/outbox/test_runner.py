"""The loop, the embedded thread, the transports built from settings, the CLI."""
import json
import threading
import time
from datetime import date

import pytest

from notifications.quiet_hours import DEFAULT_QUIET_HOURS
from service.config import Settings, smtp_settings
from service.outbox.runner import start_dispatcher_thread
from service.outbox.transports import OutboxFileTransport, build_transports
from tests.outbox.world import PLAN, add_person, add_task, happen, rows, seed
from workflows.task_events import Escalated

D = date(2024, 2, 20)


def escalation(dd):
    seed(dd)
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", phone="+84987654321",
               plan_ids=[PLAN])
    add_task(dd, "t1", D, title="Nhiệm vụ t1")
    happen(dd, "t1", Escalated("escalate_coordinator", "k", D, "coordinator"))


def test_with_nothing_configured_messages_go_to_a_file(tmp_path, caplog):
    email, sms = build_transports(Settings("sqlite://", "x", tmp_path), None)
    assert isinstance(email, OutboxFileTransport) and isinstance(sms, OutboxFileTransport)
    assert "outbox-only" in caplog.text


def test_production_without_transports_does_not_pretend_to_send(tmp_path, caplog):
    email, sms = build_transports(Settings("postgresql://db/dondoc", "x", tmp_path), None)
    assert email is None and sms is None
    assert "cannot be sent" in caplog.text


def test_smtp_and_sms_settings_from_the_environment(tmp_path):
    settings = Settings.from_env(tmp_path, {
        "DONDOC_SMTP_HOST": "mail.example.vn", "DONDOC_SMTP_PORT": "587",
        "DONDOC_SMTP_USER": "dondoc", "DONDOC_SMTP_PASSWORD": "pw", "DONDOC_SMTP_STARTTLS": "1",
        "DONDOC_SMTP_SENDER": "Đôn đốc <dondoc@example.vn>",
        "DONDOC_SMS_PROVIDER": "webhook", "DONDOC_SMS_URL": "http://127.0.0.1:9/sms"})
    email, sms = build_transports(settings, smtp_settings(settings.smtp))
    assert (email.settings.port, email.settings.starttls, email.settings.username) == (
        587, True, "dondoc")
    assert sms.url == "http://127.0.0.1:9/sms"


@pytest.mark.two_clocks
def test_the_embedded_thread_sends_until_stopped(dd, clock):
    escalation(dd)
    night = DEFAULT_QUIET_HOURS.is_quiet(clock.now())
    stop = threading.Event()
    thread = start_dispatcher_thread(dd, stop, interval=0.05, outbox_only=True)
    try:
        deadline = time.monotonic() + 20
        while [r.status for r in rows(dd, channel="email")] != ["sent"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        if night:  # the SMS waits for the morning, and goes once the clock gets there
            assert [r.status for r in rows(dd, channel="sms")] == ["pending"]
            clock.set(DEFAULT_QUIET_HOURS.hold_until(clock.now()))
        while [r.status for r in rows(dd, channel="sms")] != ["sent"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    log = dd.settings.instance_path / "outbox-messages.log"
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["channel"] for r in lines] == ["email", "sms"]
    assert "Nhiệm vụ t1" in next(r["text"] for r in lines if r["channel"] == "email")


@pytest.mark.two_clocks
def test_dondoc_dispatcher_once_sends_through_the_configured_servers(engine, clock, tmp_path,
                                                                      mail, http_gateway,
                                                                      monkeypatch):
    """The command takes the time from the app's clock: a test hands it one (``obj``)."""
    from click.testing import CliRunner

    from service.app import create_app
    from service.cli import main

    monkeypatch.setenv("DONDOC_SMTP_HOST", mail.host)
    monkeypatch.setenv("DONDOC_SMTP_PORT", str(mail.port))
    monkeypatch.setenv("DONDOC_SMS_PROVIDER", "webhook")
    monkeypatch.setenv("DONDOC_SMS_URL", http_gateway.url)
    app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": clock,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    escalation(app.extensions["dondoc"])

    def once():
        result = CliRunner().invoke(main, ["dispatcher", "--once"], obj={"app": app})
        assert result.exit_code == 0, result.output
        return result.output

    if DEFAULT_QUIET_HOURS.is_quiet(clock.now()):
        assert once().startswith("1 message sent")  # the email; no SMS at night
        assert len(mail.received) == 1 and not http_gateway.requests
        clock.set(DEFAULT_QUIET_HOURS.hold_until(clock.now()))
        assert once().startswith("1 message sent")
    else:
        assert once().startswith("2 messages sent")
    assert len(mail.received) == 1 and len(http_gateway.requests) == 1
