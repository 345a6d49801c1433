"""Email over SMTP (smtplib): one connection per message, or inside ``SmtpTransport.session()``
one connection kept for many (notifications.smtp_session).

The message is multipart/alternative (plain text first, HTML last, as RFC 2046 orders
them: the last part is the preferred one). Headers that are not ASCII are RFC 2047
encoded and the bodies are UTF-8 quoted-printable, so that any relay, 8BITMIME or not,
passes Vietnamese text through unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.generator import BytesGenerator
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from typing import Callable

from notifications.email_wire import boundary, direct_wire, encoded_words
from notifications.errors import TransportError
from notifications.message import Delivery, OutgoingEmail
from notifications.smtp_session import KeptConnections
from notifications.smtp_staged import StagedConnections, StagedEmail, Once


@dataclass(frozen=True, kw_only=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str  # "Đôn đốc <dondoc@sldtbxh.example.gov.vn>"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    ssl: bool = False  # implicit TLS (SMTPS, usually port 465)
    timeout: float = 30.0
    message_id_domain: str | None = None  # defaults to the sender's domain
    ca_file: str | None = None  # a CA bundle for a relay with a private certificate
    max_per_connection: int = 20  # messages on one kept connection (Exchange's default cap)
    # messages a dispatcher carries to the relay side by side, each on a connection of its
    # own, the relay taking them one at a time (notifications.smtp_staged); 1: one after another
    # on one connection, each answer read once the next message is ready (the dispatcher's
    # service.outbox.pipeline.InTurn; on 2 busy cores 4 connections cost more CPU a message)
    connections: int = 1

    def __post_init__(self) -> None:
        if self.starttls and self.ssl:
            raise ValueError("choose STARTTLS or implicit TLS (ssl), not both")
        if (self.username is None) != (self.password is None):
            raise ValueError("SMTP username and password go together")
        if not (self.username or "").isascii() or not (self.password or "").isascii():
            # smtplib encodes AUTH credentials as ASCII and would fail at every send.
            raise ValueError("SMTP username and password must be ASCII")
        if self.max_per_connection < 1:
            raise ValueError("max_per_connection is at least 1 message")
        if self.connections < 1:
            raise ValueError("connections is at least 1")

    @functools.cached_property  # read at every message
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @functools.cached_property
    def msgid_domain(self) -> str:
        return self.message_id_domain or self.sender_address.rpartition("@")[2]


class _EncodedSubject(str):
    """A Subject already RFC 2047 encoded and folded, to be sent as it is."""


class _WirePolicy(EmailPolicy):
    # CPython 3.11's header folder can fold at the space between two encoded words and
    # drop it: "tháng <đầu năm>" arrived as "<đầunăm>". email.header's older encoder
    # keeps spaces inside the encoded words, so the Subject is encoded by it instead.
    def header_store_parse(self, name, value):
        if name.lower() == "subject" and isinstance(value, _EncodedSubject):
            return (name, str(value))
        if _unfolded(name, value):
            return (name, str(value))
        if type(value) is not str:
            return super().header_store_parse(name, value)
        key = (name, value)  # a batch repeats From, To, Date and the MIME headers: parsed once
        parsed = _PARSED.get(key)
        if parsed is None:
            parsed = super().header_store_parse(name, value)
            _remember(_PARSED, key, parsed)
        return parsed

    # A signed unsubscribe URL is longer than 78 characters, and the folder turned it into
    # RFC 2047 encoded words no mail client reads as a URL (RFC 2369 wants the URL as it is):
    # it goes on one line, legal up to 998 characters (RFC 5322).
    def fold(self, name, value):
        if _unfolded(name, value):
            return f"{name}: {value}{self.linesep}"
        return super().fold(name, value)

    def fold_binary(self, name, value):
        if _unfolded(name, value):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        key = (name, str(value))
        if _PARSED.get(key, (None, None))[1] is not value:  # only what was parsed here
            return super().fold_binary(name, value)
        folded = _FOLDED.get(key)
        if folded is None:
            folded = super().fold_binary(name, value)
            _remember(_FOLDED, key, folded)
        return folded


# Parsed headers (immutable objects) and their folded bytes, by (name, value) for this policy.
_PARSED: dict = {}
_FOLDED: dict = {}


def _remember(memo: dict, key, value) -> None:
    if len(memo) >= 512:
        memo.clear()
    memo[key] = value


_ONE_LINE = ("list-unsubscribe", "list-unsubscribe-post")


def _unfolded(name: str, value) -> bool:
    return (name.lower() in _ONE_LINE and isinstance(value, str) and value.isascii()
            and not hasattr(value, "name") and len(name) + len(value) + 2 <= 998
            and "\r" not in value and "\n" not in value)


class _KeptRegistry(HeaderRegistry):
    """The standard registry builds a new header class (type(...)) at every header it parses;
    here each name's class is built once."""

    def __init__(self):
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name):
        made = self._made.get(name.lower())
        if made is None:
            made = self._made[name.lower()] = super().__getitem__(name)
        return made


