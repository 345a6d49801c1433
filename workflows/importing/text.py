"""Raw lines -> logical paragraphs: markup removed, hard-wrapped and page-broken lines rejoined.

Plans reach us as Word/PDF conversions: Markdown marks (#, **, *) that do not follow the
structure, lines wrapped at about 80 characters (breaking headings, names, dates and numbers),
paragraphs cut in mid-sentence by a page break, tables flattened one cell per line ("|").
A paragraph keeps the number of the line it starts on.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .structure import MARKER_RE

TERMINAL = ".:;!?"
_RULE = re.compile(r"^[-_=~*\s]{3,}$")


@dataclass
class Para:
    text: str
    line: int
    cell: bool = False  # comes from a table cell ("|" before and after)


def clean(line: str) -> str:
    """One line without Markdown decoration, spaces and dashes normalised."""
    s = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\t", " ")
    s = s.strip()
    s = re.sub(r"^#{1,6}\s*", "", s)
    s = re.sub(r"^\*\s+(?=\S)", "- ", s)  # a Markdown "* item" bullet
    s = s.replace("\\*", "").replace("\\", "")
    s = re.sub(r"\*+", "", s)
    s = re.sub(r"(?<!\w)__|__(?!\w)", "", s)
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    s = re.sub(r"[ ]{2,}", " ", s)
    return s.strip()


def _caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _starts_item(s: str) -> bool:
    return bool(MARKER_RE.match(s))


def paragraphs(lines: list[str]) -> list[Para]:
    """Group lines into paragraphs; see the module docstring for what is rejoined."""
    out: list[Para] = []
    # what separates the next line from out[-1]: none, blank, cell ("|"), break (a table's
    # end or a rule), start
    gap = "start"
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if stripped == "|":
            gap = "cell"
            continue
        s = clean(raw)
        if not s:
            if stripped and gap == "none":
                continue  # a markup-only line ("**") inside a paragraph
            gap = "break" if gap == "cell" else "blank" if gap == "none" else gap
            continue
        if _RULE.match(s):
            gap = "break"
            continue
        s = s.strip("|").strip() if gap == "cell" else s
        if out and _joins(out[-1].text, s, gap):
            out[-1].text = out[-1].text + " " + s
        else:
            out.append(Para(s, number, cell=gap == "cell"))
        gap = "none"
    for p in out:
        p.text = re.sub(r"\s+", " ", p.text).strip()
        p.text = re.sub(r"\s+([,;:.)])", r"\1", p.text)
    return out


_BARRIER = re.compile(r"^(Nơi nhận|Trên đây|TM\.|KT\.|PHỤ LỤC)")


def _joins(prev: str, nxt: str, gap: str) -> bool:
    if gap in ("cell", "start", "break") or _starts_item(nxt) or _BARRIER.match(nxt):
        return False
    if gap == "none":
        if _caps(prev) != _caps(nxt):
            return False  # a heading in capitals, then the text under it (or before it)
        if re.match(r"^Số\s*:", prev) or (re.match(r"^(Căn cứ|Thực hiện)\s", nxt)
                                           and (prev[-1:] in TERMINAL or len(prev) < 60)):
            return False  # the number line; a new citation of the legal basis
        return True
    # across blank lines: a sentence cut by a page break continues in lower case
    return prev[-1:] not in TERMINAL and nxt[:1].islower()
