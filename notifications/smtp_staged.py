"""Messages carried to the relay up to their last line on several connections at once, and
accepted one at a time (the dispatcher's pipeline, service.outbox.pipeline).

A relay takes a message when it reads the line "." that ends its DATA and answers 250; a
connection that closes before that line leaves nothing behind (RFC 5321 3.8: the server acts as
if RSET had come, the transaction is dropped). ``StagedConnections.stage`` does everything
before that line on a connection of its own (MAIL FROM, RCPT TO, DATA, the message's lines) and
answers a ``StagedEmail``, whose ``commit()`` sends the "." and reads the answer. Several
threads stage messages side by side, each on its connection, while the relay answers the
others; ``commit()`` is called by the one thread that records acceptances, one message at a
time, so a dispatcher killed outright leaves at most one message the relay took and the outbox
does not know of, however many are staged. The bytes on the wire are smtplib's sendmail's,
the final "." sent apart.

The connections follow the relay's rules as notifications.smtp_session's do: at most
``max_per_connection`` messages each, then QUIT; a refusal smtplib answered with RSET leaves the
connection usable; one found gone (dropped while idle, 421) before the relay accepted the
message is opened again and the message carried once more, once. A connection is used by one
thread at a time: taken from the idle ones to stage, given back after its commit.
"""
from __future__ import annotations

import smtplib
import socket
import threading
from email.message import EmailMessage
from typing import Callable

from notifications.smtp_session import dropped, quit_quietly, usable_after

END = b".\r\n"


class _Kept:
    __slots__ = ("smtp", "count")

    def __init__(self, smtp: smtplib.SMTP, count: int = 0):
        self.smtp, self.count = smtp, count


class StagedConnections:
    """The connections of a pipeline: ``stage`` takes an idle one (or opens one), ``close``
    QUITs the idle ones."""

    def __init__(self, open: Callable[[], smtplib.SMTP], max_per_connection: int):
        self.open, self.max_per_connection = open, max_per_connection
        self._idle: list[_Kept] = []
        self._lock = threading.Lock()

    def _take(self) -> _Kept | None:
        with self._lock:
            return self._idle.pop() if self._idle else None

    def _new(self) -> _Kept:
        smtp = self.open()
        # the last line goes in a packet of its own: without this, it would wait for the
        # relay's delayed acknowledgement of the lines before it
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return _Kept(smtp)

    def _give_back(self, kept: _Kept) -> None:
        if kept.count >= self.max_per_connection:
            quit_quietly(kept.smtp)  # the relay's limit: QUIT, a new one next time
            return
        with self._lock:
            self._idle.append(kept)

    def _after_error(self, kept: _Kept, error: BaseException) -> bool:
        """Keep or drop the connection after ``error``; whether it was found gone."""
        gone = dropped(error, kept.smtp)
        if gone or not usable_after(error, kept.smtp):
            kept.smtp.close()
        else:
            self._give_back(kept)
        return gone

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for kept in idle:
            quit_quietly(kept.smtp)

    # -- one message --------------------------------------------------------------------

    def stage(self, wire: bytes | EmailMessage, sender: str, recipient: str,
              _may_retry: bool = True, *, whole: bool = False,
              meanwhile: Callable[[], None] | None = None,
              before_end: Callable[[], None] | None = None) -> "StagedEmail":
        """``wire`` carried up to its last line on a connection of its own (a message smtplib
        must prepare itself, an EmailMessage, is sent whole at the commit instead).

        ``whole``: the last line goes too, in the same write, and ``StagedEmail.answer()``
        reads the relay's answer (the caller works meanwhile). ``meanwhile()`` is called once:
        as soon as MAIL FROM is on the wire, before its answer is read (the relay reads it while
        the caller works), or before this returns or raises if no MAIL FROM went;
        ``before_end()`` once after it: right before the message's lines go (the relay has
        answered RCPT TO and DATA), or before this returns or raises if they did not. If either
        raises, the connection is closed (its state unknown) and its error goes on."""
        once, last = Once(meanwhile), Once(before_end)
        kept = self._take()
        may_retry = _may_retry and kept is not None  # a new connection failing is not retried
        try:
            while True:
                if kept is None:
                    kept = self._new()
                if isinstance(wire, EmailMessage):
                    return StagedEmail(self, kept, wire, sender, recipient, {}, may_retry)
                try:
                    refused = _up_to_end(kept.smtp, sender, recipient, wire, whole, once,
                                         last)
                except (smtplib.SMTPException, OSError) as error:
                    if not (self._after_error(kept, error) and may_retry):
                        raise
                    kept, may_retry = None, False
                    continue
                except BaseException:
                    kept.smtp.close()  # meanwhile() failed between a command and its answer
                    raise
                return StagedEmail(self, kept, wire, sender, recipient, refused, may_retry,
                                   ended=whole)
        finally:
            once()
            last()


