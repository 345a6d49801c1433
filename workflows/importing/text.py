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


def single_spaced(s: str) -> str:
    """``" ".join(s.split())``: runs of white space as one space, none at the ends. A text that
    has nothing to change comes back as it is, told without splitting it: every white space
    but the space is unprintable (Unicode's Other and Separator classes)."""
    if s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s
    return " ".join(s.split())


def clean(line: str) -> str:
    """One line without Markdown decoration, spaces and dashes normalised."""
    s = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\t", " ")
    s = s.strip()
    if s.startswith("#"):
        s = _HASHES.sub("", s)
    if "*" in s or "\\" in s:
        s = _STAR_BULLET.sub("- ", s)  # a Markdown "* item" bullet
        s = s.replace("\\*", "").replace("\\", "")
        s = _STARS.sub("", s)
    if "__" in s:
        s = _UNDERLINES.sub("", s)
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    if "  " in s:
        s = _SPACE_RUN.sub(" ", s)
    return s.strip()


_HASHES = re.compile(r"^#{1,6}\s*")
_STAR_BULLET = re.compile(r"^\*\s+(?=\S)")
_STARS = re.compile(r"\*+")
_UNDERLINES = re.compile(r"(?<!\w)__|__(?!\w)")
_SPACE_RUN = re.compile(r"[ ]{2,}")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,;:.)])")


class _Growing:
    """A paragraph as its lines join it: joining 20,000 lines costs linear time, not
    quadratic (the text is joined once; the capitals test is kept as counts)."""

    def __init__(self, line: str):
        self.parts = [line]
        self.length = len(line)
        self.letters, self.upper, self.counted = 0, True, 0  # parts[:counted] are in letters, upper

    def add(self, other: "_Growing") -> None:
        self.parts += other.parts
        self.length += 1 + other.length

    @property
    def caps(self) -> bool:
        """Counted when first asked (lines parted by blank lines never ask), each part once."""
        while self.counted < len(self.parts):
            letters = list(filter(str.isalpha, self.parts[self.counted]))
            self.letters += len(letters)
            self.upper = self.upper and all(map(str.isupper, letters))
            self.counted += 1
        return self.letters >= 2 and self.upper

    def text(self) -> str:
        return " ".join(self.parts)


def _starts_item(s: str) -> bool:
    return bool(MARKER_RE.match(s))


def paragraphs(lines: list[str]) -> list[Para]:
    """Group lines into paragraphs; see the module docstring for what is rejoined."""
    out: list[Para] = []
    # what separates the next line from out[-1]: none, blank, cell ("|"), break (a table's
    # end or a rule), start
    gap = "start"
    last: _Growing | None = None  # out[-1] while lines may still join it
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if stripped == "|":
            gap = "cell"
            continue
        s = clean(raw) if stripped else ""  # clean() strips what strip() does, and more
        if not s:
            if stripped and gap == "none":
                continue  # a markup-only line ("**") inside a paragraph
            gap = "break" if gap == "cell" else "blank" if gap == "none" else gap
            continue
        if _RULE.match(s):
            gap = "break"
            continue
        s = s.strip("|").strip() if gap == "cell" else s
        line = _Growing(s)
        if last and _joins(last, line, gap):
            last.add(line)
        else:
            if last:
                out[-1].text = last.text()
            out.append(Para(s, number, cell=gap == "cell"))
            last = line
        gap = "none"
    if last:
        out[-1].text = last.text()
    for p in out:
        p.text = t = single_spaced(p.text)  # one space at most before a mark: what _SPACE_BEFORE_MARK finds
        if " ," in t or " ;" in t or " :" in t or " ." in t or " )" in t:
            p.text = _SPACE_BEFORE_MARK.sub(r"\1", p.text)
    return out


_BARRIER = re.compile(r"^(Nơi nhận|Trên đây|TM\.|KT\.|PHỤ LỤC)")


