"""Sending one email from the web (the password reset link) over the configured SMTP relay.

The outbox queues messages about tasks; a reset link is for the person asking now, so it goes
straight to the relay and its failure is logged (never shown: it would tell who has an account).
"""
from __future__ import annotations

from flask import current_app

from notifications.email import SmtpSettings, SmtpTransport
from notifications.errors import TransportError
from notifications.message import OutgoingEmail

_BOOL = {"1", "true", "yes", "on"}


def smtp_settings(raw: dict) -> SmtpSettings | None:
    if not raw.get("host"):
        return None
    return SmtpSettings(
        host=raw["host"], port=int(raw.get("port") or 25),
        sender=raw.get("sender") or "Đôn đốc <dondoc@localhost>",
        username=raw.get("username") or None, password=raw.get("password") or None,
        starttls=str(raw.get("starttls", "")).lower() in _BOOL,
        ssl=str(raw.get("ssl", "")).lower() in _BOOL,
        timeout=float(raw.get("timeout") or 30))


def send_email(to: str, subject: str, text: str) -> bool:
    settings = smtp_settings(current_app.extensions["dondoc"].settings.smtp)
    if settings is None:
        current_app.logger.warning("no SMTP relay configured (DONDOC_SMTP_HOST): email to %s not sent", to)
        return False
    try:
        SmtpTransport(settings).send(OutgoingEmail(to=to, subject=subject, text=text))
    except TransportError as exc:
        current_app.logger.warning("email to %s failed: %s", to, exc)
        return False
    return True
