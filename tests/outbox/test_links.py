"""Links in messages lead where the service runs: ``dondoc run --port 5201`` gives links on 5201,
unless DONDOC_BASE_URL says where people open it."""
import time
from pathlib import Path

from click.testing import CliRunner

from service.config import Settings
from tests.outbox.test_runner import escalation


def test_links_follow_the_port_served_unless_the_base_url_is_given():
    served = Settings("sqlite://", "x", Path("."))
    assert served.serving("127.0.0.1", 5201) == "http://127.0.0.1:5201"
    assert Settings("sqlite://", "x", Path(".")).serving("0.0.0.0", 80) == "http://127.0.0.1:80"
    given = Settings.from_env(Path("."), {"DONDOC_BASE_URL": "https://dondoc.example.gov.vn"})
    assert given.serving("0.0.0.0", 5201) == "https://dondoc.example.gov.vn"


def test_dondoc_run_on_another_port_sends_links_to_that_port(engine, clock, tmp_path, mail,
                                                              monkeypatch):
    from service.app import create_app
    from service.cli import main

    monkeypatch.setenv("DONDOC_SMTP_HOST", mail.host)
    monkeypatch.setenv("DONDOC_SMTP_PORT", str(mail.port))
    monkeypatch.delenv("DONDOC_BASE_URL", raising=False)
    app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": clock,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    escalation(app.extensions["dondoc"])

    def serve_until_the_mail_is_out(**kwargs):  # the web server itself is not the point here
        deadline = time.monotonic() + 20
        while not mail.received and time.monotonic() < deadline:
            time.sleep(0.05)

    monkeypatch.setattr(app, "run", serve_until_the_mail_is_out)
    result = CliRunner().invoke(main, ["run", "--port", "5201", "--no-scheduler"],
                                obj={"app": app})
    assert result.exit_code == 0, result.output
    assert "links in messages to http://127.0.0.1:5201/" in result.output
    (message,) = mail.received
    text = message.message.get_body(("plain",)).get_content()
    assert "http://127.0.0.1:5201/l/" in text and ":5000" not in text
