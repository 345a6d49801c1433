"""The numbering outline of a plan: I. > 1. > 1.1. > a) > - > +.

Numbering carries the structure, not the markup. Each paragraph that starts with a marker
opens an item; an unmarked paragraph belongs to the nearest open item that reads as a
heading (one that does not end a sentence), else to the document root.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MARKER_RE = re.compile(
    r"^(?:(?P<roman>[IVX]{1,4})\s*[./)](?=\s|$)"
    r"|(?P<multi>\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|$)"
    r"|(?P<dec>\d{1,3})\s*[.)](?=\s|$)"
    r"|(?P<letter>[a-zđ])\s*\)(?=\s|$)"
    r"|(?P<dash>[-•·])(?:\s+(?=\S)|(?=[^\W\d_]|\())"
    r"|(?P<plus>\+)\s+)\s*")
_RANK = {"caps": 1, "roman": 1, "dec": 2, "letter": 5, "dash": 6, "plus": 7}
END_RE = re.compile(r"^(Nơi nhận|PHỤ LỤC|Phụ lục\b)", re.IGNORECASE)
CLOSE_RE = re.compile(r"^(Trên đây|TM\.|KT\.|Q\. ?CHỦ TỊCH|CHỦ TỊCH$)")


@dataclass
class Item:
    kind: str  # roman, multi, dec, letter, dash, plus, para, root
    label: str
    text: str
    line: int
    rank: int = 0
    children: list["Item"] = field(default_factory=list)

    @property
    def is_heading(self) -> bool:
        return self.kind != "para" and self.text[-1:] not in ".;"

    def marked(self) -> list["Item"]:
        return [c for c in self.children if c.kind != "para"]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        """The item's text with everything under it."""
        return " ".join([self.text] + [c.full_text() for c in self.children]).strip()


def split_marker(text: str) -> tuple[str, str, str]:
    """'1.1. Foo' -> ('multi', '1.1', 'Foo'); unmarked -> ('para', '', text)."""
    m = MARKER_RE.match(text)
    if not m:
        return "para", "", text
    kind = m.lastgroup  # the one named group of the alternative that matched
    return kind, m.group(kind), text[m.end():].strip()


def _caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (len(letters) >= 4 and all(c.isupper() for c in letters) and len(text.split()) <= 15
            and text[-1:] != ".")


def rank(kind: str, label: str) -> int:
    if kind == "multi":
        return 2 + label.count(".")
    return _RANK.get(kind, 99)


def outline(paras) -> Item:
    """Build the item tree; stops at the list of recipients ("Nơi nhận") or an appendix."""
    root = Item("root", "", "", 0)
    stack: list[Item] = [root]
    # Without Roman numerals, a short line in capitals ("TỔ CHỨC THỰC HIỆN") heads a part.
    caps_parts = not any(split_marker(p.text)[0] == "roman" for p in paras)
    for p in paras:
        if END_RE.match(p.text):
            break
        if p.cell:
            continue  # table cells are read by tables.py
        if CLOSE_RE.match(p.text):
            del stack[1:]
            root.children.append(Item("para", "", p.text, p.line, 99))
            continue
        kind, label, body = split_marker(p.text)
        if kind == "para" and caps_parts and _caps_heading(body):
            kind = "caps"
        if kind == "para":
            while len(stack) > 1 and not stack[-1].is_heading:
                stack.pop()
            stack[-1].children.append(Item("para", "", body, p.line, 99))
            continue
        item = Item(kind, label, body, p.line, rank(kind, label))
        while len(stack) > 1 and stack[-1].rank >= item.rank:
            stack.pop()
        stack[-1].children.append(item)
        stack.append(item)
    return root
