"""An email's bytes on the wire, written straight for the shape the dispatcher sends.

``build_message`` (notifications.email) assembles an EmailMessage and the generator flattens
it: every header is parsed into an object and folded back, the content is set, moved into a
multipart, its boundary parameter parsed again. For one message that is most of the CPU a
send costs. ``direct_wire`` writes the same bytes directly for the usual shape (a bare ASCII
recipient, a Message-ID of plain characters, no extra headers): the headers that can need
encoding or folding (From, Subject, Auto-Submitted, List-Unsubscribe) still go through the same
policy (``fold``), the bodies through the same quoted-printable encoder, in the generator's
order. Any other shape answers None and takes the EmailMessage path.
tests/notifications/test_email_wire.py holds the two to the same bytes.
"""
from __future__ import annotations

import re
import uuid
from bisect import bisect_right
from datetime import datetime
from email import base64mime, quoprimime
from email.utils import format_datetime
from itertools import accumulate
from typing import Callable

from notifications.message import OutgoingEmail

CRLF = b"\r\n"
MAX_LINE = 78  # the policy's max_line_length
# What the policy would write back unchanged: a bare addr-spec and a msg-id of plain atoms.
_BARE_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
_PLAIN_MSGID = re.compile(r"<[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*>\Z")


def boundary() -> str:
    # "=_" never occurs in a quoted-printable part (an "=" there is followed by two hex digits
    # or a line end), so the boundary needs no search of the text.
    return f"=_dondoc_{uuid.uuid4().hex}"


def qp_body(text: str) -> bytes:
    """A text part's body as EmailMessage.set_content(cte="quoted-printable") encodes it and
    the generator writes it (CRLF line ends).

    quoprimime.body_encode encodes each line on its own (its escapes leave no line break but
    the line ends, and it wraps and quotes trailing blanks line by line), so a body is encoded
    line by line, and a line the templates repeat in every message (a greeting, the layout of
    the HTML, the footer) is encoded once: ``_QP_LINES`` maps a line to its encoding."""
    out = []
    for line in text.encode("utf-8").splitlines():
        encoded = _QP_LINES.get(line)
        if encoded is None:
            encoded = quoprimime.body_encode(line.decode("latin-1"), MAX_LINE)  # soft breaks:
            encoded = encoded.replace("\n", "\r\n").encode("ascii")  # "=" and a line end
            if len(_QP_LINES) >= 4096:
                _QP_LINES.clear()
            _QP_LINES[line] = encoded
        out.append(encoded)
    return CRLF.join(out or [b""]) + CRLF


_QP_LINES: dict[bytes, bytes] = {}


_QP_HEADER_LENGTH = [quoprimime.header_length(bytes([b])) for b in range(256)]
_CHROME = len("=?utf-8?b??=")


def _b64_length(n: int) -> int:
    return (n + 2) // 3 * 4


def encoded_words(text: str, first_room: int, room: int = MAX_LINE - 1) -> str:
    """``email.header.Header(text, "utf-8", header_name=NAME).encode(linesep="\r\n")`` for a
    ``first_room`` of 78 - len(NAME) - 2, in one pass: the standard encoder joins and encodes
    the line so far again at every character. As there: base64 or Q, whichever is shorter for
    the whole text, in lines filled greedily character by character, each an encoded word (a
    line ends before the first character whose bytes would not fit: found by bisection over
    the characters' running byte counts)."""
    whole = text.encode("utf-8")
    b64 = _b64_length(len(whole)) < sum(_QP_HEADER_LENGTH[b] for b in whole)
    if b64:
        sizes = [len(char.encode("utf-8")) for char in text] if not text.isascii() else None
    else:
        sizes = [sum(_QP_HEADER_LENGTH[b] for b in char.encode("utf-8")) for char in text]
    ends = list(accumulate(sizes, initial=0)) if sizes is not None else range(len(text) + 1)
    words, start, limit = [], 0, first_room - _CHROME
    while True:
        fits = limit // 4 * 3 if b64 else limit  # the bytes an encoded word of limit holds
        end = bisect_right(ends, ends[start] + fits) - 1
        if end == start < len(text):
            if not words:  # a character alone longer than a line: not for this writer
                raise ValueError("line too short for one character")
            end += 1  # a new line takes its first character whatever its size
        words.append(text[start:end].encode("utf-8"))
        if end >= len(text):
            break
        start, limit = end, room - _CHROME
    encode = base64mime.header_encode if b64 else quoprimime.header_encode
    return "\r\n ".join(encode(word, "utf-8") for word in words)


def _text_part(subtype: str, text: str, mime_version: bool = False) -> bytes:
    """Content headers, then MIME-Version where set_content adds it (a message, not a part
    moved into a multipart), then the body."""
    head = (f"Content-Type: text/{subtype}; charset=\"utf-8\"\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n")
    if mime_version:
        head += "MIME-Version: 1.0\r\n"
    return head.encode("ascii") + CRLF + qp_body(text)


def direct_wire(email: OutgoingEmail, sender: str, message_id: str, now: datetime,
                fold: Callable[[str, str], bytes], subject: str) -> bytes | None:
    """The bytes build_message + as_wire_bytes give for ``email`` (but the boundary), or None
    for a shape this does not write. ``fold(name, value)`` is one header line as the policy
    writes it; ``subject`` the Subject value as build_message sets it."""
    if (email.headers or len(email.to) > 60 or not _BARE_ADDRESS.match(email.to)
            or len(message_id) > 60 or not _PLAIN_MSGID.match(message_id)):
        return None
    head = [fold("From", sender), f"To: {email.to}\r\n".encode("ascii"),
            fold("Subject", subject), f"Date: {format_datetime(now)}\r\n".encode("ascii"),
            f"Message-ID: {message_id}\r\n".encode("ascii"),
            fold("Auto-Submitted", "auto-generated")]
    if email.unsubscribe_url:
        head += [fold("List-Unsubscribe", f"<{email.unsubscribe_url}>"),
                 fold("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    if email.html is None:
        return b"".join(head) + _text_part("plain", email.text, mime_version=True)
    head.append(b"MIME-Version: 1.0\r\n")  # then the content headers, moved to the part
    mark = boundary().encode("ascii")
    # The policy folds this line before the boundary: with boundary()'s 41 characters the
    # whole would pass 78.
    head.append(b'Content-Type: multipart/alternative;\r\n boundary="' + mark + b'"\r\n')
    return b"".join((*head, CRLF, b"--", mark, CRLF, _text_part("plain", email.text),
                     CRLF, b"--", mark, CRLF, _text_part("html", email.html, mime_version=True),
                     CRLF, b"--", mark, b"--", CRLF))
