"""What the transports send, and what they report back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutgoingEmail:
    """One email to one recipient.

    ``to`` is an address, optionally with a display name ("Nguyễn Văn A <a@x.gov.vn>").
    ``message_id`` lets the outbox keep the same Message-ID across retries, so a mail
    server that accepted the first try and timed out on the answer does not show two.
    """

    to: str
    subject: str
    text: str
    html: str | None = None
    message_id: str | None = None
    unsubscribe_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutgoingSms:
    """One SMS to one phone number, as written (diacritics are the gateway's concern).

    ``reference`` is an idempotency key (the outbox row id): providers that support it
    drop a retried request they already accepted.
    """

    to: str
    text: str
    reference: str | None = None


@dataclass(frozen=True)
class Delivery:
    """A message the provider accepted: its id there (if any) and a short note."""

    provider_id: str | None
    detail: str = ""
