"""Patterns that ignore case, made cheaper to try: where the word they open with stands in the
text, and alternatives grouped by their first letter.

Ignoring case, Python's re finds no first letter to skip ahead to, so a search tries the whole
pattern at every letter of a paragraph. ``str.find`` on the text lowered finds the places the
word stands at instead: when lowering keeps the text's places (one letter for one), every
letter re takes for a letter of a lower-case word, ignoring case, lowers to that letter, but for
the dotless i ("ı", taken for "i") and the long s ("ſ", taken for "s"): the word looked for must
hold neither "i" nor "s" (``word`` may stand ``offset`` letters into the pattern for that).
"""
from __future__ import annotations

import re
from typing import Callable, Iterator


def finditer_at(rx: re.Pattern, text: str, lowered: str, word: str, offset: int = 0,
                pos: int = 0, match: Callable | None = None) -> Iterator[re.Match]:
    """``rx.finditer(text, pos)`` for a pattern whose every match holds ``word`` (lower case,
    ignoring case) ``offset`` letters from its start; ``lowered`` is ``text.lower()``.
    ``match``: what answers ``rx.match(text, i)`` (one that keeps its answers), if not rx."""
    if "i" in word or "s" in word:
        raise ValueError(f"{word!r}: re takes other letters for i and s ignoring case")
    if len(lowered) != len(text):  # a letter lowered to two ("İ"): places differ
        yield from rx.finditer(text, pos)
        return
    end = pos
    i = lowered.find(word, pos + offset)
    while i >= 0:
        if i - offset >= end:
            m = (match or rx.match)(text, i - offset)
            if m:
                yield m
                end = m.end()
        i = lowered.find(word, i + 1)


def alternation(words: list[str], ignore_case: bool = True) -> str:
    """A regex alternation of ``words``, in their order, grouped by first letter (lowered for a
    pattern that ignores case): "s(?:ở)|p(?:hòng|hòng ban)|...". Ignoring case, re enters every
    alternative of a flat alternation at each place it tries, even those whose first letter
    differs (minding case, it skips those, but one by one). Words of two groups never match at
    one place (no first letter is an i or an s beside a dotless i or long s of another: see the
    module docstring), so the first word that matches is the one the flat alternation finds."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0].lower() if ignore_case else w[0], []).append(re.escape(w[1:]))
    for a in groups:
        for b in groups:
            if a != b and ignore_case and re.fullmatch(re.escape(a), b, re.IGNORECASE):
                raise ValueError(f"re takes {b!r} for {a!r} ignoring case: one group of words")
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
