"""Sending one email from the web (the password reset link) over the configured SMTP relay.

The outbox queues messages about tasks; a reset link is for the person asking now, so it goes
straight to the relay and its failure is logged (never shown: it would tell who has an account).
The relay is the one the bootstrap built (``Dondoc.smtp``), the same the dispatcher uses.
"""
from __future__ import annotations

from flask import current_app

from notifications.email import SmtpTransport
from notifications.errors import TransportError
from notifications.message import OutgoingEmail


def send_email(to: str, subject: str, text: str) -> bool:
    settings = current_app.extensions["dondoc"].smtp
    if settings is None:
        current_app.logger.warning("no SMTP relay configured (DONDOC_SMTP_HOST): email to %s not sent", to)
        return False
    try:
        SmtpTransport(settings).send(OutgoingEmail(to=to, subject=subject, text=text))
    except TransportError as exc:
        current_app.logger.warning("email to %s failed: %s", to, exc)
        return False
    return True
