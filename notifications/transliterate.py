"""Vietnamese text without diacritics, for SMS.

An SMS whose text holds a single character outside the GSM-7 alphabet is sent as UCS-2,
which holds 70 characters a segment instead of 160: the same reminder costs two or three
times the money, and some brandname routes refuse Unicode altogether. Vietnamese readers
read unaccented text fluently in SMS, so that is the default.
"""

from __future__ import annotations

import unicodedata

# đ/Đ are letters of their own in Unicode, not d plus a mark: NFD leaves them alone.
_LETTERS = {"đ": "d", "Đ": "D"}

# Characters that word processors and phones put into text that looks plain: each one
# alone would switch the whole SMS to UCS-2 and double its cost.
_TYPOGRAPHY = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\u2022": "-", "\u00b7": ".",
    # Non-breaking and thin spaces come from copying out of Word or PDF files.
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
    "\u2002": " ", "\u2003": " ", "\u3000": " ", "\t": " ",
    # Invisible characters: zero-width spaces and joiners, the byte-order mark.
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}

_TABLE = str.maketrans({**_LETTERS, **_TYPOGRAPHY})


def replace_typography(text: str) -> str:
    """Typographic quotes, dashes and odd spaces replaced by their plain ASCII forms."""
    return text.translate(str.maketrans(_TYPOGRAPHY))


def remove_diacritics(text: str) -> str:
    """Vietnamese without tone marks or vowel marks: "Sở Lao động" -> "So Lao dong".

    Works whether the input is precomposed (NFC) or decomposed (NFD, as macOS and some
    PDF extractors produce): both decompose to base letter plus combining marks.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def to_sms_text(text: str, unicode: bool = False) -> str:
    """The text to hand to an SMS gateway: unaccented unless ``unicode`` is asked for.

    Even with ``unicode`` the typography is replaced, and the text is NFC so that a
    decomposed "ế" counts as one character, not three.
    """
    if unicode:
        return unicodedata.normalize("NFC", replace_typography(text))
    return remove_diacritics(text)
