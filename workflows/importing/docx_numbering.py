"""Word automatic numbering rendered as text ("1.", "a)", "-"): python-docx gives the text of
a paragraph without its list number, and numbering carries a plan's structure."""
from __future__ import annotations

from docx.oxml.ns import qn

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, sign in _ROMAN:
        while n >= value:
            out, n = out + sign, n - value
    return out


def _letter(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]


_LEVELS = 9  # Word's list levels 0..8
_MAX_START = 32767  # Word's largest start value: a bigger one would cost time in _roman


def _level(value) -> int:
    return min(max(int(value), 0), _LEVELS - 1)


_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letter, "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(), "upperRoman": _roman,
}


class Numbering:
    def __init__(self, document):
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._abstract_of: dict[str, str] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numpr = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            self._load(root)
        for style in document.styles:
            ppr = style.element.find(qn("w:pPr"))
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if numpr is not None:
                self._style_numpr[style.style_id] = numpr

    def _load(self, root) -> None:
        abstract = {}
        for an in root.findall(qn("w:abstractNum")):
            aid = an.get(qn("w:abstractNumId"))
            for lvl in an.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                abstract[(aid, _level(lvl.get(qn("w:ilvl"))))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "%1.",
                    min(int(start.get(qn("w:val"))), _MAX_START) if start is not None else 1)
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self._abstract_of[num.get(qn("w:numId"))] = ref.get(qn("w:val"))
        self._levels = abstract

    def _numpr(self, p):
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            return None
        numpr = ppr.find(qn("w:numPr"))
        if numpr is None:
            style = ppr.find(qn("w:pStyle"))
            numpr = self._style_numpr.get(style.get(qn("w:val"))) if style is not None else None
        return numpr

    def prefix(self, p) -> str:
        numpr = self._numpr(p)
        if numpr is None:
            return ""
        num_el, ilvl_el = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
        num_id = num_el.get(qn("w:val")) if num_el is not None else None
        ilvl = _level(ilvl_el.get(qn("w:val"))) if ilvl_el is not None else 0
        aid = self._abstract_of.get(num_id)
        fmt, text, start = self._levels.get((aid, ilvl), ("bullet", "-", 1))
        if fmt in ("bullet", "none") or aid is None:
            return "- " if fmt != "none" else ""
        counters = self._counters.setdefault(aid, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        for level in range(ilvl + 1):
            lf, _, ls = self._levels.get((aid, level), ("decimal", "", 1))
            value = counters.get(level, ls)
            text = text.replace(f"%{level + 1}", _FORMATS.get(lf, str)(value))
        return text + " "
