"""Numbers as Vietnamese documents and people write them: "." groups thousands and "," marks
decimals, so "1.600" is 1600, "43,6" is 43.6 and "1.234.567,89" is 1234567.89.

The one reader of such numbers: the importer's targets, the figures a focal point types on the
web page and the figures the API receives as strings all ask ``parse_number``.

A lone "." followed by other than three digits ("1.5", "12.75") can only be a decimal point, as
a phone keyboard or an English-trained hand types it, and is read so. A "." followed by exactly
three digits is always a thousands group: "1.600" is never 1.6.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.600   1.234.567,8
_COMMA_DECIMAL = re.compile(r"\d+(?:,\d+)?")  # 1600   43,6
_POINT_DECIMAL = re.compile(r"\d*\.\d+")  # 1.5   .5   12.75 (not three digits after: see above)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


class NotANumber(ValueError):
    """The text is not a number in any writing we read; ``text`` is what was given."""

    def __init__(self, text: str):
        self.text = text
        super().__init__(f"{text!r} is not a number (write 1.600 for 1600, 43,6 for 43.6)")


def parse_number(text: str, percent: bool = True) -> Decimal:
    """The value of ``text``; a sign in front and (unless ``percent`` is False) a trailing "%"
    are allowed, spaces anywhere are ignored. Raises NotANumber for anything else."""
    s = _SPACES.sub("", text)
    if percent and s.endswith("%"):
        s = s[:-1]
    sign, digits = ("-", s[1:]) if s[:1] in "-\u2212" and s else ("", s.lstrip("+"))
    if _GROUPED.fullmatch(digits):
        plain = digits.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.fullmatch(digits):
        plain = digits.replace(",", ".")
    elif _POINT_DECIMAL.fullmatch(digits) and not re.fullmatch(r"\d{1,3}\.\d{3}", digits):
        plain = digits
    else:
        raise NotANumber(text)
    try:
        return Decimal(sign + plain)
    except InvalidOperation:  # cannot happen after the patterns above; say so if it does
        raise NotANumber(text) from None


def plain_number(value: Decimal) -> int | float:
    """A JSON-friendly value: 1600 stays an int, 43.6 becomes a float."""
    return int(value) if value == value.to_integral_value() else float(value)