# A body's name in capitals ("SỞ Y TẾ", "CÔNG AN TỈNH"), never "PHÒNG, CHỐNG ..." (a verb); a
# heading line that ends open ("TRÁCH NHIỆM CỦA") goes on with the next one.
_CAPS_BODY = re.compile(r"^(?:CÁC\s+(?:TỔ CHỨC|DOANH NGHIỆP|CƠ QUAN|ĐƠN VỊ|NGÀNH|ĐOÀN THỂ|ĐỊA PHƯƠNG)\b|"
                        r"(?:CÁC\s+)?(?:SỞ|CÔNG AN|ỦY BAN|UỶ BAN|UBND|UBMTTQ|MTTQ|MẶT TRẬN|BAN|HỘI|BỘ|ĐOÀN|"
                        r"LIÊN ĐOÀN|TRUNG TÂM|BẢO HIỂM|TÒA ÁN|TOÀ ÁN|VIỆN|ĐÀI|BÁO|CHI NHÁNH|NGÂN HÀNG|"
                        r"CỤC|CHI CỤC|VĂN PHÒNG|THANH TRA|KHO BẠC|BỆNH VIỆN|"
                        r"PHÒNG(?![,\s]+(?:CHỐNG|NGỪA|TRÁNH|VỆ|THỦ|HỘ)\b))\b)")
_CAPS_OPEN_END = re.compile(r"(?:\b(?:CỦA|VÀ|VỚI|CHO|VỀ|TẠI|TRONG|THUỘC|CÁC|GIỮA|ĐẾN|TỚI|NĂM|LÀ)|[,\-–&])\s*$")


_TAKES_A_NUMBER = re.compile(r"(?<!hằng )(?<!hàng )(?<!mỗi )(?<!các )\b(?:ngày|tháng)$", re.IGNORECASE)


def _names_a_body_alone(line: str) -> bool:
    """A line that is a body's name and nothing else ("Sở Y tế", "Công an tỉnh"): a heading
    whose colon (or bold marks) the conversion lost."""
    from .agencies import is_agency_start, verb_at

    return line[-1:] not in ".;,:" and is_agency_start(line, capital=True) and verb_at(line) is None


def _joins(prev: _Growing, line: _Growing, gap: str) -> bool:
    nxt, first, end = line.parts[0], prev.parts[0], prev.parts[-1][-1:]
    if gap == "none" and _TAKES_A_NUMBER.search(prev.parts[-1]) and nxt[:1].isdigit():
        return True  # "trước ngày" / "15) báo cáo ...": a date cut by the line break, not an item "15)"
    if gap in ("cell", "start", "break"):
        return False
    if gap != "none" and (end in TERMINAL or not nxt[:1].islower()):
        return False  # across blank lines only a sentence cut by a page break goes on (below)
    if _starts_item(nxt) or _BARRIER.match(nxt):
        return False
    if gap == "none":
        if prev.caps != line.caps:
            return False  # a heading in capitals, then the text under it (or before it)
        if prev.caps and _CAPS_BODY.match(nxt) and not _CAPS_OPEN_END.search(prev.parts[-1]) \
                and not first.startswith("KẾ HOẠCH"):
            return False  # "II. TỔ CHỨC THỰC HIỆN", then a body's name in capitals heading its duties
        if (end in ".;" and len(prev.parts[-1].split()) > 1 and len(nxt.split()) <= 12 and nxt[:1].isupper()
                and (nxt.endswith(":") or _names_a_body_alone(nxt))):
            return False  # a sentence ended, then a short heading line ("Sở Y tế:") opens a list
        if re.match(r"^Số\s*:", first) or (re.match(r"^(Căn cứ|Thực hiện)\s", nxt)
                                            and (end in TERMINAL or prev.length < 60)):
            return False  # the number line; a new citation of the legal basis
        return True
    # across blank lines: a sentence cut by a page break continues in lower case
    return end not in TERMINAL and nxt[:1].islower()
