"""Transports from Settings (DONDOC_SMTP_*, DONDOC_SMS_*), and the outbox-only fallback.

SMTP: the relay the bootstrap built from DONDOC_SMTP_* (``service.config.smtp_settings``).
SMS: DONDOC_SMS_PROVIDER (webhook or esms) and that provider's settings
(notifications.gateways.build_gateway).
Zalo: DONDOC_ZALO_ACCESS_TOKEN and DONDOC_ZALO_TEMPLATE_<KIND> (notifications.zalo.build_zalo).

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
from typing import Any

from notifications.email import SmtpSettings, SmtpTransport
from notifications.message import Delivery, OutgoingEmail, OutgoingSms
from notifications.gateways import build_gateway
from notifications.zalo import OutgoingZalo, build_zalo
from service.private_files import open_append

log = logging.getLogger(__name__)


WRITTEN_TO_FILE = "outbox-file"  # the provider id of a message only written to the file


class OutboxFileTransport:
    """Writes each message as one JSON line to a file, for both channels; sends nothing (its
    rows say so: provider id :data:`WRITTEN_TO_FILE`, which the pages show as not sent)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def template_for(self, kind: str) -> str:
        return f"({kind})"  # no ZNS account: the file shows which template would be used

    def send(self, message: OutgoingEmail | OutgoingSms | OutgoingZalo) -> Delivery:
        if isinstance(message, OutgoingZalo):
            record = {"channel": "zalo", "to": message.to, "template": message.template_id,
                      "params": message.params, "reference": message.reference}
        elif isinstance(message, OutgoingEmail):
            record = {"channel": "email", "to": message.to, "subject": message.subject,
                      "text": message.text, "message_id": message.message_id}
        else:
            record = {"channel": "sms", "to": message.to, "text": message.text,
                      "reference": message.reference}
        record["written_at"] = datetime.now(timezone.utc).isoformat()
        with self._lock, open_append(self.path) as f:  # owner-only: it holds every message
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return Delivery(provider_id=WRITTEN_TO_FILE, detail=f"written to {self.path} (outbox-only)")


def build_transports(settings, smtp: SmtpSettings | None,
                     outbox_only: bool | None = None) -> tuple[Any, Any]:
    """(email transport, SMS gateway) as configured; ``smtp`` is the relay the bootstrap built
    (``Dondoc.smtp``). What is not configured is the file fallback when ``outbox_only``
    (default: on SQLite), else None (its rows are retried)."""
    if outbox_only is None:
        outbox_only = settings.database_url.startswith("sqlite")
    fallback = OutboxFileTransport(Path(settings.instance_path) / "outbox-messages.log")
    if not outbox_only:
        fallback = None
    if smtp is not None:
        email = SmtpTransport(smtp)
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


def build_zalo_transport(settings, outbox_only: bool | None = None):
    """The Zalo ZNS transport if DONDOC_ZALO_ACCESS_TOKEN is set, else as build_transports
    does for a missing channel (the file on SQLite, None on PostgreSQL)."""
    zalo = build_zalo(settings.zalo)
    if zalo is not None:
        log.info("zalo: ZNS, templates for %s", ", ".join(sorted(zalo.templates)))
        return zalo
    if outbox_only is None:
        outbox_only = settings.database_url.startswith("sqlite")
    fallback = OutboxFileTransport(Path(settings.instance_path) / "outbox-messages.log") \
        if outbox_only else None
    _warn_unconfigured("zalo", "DONDOC_ZALO_ACCESS_TOKEN", fallback)
    return fallback


def _warn_unconfigured(channel: str, variable: str, fallback) -> None:
    if fallback is None:
        log.error("%s: no %s: %s messages cannot be sent and will be retried, then fail",
                  channel, variable, channel)
    else:
        log.warning("%s: no %s, outbox-only: messages are written to %s, not sent",
                    channel, variable, fallback.path)
