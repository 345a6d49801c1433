"""The plan's own data: number, issuer, place, date, title, period and legal basis.

Nothing is guessed: a blank number ("Số: /KH-UBND"), a lost header or an unstated period
come out as null, and draft.py adds a warning for each.
"""
from __future__ import annotations

import re
from datetime import date

_TITLE_RE = re.compile(r"^KẾ\s*HOẠCH\b\s*:?\s*(?P<rest>.*)$")
_NUMBER_RE = re.compile(r"^Số\s*[:.]?\s*(?P<num>.*)$")
_DATE_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DATE_SLASH = r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_PLACE_DATE = re.compile(rf"^(?P<place>[^,|]{{2,60}}?),\s*(?:{_DATE_WORDS}|{_DATE_SLASH})")
_ISSUER_TOP = re.compile(r"^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|SỞ|BỘ|BAN|HỘI ĐỒNG|CÔNG AN|PHÒNG)\b")
_ISSUER_INTRO = re.compile(r"((?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Sở|Ban)(?:\s+[^\s.,;:/\d]+){0,6}?)\s+"
                           r"(?:xây dựng|ban hành|triển khai)\s+(?:Kế hoạch|kế hoạch)")
_ADMIN_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU")
_REF_RE = re.compile(r"\bsố\s*:?\s*(?P<num>\d[\w.&-]*(?:\s*/\s*[\w.&-]+)+)", re.IGNORECASE)
_ANY_DATE = re.compile(rf"{_DATE_WORDS}|{_DATE_SLASH}", re.IGNORECASE)