class Once:
    __slots__ = ("call",)

    def __init__(self, call: Callable[[], None] | None):
        self.call = call

    def __call__(self) -> None:
        call, self.call = self.call, None
        if call is not None:
            call()


class StagedEmail:
    """A message on its connection, its last line not yet sent (the relay has not taken it),
    or sent and its answer not yet read (``ended``)."""

    def __init__(self, connections: StagedConnections, kept: _Kept, wire, sender: str,
                 recipient: str, refused: dict, may_retry: bool, ended: bool = False):
        self.connections, self.kept, self.wire = connections, kept, wire
        self.sender, self.recipient, self.refused = sender, recipient, refused
        self.may_retry, self.ended = may_retry, ended

    def commit(self) -> dict:
        """Send the last line; the recipients refused (as sendmail answers) once the relay took
        it. Raises what sendmail raises."""
        kept, smtp = self.kept, self.kept.smtp
        try:
            if isinstance(self.wire, EmailMessage):
                refused = smtp.send_message(self.wire, from_addr=self.sender,
                                            to_addrs=[self.recipient])
            else:
                if not self.ended:
                    smtp.send(END)
                refused = _answer(smtp, self.refused)
        except (smtplib.SMTPException, OSError) as error:
            if not (self.connections._after_error(kept, error) and self.may_retry):
                raise
            # the kept connection was gone before the relay answered: once more on a new one
            return self.connections.stage(self.wire, self.sender, self.recipient,
                                          _may_retry=False).commit()
        kept.count += 1
        self.connections._give_back(kept)
        return refused

    # A message staged ``whole``: its last line is on the wire, commit() reads the answer
    answer = commit

    def abandon(self) -> None:
        """Not to be sent: the connection closes before the last line, the relay drops it (one
        ``ended`` may have been taken: the caller has not learnt so)."""
        self.kept.smtp.close()


_QUOTED: dict[str, str] = {}


def _quoted(address: str) -> str:
    """smtplib.quoteaddr(address), kept for the addresses seen (a batch repeats them)."""
    quoted = _QUOTED.get(address)
    if quoted is None:
        if len(_QUOTED) >= 4096:
            _QUOTED.clear()
        quoted = _QUOTED[address] = smtplib.quoteaddr(address)
    return quoted


def _refuse(smtp: smtplib.SMTP, code: int) -> None:
    if code == 421:
        smtp.close()
    else:
        smtp._rset()


def _up_to_end(smtp: smtplib.SMTP, sender: str, recipient: str, msg: bytes, whole: bool,
               meanwhile: Callable[[], None], before_end: Callable[[], None]) -> dict:
    """smtplib.SMTP.sendmail for one recipient, but the final "." of the DATA (sent with the
    rest when ``whole``, its answer not read); ``meanwhile()`` once MAIL FROM is sent,
    ``before_end()`` before the message's lines go."""
    smtp.ehlo_or_helo_if_needed()
    option = f" size={len(msg)}" if smtp.does_esmtp and smtp.has_extn("size") else ""
    smtp.putcmd("mail", f"FROM:{_quoted(sender)}{option}")  # as SMTP.mail(sender, options)
    meanwhile()
    code, resp = smtp.getreply()
    if code != 250:
        _refuse(smtp, code)
        raise smtplib.SMTPSenderRefused(code, resp, sender)
    refused = {}
    smtp.putcmd("rcpt", f"TO:{_quoted(recipient)}")  # as SMTP.rcpt(recipient)
    code, resp = smtp.getreply()
    if code not in (250, 251):
        refused[recipient] = (code, resp)
        _refuse(smtp, code)
        raise smtplib.SMTPRecipientsRefused(refused)
    smtp.putcmd("data")
    code, resp = smtp.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, resp)
    lines = smtplib._quote_periods(msg)
    if lines[-2:] != b"\r\n":
        lines += b"\r\n"
    before_end()
    smtp.send(lines + END if whole else lines)
    return refused


def _answer(smtp: smtplib.SMTP, refused: dict) -> dict:
    code, resp = smtp.getreply()
    if code != 250:
        _refuse(smtp, code)
        raise smtplib.SMTPDataError(code, resp)
    return refused
