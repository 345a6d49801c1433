"""Transports from Settings (DONDOC_SMTP_*, DONDOC_SMS_*), and the outbox-only fallback.

SMTP: DONDOC_SMTP_HOST (required to use SMTP), _PORT, _SENDER, _USER (or _USERNAME),
_PASSWORD, _STARTTLS, _SSL, _TIMEOUT, _CA_FILE. SMS: DONDOC_SMS_PROVIDER (webhook or esms) and
that provider's settings (notifications.sms.build_gateway).

With nothing configured on SQLite (the embedded default), messages are written to
``<instance>/outbox-messages.log`` instead of being sent, and the log says so: a demo works
without a mail relay or an SMS account. On PostgreSQL (production) a missing transport is not
papered over: its messages fail transiently, are retried, and show as failing.
"""
from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from notifications.email import SmtpSettings, SmtpTransport
from notifications.message import Delivery, OutgoingEmail, OutgoingSms
from notifications.sms import build_gateway

log = logging.getLogger(__name__)

DEFAULT_SENDER = "Đôn đốc <dondoc@localhost>"


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def smtp_settings(smtp: Mapping[str, Any]) -> SmtpSettings:
    ssl = _flag(smtp.get("ssl", ""))
    return SmtpSettings(
        host=smtp["host"],
        port=int(smtp.get("port") or (465 if ssl else 25)),
        sender=smtp.get("sender") or DEFAULT_SENDER,
        username=smtp.get("user") or smtp.get("username") or None,
        password=smtp.get("password") or None,
        starttls=_flag(smtp.get("starttls", "")),
        ssl=ssl,
        timeout=float(smtp.get("timeout") or 30),
        ca_file=smtp.get("ca_file") or None,
    )


class OutboxFileTransport:
    """Writes each message as one JSON line to a file, for both channels; sends nothing."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def send(self, message: OutgoingEmail | OutgoingSms) -> Delivery:
        if isinstance(message, OutgoingEmail):
            record = {"channel": "email", "to": message.to, "subject": message.subject,
                      "text": message.text, "message_id": message.message_id}
        else:
            record = {"channel": "sms", "to": message.to, "text": message.text,
                      "reference": message.reference}
        record["written_at"] = datetime.now(timezone.utc).isoformat()
        with self._lock, self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return Delivery(provider_id=None, detail=f"written to {self.path} (outbox-only)")


def build_transports(settings, outbox_only: bool | None = None) -> tuple[Any, Any]:
    """(email transport, SMS gateway) as configured. What is not configured is the file
    fallback when ``outbox_only`` (default: on SQLite), else None (its rows are retried)."""
    if outbox_only is None:
        outbox_only = settings.database_url.startswith("sqlite")
    fallback = OutboxFileTransport(Path(settings.instance_path) / "outbox-messages.log")
    if not outbox_only:
        fallback = None
    if settings.smtp.get("host"):
        email = SmtpTransport(smtp_settings(settings.smtp))
        log.info("email: SMTP %s:%s", email.settings.host, email.settings.port)
    else:
        email = fallback
        _warn_unconfigured("email", "DONDOC_SMTP_HOST", fallback)
    if settings.sms.get("provider"):
        sms = build_gateway(settings.sms)
        log.info("sms: %s gateway", settings.sms["provider"])
    else:
        sms = fallback
        _warn_unconfigured("sms", "DONDOC_SMS_PROVIDER", fallback)
    return email, sms


def _warn_unconfigured(channel: str, variable: str, fallback) -> None:
    if fallback is None:
        log.error("%s: no %s: %s messages cannot be sent and will be retried, then fail",
                  channel, variable, channel)
    else:
        log.warning("%s: no %s, outbox-only: messages are written to %s, not sent",
                    channel, variable, fallback.path)