def iso(d: str, m: str, y: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _date_of(m) -> str | None:
    vals = [v for v in m.groups() if v and v.isdigit()]
    return iso(*vals[:3]) if len(vals) >= 3 else None


def title_index(paras) -> int | None:
    for i, p in enumerate(paras[:60]):
        if _TITLE_RE.match(p.text) and p.text[:8].isupper():
            return i
    return None


def _cells(paras):
    """Each paragraph of the top, split where a Markdown table row puts "|" between cells
    (a header laid out as a table: "| ỦY BAN NHÂN DÂN ... Số: 12/KH-UBND | CỘNG HÒA ... |")."""
    for p in paras:
        for part in p.text.split("|"):
            part = part.strip()
            if part:
                yield part


def number(paras) -> str | None:
    for text in _cells(paras[:40]):
        m = _NUMBER_RE.match(text) or re.search(r"(?<![\w/])Số\s*:\s*(?P<num>\S.*)$", text)
        if m:
            raw = re.split(r"\s{2,}|\s+(?=(?:[A-ZĐ][^\s/,]*\s*){1,4},\s*ngày)|\s+(?=[A-ZĐ][^\s/]*\s+[A-ZĐ])",
                           m.group("num"))[0]
            num = re.sub(r"\s+", "", raw).strip(".,;")
            return num if re.search(r"\d", num) else None
    return None


def place_and_date(paras, until: int) -> tuple[str | None, str | None]:
    for text in _cells(paras[:until]):
        m = _PLACE_DATE.match(text)
        if m and not text.lower().startswith(("số", "căn cứ", "thực hiện")):
            place = re.sub(r"^.*?(?:VIỆT NAM|Hạnh phúc|HẠNH PHÚC)\s*[-–]*\s*", "", m.group("place"))
            return place.strip(" *") or None, _date_of(m)
    for text in _cells(paras[:until]):
        m = _ANY_DATE.search(text)
        if m and len(text) < 60:
            return None, _date_of(m)
    return None, None


def issuer(paras, until: int) -> str | None:
    for p in paras[:until]:
        if _ISSUER_TOP.match(p.text) and p.text.isupper() and "CỘNG HÒA" not in p.text:
            return _readable(p.text)
    found = None  # the intro's own "UBND ... xây dựng Kế hoạch", after the documents it cites
    for p in paras[:until + 8]:
        if re.match(r"^(I|1)\.\s", p.text):
            break
        for m in _ISSUER_INTRO.finditer(p.text):
            found = m.group(1).strip()
    return found


def _readable(caps: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK' -> 'Ủy ban nhân dân tỉnh Đắk Lắk'."""
    s = re.sub(r"^(ỦY|UỶ) BAN NHÂN DÂN", "Ủy ban nhân dân", caps.strip())
    for word in _ADMIN_WORDS:
        s = re.sub(rf"\b{word}\b(?=\s)", word.lower(), s, count=1)
    parts = s.split(" ")
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 and w not in ("UBND",) else w
                    for w in parts)


def title(paras, idx: int | None) -> str | None:
    if idx is None:
        return None
    rest = _TITLE_RE.match(paras[idx].text).group("rest").strip()
    if not rest and idx + 1 < len(paras) and not re.match(r"^(Căn cứ|Thực hiện|I\.)", paras[idx + 1].text):
        rest = paras[idx + 1].text
    # a title glued to the first citation when the line breaks were lost
    return re.split(r"\s(?=(?:Căn cứ|Thực hiện)\s)", rest)[0].strip() or None


_PERIOD_STATED = re.compile(r"thời gian thực hiện[^:]{0,40}:\s*từ\s+năm\s+(\d{4})\s+đến\s+(?:hết\s+)?năm\s+(\d{4})",
                            re.IGNORECASE)


def period(title_text: str | None, paras) -> tuple[str | None, str | None]:
    for p in paras:
        if ("ự" not in p.text and "Ự" not in p.text) or "thời gian thực hiện" not in p.text.casefold():
            continue  # the pattern's own words: scanning 9,000 paragraphs with it costs more (and
            # only "ự" and "Ự" fold to an "ự": a look for them costs a tenth of the folding)
        m = _PERIOD_STATED.search(p.text)
        if m:
            return f"{m.group(1)}-01-01", f"{m.group(2)}-12-31"
    t = title_text or ""
    m = re.search(r"giai đoạn\s+(\d{4})\s*-\s*(\d{4})", t, re.IGNORECASE)
    if m:
        return f"{m.group(1)}-01-01", f"{m.group(2)}-12-31"
    m = re.search(r"(?<!đến )\bnăm\s+(\d{4})\b(?!\s*-)", t, re.IGNORECASE)
    if m and not re.search(r"đến\s+năm\s+" + m.group(1), t, re.IGNORECASE):
        return f"{m.group(1)}-01-01", f"{m.group(1)}-12-31"
    return None, None


def legal_basis(paras, until: int) -> list[dict]:
    out = []
    for p in paras[:until]:
        if not re.match(r"^(Căn cứ|Thực hiện)\b", p.text):
            continue
        for part in re.split(r";\s*", p.text):
            for m in _REF_RE.finditer(part):
                d = _ANY_DATE.search(part, m.end(), m.end() + 40)
                out.append({"text": part.strip(" .,"), "number": re.sub(r"\s+", "", m.group("num")),
                            "date": _date_of(d) if d else None})
    return out


_LEVEL_OF_ISSUER = re.compile(r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s*$",
                              re.IGNORECASE)
_CAP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ"
_NAME = rf"(?P<name>[{_CAP}][^\s,.;:()]*(?:(?:\s+|\s*-\s*)[{_CAP}][^\s,.;:()-]*){{0,4}})"


def place_in_text(paras, issuer_name: str | None) -> tuple[str | None, int | None]:
    """The place of a plan whose header was lost, as its own text states its area: the
    issuer's level word with a name after "trên địa bàn", "phạm vi", "toàn" ("Ủy ban nhân dân
    tỉnh" and "... trên địa bàn tỉnh Lào Cai" is Lào Cai). The name stated most often wins
    (with its first line); none when the issuer says no level or the text names no area."""
    m = _LEVEL_OF_ISSUER.search(issuer_name or "")
    if m is None:
        return None, None
    level = m.group(1).lower()
    area = re.compile(rf"(?:trên\s+địa\s+bàn|phạm\s+vi(?:\s+toàn)?|toàn)\s+{level}\s+{_NAME}")
    counts: dict[str, list[int]] = {}
    for p in paras:
        for found in area.finditer(p.text):
            counts.setdefault(found.group("name"), []).append(p.line)
    if not counts:
        return None, None
    name, lines = max(counts.items(), key=lambda kv: (len(kv[1]), -kv[1][0]))
    return name, lines[0]
