"""A pattern that ignores case, tried only where the word it opens with stands in the text.

Ignoring case, Python's re finds no first letter to skip ahead to, so a search tries the whole
pattern at every letter of a paragraph. ``str.find`` on the text lowered finds the places the
word stands at instead: when lowering keeps the text's places (one letter for one), every
letter re takes for a letter of a lower-case word, ignoring case, lowers to that letter, but for
the dotless i ("ı", taken for "i") and the long s ("ſ", taken for "s"): the word looked for must
hold neither "i" nor "s" (``word`` may stand ``offset`` letters into the pattern for that).
"""
from __future__ import annotations

import re
from typing import Iterator


def finditer_at(rx: re.Pattern, text: str, lowered: str, word: str, offset: int = 0,
                pos: int = 0) -> Iterator[re.Match]:
    """``rx.finditer(text, pos)`` for a pattern whose every match holds ``word`` (lower case,
    ignoring case) ``offset`` letters from its start; ``lowered`` is ``text.lower()``."""
    if "i" in word or "s" in word:
        raise ValueError(f"{word!r}: re takes other letters for i and s ignoring case")
    if len(lowered) != len(text):  # a letter lowered to two ("İ"): places differ
        yield from rx.finditer(text, pos)
        return
    end = pos
    i = lowered.find(word, pos + offset)
    while i >= 0:
        if i - offset >= end:
            m = rx.match(text, i - offset)
            if m:
                yield m
                end = m.end()
        i = lowered.find(word, i + 1)