_POLICY = _WirePolicy(linesep="\r\n", header_factory=_KeptRegistry())


def _fold(name: str, value: str) -> bytes:
    """One header line as the generator writes it from ``message[name] = value``."""
    return _POLICY.fold_binary(*_POLICY.header_store_parse(name, value))


def _subject(text: str) -> str:
    one_line = " ".join(text.split())
    if one_line.isascii():
        return one_line
    # what Header(one_line, "utf-8", header_name="Subject").encode(linesep="\r\n") gives
    return _EncodedSubject(encoded_words(one_line, 78 - len("Subject: ")))


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


# A dot-atom address alone: what getaddresses answers for it is itself (the usual case, checked
# without the parser)
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")


def _check_address(to: str) -> str:
    if _PLAIN_ADDRESS.match(to):
        return to
    pairs = getaddresses([to])
    if len(pairs) != 1 or "\n" in to or "\r" in to:
        raise TransportError(f"not one email address: {to!r}", permanent=True)
    address = pairs[0][1]
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or " " in address:
        raise TransportError(f"not an email address: {to!r}", permanent=True)
    return address


def build_message(email: OutgoingEmail, settings: SmtpSettings,
                  now: datetime) -> EmailMessage:
    """The MIME message for ``email``, as it will go on the wire."""
    _check_address(email.to)
    message = EmailMessage(policy=_POLICY)
    message["From"] = settings.sender
    message["To"] = email.to
    message["Subject"] = _subject(email.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = email.message_id or make_msgid(domain=settings.msgid_domain)
    # Tells vacation responders and ticket systems not to answer a machine.
    message["Auto-Submitted"] = "auto-generated"
    if email.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        # RFC 8058: mail clients unsubscribe with one POST, no page to fill in.
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    for name, value in email.headers.items():
        message[name] = value
    message.set_content(email.text, charset="utf-8", cte="quoted-printable")
    if email.html is not None:
        message.add_alternative(email.html, subtype="html", charset="utf-8",
                                cte="quoted-printable")
    return message


class _WireGenerator(BytesGenerator):
    @classmethod
    def _make_boundary(cls, text=None):
        # The standard generator compiles a regex for every message to search the text for
        # its boundary; ours cannot occur in a quoted-printable part (email_wire.boundary).
        return boundary()


def as_wire_bytes(message: EmailMessage, envelope: list[str]) -> bytes | None:
    """The message as smtplib's send_message puts it on the wire (CRLF), or None where that
    one does more: an envelope address beyond ASCII (SMTPUTF8), Bcc or Resent- headers."""
    if (not "".join(envelope).isascii() or "Bcc" in message or "Resent-Bcc" in message
            or "Resent-Date" in message):
        return None
    with io.BytesIO() as out:
        _WireGenerator(out).flatten(message, linesep="\r\n")
        return out.getvalue()


def _codes(error: smtplib.SMTPRecipientsRefused) -> list[int]:
    return [code for code, _ in error.recipients.values()]


def _text(error: smtplib.SMTPResponseException) -> str:
    raw = error.smtp_error
    return raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)


