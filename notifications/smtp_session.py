"""One SMTP connection kept for many messages (a dispatcher's batch), per thread.

Opening a connection costs the banner, EHLO, maybe STARTTLS and AUTH: three to six round trips
before the first MAIL FROM. Inside ``SmtpTransport.session()`` the connection is opened at the
first message and kept for the next, and closed with QUIT when the session ends. What the server
allows is respected:

- at most ``SmtpSettings.max_per_connection`` messages on one connection (many relays cap it,
  Exchange at 20 by default), then QUIT and a new connection;
- a refusal that leaves the session usable (550 for a recipient, 452, a DATA error) was already
  answered by smtplib with RSET, so the next message starts a clean transaction on the same
  connection; a 421 ("closing channel") or anything the connection may not survive (a timeout,
  a reset) closes it, and the next message opens a new one;
- a kept connection the server dropped while it was idle (its timeout) or between messages
  (SMTPServerDisconnected, 421, a reset) is opened again and only the message that was not
  accepted is sent again, once. A message is accepted when the server answered 250 to its DATA;
  one whose answer was lost with the connection goes again, under its same Message-ID.

A connection belongs to the thread that opened it: dispatchers sharing a transport never mix
their commands on one socket.
"""
from __future__ import annotations

import logging
import smtplib
import threading
from typing import Callable

log = logging.getLogger(__name__)

CLOSING = 421  # the server closes the channel: nothing of this transaction was accepted


def dropped(error: BaseException, smtp: smtplib.SMTP) -> bool:
    """Whether ``error`` says the connection is gone, rather than this message refused or the
    server slow (a timeout is not retried at once: the server may have the message)."""
    if isinstance(error.__context__, TimeoutError) or isinstance(error, TimeoutError):
        return False
    if isinstance(error, (smtplib.SMTPServerDisconnected, ConnectionError)):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code == CLOSING
                                              for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == CLOSING
    return smtp.sock is None  # smtplib closed it


def usable_after(error: BaseException, smtp: smtplib.SMTP) -> bool:
    """A refusal smtplib answered with RSET on an open connection: the session goes on."""
    return (isinstance(error, (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                               smtplib.SMTPDataError))
            and smtp.sock is not None and not dropped(error, smtp))


def quit_quietly(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


class KeptConnections:
    """The connection of each thread in a session; ``open`` connects (and logs in)."""

    def __init__(self, open: Callable[[], smtplib.SMTP], max_per_connection: int):
        self.open, self.max_per_connection = open, max_per_connection
        self._local = threading.local()

    def _state(self):
        local = self._local
        if not hasattr(local, "depth"):
            local.depth, local.smtp, local.count = 0, None, 0
        return local

    # -- the session ------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._state().depth > 0

    def enter(self) -> None:
        self._state().depth += 1

    def leave(self) -> None:
        local = self._state()
        local.depth -= 1
        if not local.depth:
            self.release()

    def release(self) -> None:
        """QUIT the kept connection, if any."""
        local = self._state()
        smtp, local.smtp, local.count = local.smtp, None, 0
        if smtp is not None:
            quit_quietly(smtp)

    def discard(self) -> None:
        """Close the kept connection without a word: its state is unknown."""
        local = self._state()
        smtp, local.smtp, local.count = local.smtp, None, 0
        if smtp is not None:
            smtp.close()

    # -- one message ------------------------------------------------------------------------

    def send(self, transmit: Callable[[smtplib.SMTP], dict]) -> dict:
        """``transmit(smtp)`` on the kept connection (opened if need be); once more on a new
        connection if the kept one was found gone before the server accepted the message."""
        local = self._state()
        if local.smtp is not None and local.count >= self.max_per_connection:
            self.release()  # the server's limit: QUIT, and go on with a new connection
        may_retry = local.smtp is not None  # a new connection that fails is not tried again
        while True:
            if local.smtp is None:
                local.smtp, local.count = self.open(), 0
            smtp, carried = local.smtp, local.count
            try:
                refused = transmit(smtp)
            except (smtplib.SMTPException, OSError) as error:
                gone = dropped(error, smtp)
                if gone or not usable_after(error, smtp):
                    self.discard()
                if not (gone and may_retry):
                    raise
                may_retry = False
                log.info("SMTP: the kept connection was gone after %s message(s) (%r): "
                         "this message goes again on a new connection", carried, error)
                continue
            local.count += 1
            return refused
