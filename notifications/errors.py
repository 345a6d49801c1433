"""Errors raised by the notification transports, rendering and address checks."""

from __future__ import annotations


class TransportError(Exception):
    """A message could not be handed to the provider.

    ``permanent`` says whether trying again can help: a refused address or a number the
    provider rejects is permanent; a refused connection, a timeout or a 4xx/5xx that the
    provider may recover from is not. The dispatcher retries only the transient ones.
    """

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent

    def __repr__(self) -> str:
        return f"TransportError({self.message!r}, permanent={self.permanent})"


class InvalidPhoneNumber(ValueError):
    """A phone number that cannot receive an SMS.

    ``str(error)`` is English for logs and the CLI; ``error.vi`` is the Vietnamese
    sentence to show in the web pages next to the field.
    """

    def __init__(self, raw: str, reason: str, vi: str) -> None:
        super().__init__(f"invalid phone number {raw!r}: {reason}")
        self.raw = raw
        self.reason = reason
        self.vi = vi


class TemplateError(Exception):
    """A message could not be rendered: unknown kind, missing template or variable."""

    def __init__(self, kind: str, message: str, variable: str | None = None,
                 channel: str | None = None) -> None:
        where = kind if channel is None else f"{kind} ({channel})"
        super().__init__(f"cannot render {where}: {message}")
        self.kind = kind
        self.variable = variable
        self.channel = channel