def classify_smtp_error(error: Exception) -> TransportError:
    """SMTP failures as TransportError: 5xx about the recipient or the message is
    permanent; anything about the connection, the server's state or 4xx is transient."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = _codes(error)
        permanent = bool(codes) and all(code >= 500 for code in codes)
        detail = "; ".join(f"{addr}: {code} {msg.decode(errors='replace')}"
                           for addr, (code, msg) in error.recipients.items())
        return TransportError(f"recipient refused: {detail}", permanent=permanent)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        # The operator fixes the password and the queued messages should then go: the
        # retry schedule bounds how long they wait.
        return TransportError(f"SMTP login refused ({error.smtp_code}): check the SMTP "
                              "username and password", permanent=False)
    if isinstance(error, smtplib.SMTPSenderRefused):
        # Also what a server that insists on STARTTLS answers to MAIL FROM: settings.
        return TransportError(f"sender {error.sender} refused: {error.smtp_code} "
                              f"{_text(error)}; check the sender and TLS settings")
    if isinstance(error, (smtplib.SMTPConnectError, smtplib.SMTPHeloError)):
        # The server turned us away as a whole, not this message: try again later.
        return TransportError(f"SMTP server refused the session: {error.smtp_code} "
                              f"{_text(error)}")
    if isinstance(error, smtplib.SMTPResponseException):
        return TransportError(f"SMTP {error.smtp_code} {_text(error)}",
                              permanent=error.smtp_code >= 500)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return TransportError(f"SMTP server lacks a needed extension: {error}")
    if isinstance(error, (socket.timeout, TimeoutError)):
        return TransportError("SMTP server timed out")
    if isinstance(error, ssl.SSLError):
        return TransportError(f"TLS with the SMTP server failed: {error}")
    return TransportError(f"cannot talk to the SMTP server: {error!r}")


class SmtpTransport:
    def __init__(self, settings: SmtpSettings,
                 clock: Callable[[], datetime] = _utc_now) -> None:
        self.settings = settings
        self.clock = clock
        self._kept = KeptConnections(self._open, settings.max_per_connection)

    def _tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.ssl:
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                    context=self._tls_context())
        return smtplib.SMTP(s.host, s.port, timeout=s.timeout)

    def _open(self) -> smtplib.SMTP:
        """A connection ready for MAIL FROM: TLS and login done."""
        smtp = self._connect()
        try:
            if self.settings.starttls:
                smtp.starttls(context=self._tls_context())
            if self.settings.username is not None:
                smtp.login(self.settings.username, self.settings.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    @contextlib.contextmanager
    def session(self):
        """The messages this thread sends inside share one connection (opened at the first,
        renewed as the server requires, QUIT at the end)."""
        self._kept.enter()
        try:
            yield self
        finally:
            self._kept.leave()

    def wire(self, email: OutgoingEmail) -> tuple[bytes | EmailMessage, str, str]:
        """(the bytes to send, or the message where smtplib must do more; its Message-ID;
        the recipient's address). The bytes are written straight where the shape allows
        (notifications.email_wire), else built through EmailMessage."""
        recipient, now = _check_address(email.to), self.clock()
        message_id = email.message_id or make_msgid(domain=self.settings.msgid_domain)
        wire = direct_wire(email, self.settings.sender, message_id, now, _fold,
                           _subject(email.subject))
        if wire is not None:
            return wire, message_id, recipient
        message = build_message(replace(email, message_id=message_id), self.settings, now)
        wire = as_wire_bytes(message, [self.settings.sender_address, recipient])
        return (message if wire is None else wire), message["Message-ID"], recipient

    @contextlib.contextmanager
    def staging(self):
        """A function ``stage(email)`` (for any thread) carrying each message to the relay up to
        its last line on a connection of its own, kept for the next; ``commit()`` on what it
        answers has the relay take the message. ``stage(email, whole=True, meanwhile=f)`` sends
        the last line too, ``answer()`` reads whether the relay took it, and ``f()`` runs while
        the relay reads MAIL FROM. The connections are QUIT at the end
        (notifications.smtp_staged)."""
        connections = StagedConnections(self._open, self.settings.max_per_connection)
        try:
            yield functools.partial(self._stage, connections)
        finally:
            connections.close()

    def _stage(self, connections: StagedConnections, email: OutgoingEmail, *,
               whole: bool = False, first: Callable[[], None] | None = None,
               meanwhile: Callable[[], None] | None = None,
               before_end: Callable[[], None] | None = None) -> "StagedSend":
        """``first()`` once the bytes are ready, before anything goes on the wire (or before
        this raises); ``meanwhile()`` after it, ``before_end()`` after that
        (notifications.smtp_staged): each exactly once."""
        first, meanwhile, before_end = Once(first), Once(meanwhile), Once(before_end)
        try:
            wire, message_id, recipient = self.wire(email)
            first()
            staged = connections.stage(wire, self.settings.sender_address, recipient,
                                       whole=whole, meanwhile=meanwhile, before_end=before_end)
        except (smtplib.SMTPException, OSError) as error:
            raise classify_smtp_error(error) from error
        finally:
            first()
            meanwhile()
            before_end()
        return StagedSend(self, staged, message_id)

    def _delivery(self, message_id: str, refused: dict) -> Delivery:
        if refused:  # only when some of several recipients were refused
            raise classify_smtp_error(smtplib.SMTPRecipientsRefused(refused))
        return Delivery(provider_id=message_id,
                        detail=f"accepted by {self.settings.host}:{self.settings.port}")

    def send(self, email: OutgoingEmail) -> Delivery:
        wire, message_id, recipient = self.wire(email)

        def transmit(smtp: smtplib.SMTP) -> dict:
            if isinstance(wire, EmailMessage):
                return smtp.send_message(wire, from_addr=self.settings.sender_address,
                                         to_addrs=[recipient])
            return smtp.sendmail(self.settings.sender_address, [recipient], wire)
        try:
            if self._kept.active:
                refused = self._kept.send(transmit)
            else:
                with self._open() as smtp:
                    refused = transmit(smtp)
        except (smtplib.SMTPException, OSError) as error:
            raise classify_smtp_error(error) from error
        return self._delivery(message_id, refused)


class StagedSend:
    """A message staged by ``SmtpTransport.staging``'s function: the relay has it all but its last line."""

    def __init__(self, transport: SmtpTransport, staged: StagedEmail, message_id: str):
        self.transport, self.staged, self.message_id = transport, staged, message_id

    def commit(self) -> Delivery:
        """The last line: the relay takes the message (TransportError if it does not)."""
        try:
            refused = self.staged.commit()
        except (smtplib.SMTPException, OSError) as error:
            raise classify_smtp_error(error) from error
        return self.transport._delivery(self.message_id, refused)

    answer = commit  # staged whole: its last line is on the wire, the answer is read

    def abandon(self) -> None:
        self.staged.abandon()


def format_sender(name: str, address: str) -> str:
    """A From value with a Vietnamese display name, correctly quoted."""
    return str(Address(display_name=name, addr_spec=address))
