"""The mail relay and the SMS gateway of the dispatch benchmark, in a process of their own (as a
relay is): python -m tests.benchmarks.loopback_servers prints ``ports SMTP HTTP``, then a line
per message received (``mail <Message-ID>`` or ``sms``), so the dispatcher's process is measured
without the servers' work in it. Uses the tests' own loopback servers (tests/notifications)."""
from __future__ import annotations

import re
import sys
import threading

from aiosmtpd.controller import Controller

from tests.notifications.conftest import (FakeHttpGateway, RecordingHandler, _GatewayServer,
                                          _handler_for, free_port)

_out = threading.Lock()


def say(line: str) -> None:
    with _out:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


_MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class SaysEachMail(RecordingHandler):
    """Takes each message as a relay does, without parsing its MIME (the tests' handler does,
    which would make this process, not the dispatcher, the bottleneck); says its Message-ID."""

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        head = raw.split(b"\r\n\r\n", 1)[0]
        found = _MESSAGE_ID.search(head)
        say(f"mail {found.group(1).decode() if found else '-'}")
        return "250 2.0.0 Ok: queued"


class SaysEachSms(FakeHttpGateway):
    def next_answer(self):
        self.requests.clear()
        say("sms")
        return super().next_answer()


def main() -> None:
    smtp = Controller(SaysEachMail(), hostname="127.0.0.1", port=free_port())
    gateway = SaysEachSms()
    handler = type("KeepAlive", (_handler_for(gateway),), {"protocol_version": "HTTP/1.1",
                                                           "disable_nagle_algorithm": True})
    http = _GatewayServer(("127.0.0.1", 0), handler)  # keeps connections open, as gateways do
    smtp.start()
    threading.Thread(target=http.serve_forever, daemon=True).start()
    say(f"ports {smtp.port} {http.server_address[1]}")
    sys.stdin.read()  # until the benchmark closes our stdin
    smtp.stop()
    http.shutdown()


if __name__ == "__main__":
    main()
