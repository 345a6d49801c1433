"""Reporting cadences in running text and the dates the plan states for them.

The ways plans say it: "định kỳ hằng tháng / quý / 6 tháng / 9 tháng / năm báo cáo", "báo cáo
... hằng năm", "Hằng năm, <body> báo cáo ...", "sơ kết 6 tháng, tổng kết năm"; a day for a
monthly report ("trước ngày 20 hằng tháng"); dates for the others, inside the clause or after
it, bracketed or not ("định kỳ hằng năm (trước ngày 15 tháng 12)", "trước ngày 01/6 và 15/11
hằng năm": two dates a year are the 6-month and the yearly report). Months in digits or words.

Only periodic reports count: "báo cáo hằng ngày", "báo cáo ngay", "báo cáo theo quy định" or a
bare "định kỳ" state no cadence, and then the coordinator chooses one.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .memo import memo, memo_list
from .word_scan import finditer_at

_EACH = r"(?:hằng|hàng|mỗi)"
_CORE = (r"(?:(?:0?6|sáu)\s+tháng(?:\s+đầu\s+năm)?|(?:0?9|chín)\s+tháng|12\s+tháng|tháng|quý|"
         r"năm|cuối\s+năm|cả\s+năm)")
_UNIT = rf"(?:{_EACH}\s+)?{_CORE}"
_UNITS = rf"{_UNIT}(?:\s*(?:,|và|hoặc|/)\s*{_UNIT})*"
_MONTH_WORDS = {"giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
                "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12}
_MONTH = r"(?:\d{1,2}|mười\s+một|mười\s+hai|mười|giêng|chạp|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín)"
DATE = (rf"\d{{1,2}}\s*(?:/\s*\d{{1,2}}(?:\s*/\s*\d{{4}})?|[-.]\s*\d{{1,2}}\s*[-.]\s*\d{{4}}|"
        rf"\s+tháng\s+{_MONTH}(?!\s*(?:,|và)?\s*(?:quý|năm\b(?!\s+\d)))(?:\s*(?:,\s*)?năm\s+\d{{4}})?)")
_DATES = rf"{DATE}(?:\s*(?:,|và)\s*{DATE})*"
_WHEN = r"(?:trước|vào|chậm\s+nhất(?:\s+là)?|không\s+quá)\s+(?:ngày\s+)?"
_DAY = rf"{_WHEN}(?P<day>\d{{1,2}})\s+(?:của\s+)?(?={_EACH}\s+tháng)"
_PERIODIC = re.compile(
    rf"định\s+kỳ\s*\(?\s*(?:{_WHEN}(?P<dates>{_DATES})\s+|{_DAY})?(?P<units>{_UNITS})(?!\s*\d)",
    re.IGNORECASE)
_AFTER_REPORT = re.compile(
    rf"báo\s+cáo(?:\s+[^\s.;:]+){{0,20}}?\s+(?:{_DAY})?(?P<units>{_EACH}\s+(?:(?:0?6|sáu)\s+tháng|"
    rf"tháng|quý|năm))(?!\s*\d)", re.IGNORECASE)
_BEFORE_REPORT = re.compile(
    rf"(?:^|(?<=[.;:]))\s*(?:[-+•]\s*|[a-zđ]\)\s*|\d{{1,2}}\.\s*)?(?P<units>{_EACH}\s+{_CORE}"
    rf"(?:\s*(?:,|và)\s*(?:{_EACH}\s+)?{_CORE})*)\s*,?\s*(?P<between>[^.;:]{{0,120}}?)"
    rf"(?:định\s+kỳ\s+)?báo\s+cáo", re.IGNORECASE)
_REVIEW = re.compile(r"(?P<units>sơ\s+kết\s+(?:0?6|sáu|0?9|chín)\s+tháng|tổng\s+kết\s+(?:hằng\s+|cuối\s+)?năm)",
                     re.IGNORECASE)
_REPORT_WORD = re.compile(r"báo\s+cáo|sơ\s+kết|tổng\s+kết", re.IGNORECASE)
_DUE_NEAR = re.compile(rf"{_WHEN}(?:(?P<dates>{_DATES})|(?P<day>\d{{1,2}})(?:\s+(?:của\s+)?{_EACH}\s+tháng|"
                       rf"(?!\s*(?:[/.\-]|\d|tháng|năm))))", re.IGNORECASE)
_CUTOFF_MONTH = {"semiannual": 6, "nine_months": 9, "annual": 12}


_SPACES = re.compile(r"\s+")
_UNIT_OPENING = re.compile(rf"^(?:{_EACH}|sơ\s+kết|tổng\s+kết|định\s+kỳ)\s+")
_SIX_MONTHS = re.compile(r"(0?6|sáu) tháng")
_NINE_MONTHS = re.compile(r"(0?9|chín) tháng")
_UNIT_RE = re.compile(_UNIT, re.IGNORECASE)
_DATE_RE = re.compile(DATE, re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;]|\.(?!\d)|định\s+kỳ", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[;]|\.(?!\d)")


class Found(NamedTuple):  # immutable, as the kept answers of cadences_in must be; made in C
    cadence: str
    pos: int  # where the cadence is stated in the paragraph
    due: str | None  # "MM-DD", "DD" (monthly), an ISO date, or "MM-DD,MM-DD,..." (quarterly)


@memo
def cadence_of(unit: str) -> str | None:
    u = _UNIT_OPENING.sub("", _SPACES.sub(" ", unit.lower().strip()))
    if _SIX_MONTHS.match(u):
        return "semiannual"
    if _NINE_MONTHS.match(u):
        return "nine_months"
    if u.startswith(("12 tháng", "năm", "cuối năm", "cả năm")):
        return "annual"
    return {"tháng": "monthly", "quý": "quarterly"}.get(u)


def _units(text: str) -> list[str]:
    return _UNIT_RE.findall(text)


@memo
def _cadences(units: str) -> tuple[str | None, ...]:
    """The cadence of each unit a statement names ("6 tháng, năm": semiannual, annual)."""
    return tuple(cadence_of(u) for u in _units(units))


def parse_date(text: str) -> tuple[int, int, int | None] | None:
    """'15/11', '15 tháng mười một', '15/11/2025' -> (month, day, year or None)."""
    t = re.sub(r"\s+", " ", text.lower()).strip()
    m = re.match(r"(\d{1,2}) ?[/.-] ?(\d{1,2})(?: ?[/.-] ?(\d{4}))?", t)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    else:
        m = re.match(rf"(\d{{1,2}}) tháng ({_MONTH})(?:,? năm (\d{{4}}))?", t)
        if not m:
            return None
        word = m.group(2)
        day, month, year = int(m.group(1)), int(word) if word.isdigit() else _MONTH_WORDS[word], m.group(3)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month, day, int(year) if year else None


def _as_due(d: tuple[int, int, int | None]) -> str:
    month, day, year = d
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"


def _dates(text: str | None) -> list[tuple[int, int, int | None]]:
    return [d for d in (parse_date(s) for s in _DATE_RE.findall(text or "")) if d]


# What follows a statement: plans repeat the same clause after it ("báo cáo kết quả về ..."),
# so these are asked of the text after it (the window the clause is cut from) and kept.
@memo
def _reports_after(window: str) -> bool:
    return _reports(_CLAUSE_END.split(window, maxsplit=1)[0])


@memo
def _due_after(window: str) -> tuple[tuple, int | None] | None:
    """The dates (or the day of the month) the clause after a statement gives, if it does."""
    clause = _CLAUSE_END.split(window, maxsplit=1)[0]
    near = _DUE_NEAR.search(clause) if _says(clause.lower(), _WHEN_WORDS) else None
    if near is None:
        return None
    return tuple(_dates(near.group("dates"))), int(near.group("day")) if near.group("day") else None


@memo_list
def _assign(cads: tuple[str, ...], dates: tuple, day: int | None) -> list[tuple[str, str | None]]:
    """Each cadence with the date the clause states for it."""
    out = {c: None for c in cads}
    if day and "monthly" in out:
        out["monthly"] = f"{day:02d}"
    dated = [c for c in cads if c in _CUTOFF_MONTH or c == "quarterly"]
    if dates and dated == ["annual"] and len(dates) == 2:
        return [(c, out[c]) for c in cads if c != "annual"] + [
            ("semiannual", _as_due(dates[0])), ("annual", _as_due(dates[1]))]
    if dates and dated in (["annual"], ["quarterly"]) and len(dates) == 4:
        return [(c, out[c]) for c in cads if c not in dated] + [("quarterly", ",".join(_as_due(d) for d in dates))]
    yearly = sorted((c for c in dated if c in _CUTOFF_MONTH), key=_CUTOFF_MONTH.get)
    if dates and len(dates) == len(yearly):
        for c, d in zip(yearly, sorted(dates, key=lambda d: (d[2] or 0, d[0], d[1]))):
            out[c] = _as_due(d)
    elif len(dates) == 1 and yearly:
        month = dates[0][0]
        nearest = min(yearly, key=lambda c: abs(_CUTOFF_MONTH[c] - month))
        if abs(_CUTOFF_MONTH[nearest] - month) <= 2:
            out[nearest] = _as_due(dates[0])
    return list(out.items())


@memo_list
def cadences_in(text: str) -> list[Found]:
    """Every periodic report a paragraph states, with its due date when stated."""
    found: list[Found] = []
    for cads, pos, stated, day, end in _statements(text):
        for c, due in _dues(cads, stated, day, text[end:end + 160]):
            if not any(f.cadence == c for f in found):
                found.append(Found(c, pos, due))
            elif due and not any(f.due for f in found if f.cadence == c):
                found[:] = [Found(c, f.pos, due) if f.cadence == c else f for f in found]
    return found


@memo
def _dues(cads: tuple, stated: str | None, day: int | None, window: str) -> tuple[tuple[str, str | None], ...]:
    """Each cadence of a statement with its due date: the dates it states, else those of the
    clause after it (``window``: the text after it). Plans repeat the statement and its clause."""
    dates = _dates(stated) if stated else []
    near = _due_after(window) if not dates and not day else None
    if near:
        dates, day = list(near[0]), near[1]
    return tuple(_assign(tuple(c for c in cads if c), tuple(dates), day))


def states_cadence(text: str, lowered: str | None = None) -> bool:
    """Whether ``cadences_in(text)`` finds any: the first statement with a cadence answers,
    without reading due dates (a duty's kind asks this of each of a plan's duties, and passes
    the text it has lowered already as ``lowered``)."""
    return any(any(cads) for cads, *_ in _statements(text, lowered))


class _Kept(NamedTuple):
    """A match of _PERIODIC kept by _periodic_from, placed in its text: what _statements reads
    of a re.Match."""
    start: int
    stop: int
    units: str
    dates: str | None
    day: str | None

    def span(self) -> tuple[int, int]:
        return self.start, self.stop

    def end(self) -> int:
        return self.stop

    def group(self, name: str) -> str | None:
        return getattr(self, name)


_KEPT_LENGTH = 400  # longer texts after a "định" are matched as they are: copies of them would add up


def _periodic_at(text: str, i: int) -> "_Kept | re.Match | None":
    """``_PERIODIC.match(text, i)``, read once for each text from ``i`` on (the pattern looks at
    nothing before its match): plans repeat a statement and the clause after it word for word,
    and a duty's kind and its paragraph's reports ask of the same statement."""
    if len(text) - i > _KEPT_LENGTH:
        return _PERIODIC.match(text, i)
    kept = _periodic_from(text[i:])
    return _Kept(i, i + kept[0], *kept[1:]) if kept else None


@memo
def _periodic_from(rest: str) -> tuple[int, str, str | None, str | None] | None:
    m = _PERIODIC.match(rest)
    return (m.end(), m.group("units"), m.group("dates"), m.group("day")) if m else None


def _statements(text: str, folded: str | None = None):
    """(cadences, where, dates as stated (text or None), day, end) of each statement of a
    periodic report, in order. The dates are read by the caller that wants them (a duty's kind
    asks only whether there is a cadence). ``folded``: ``text.lower()``, if the caller has it."""
    if folded is None:
        folded = text.lower()  # see _says
    for m in finditer_at(_PERIODIC, text, folded, "định", match=_periodic_at):
        start, end = m.span()
        if not (_reports_after(text[end:end + 200])
                or _reports(_SENTENCE_END.split(text[max(0, start - 80):start])[-1])):
            continue  # "định kỳ kiểm tra ...": periodic, but not a report
        day = m.group("day")
        yield _cadences(m.group("units")), start, m.group("dates"), int(day) if day else None, end
    each = _says(folded, _EACH_WORDS)
    for m in _BEFORE_REPORT.finditer(text) if each else ():
        between = m.group("between").strip(" ,")
        if between and not _names_a_body(between):
            continue  # "Hàng năm, bố trí kinh phí ... và báo cáo": not a reporting clause
        yield _cadences(m.group("units")), m.start("units"), None, None, m.end("units")
    for rx in (_AFTER_REPORT, _REVIEW) if each else (_REVIEW,) if _reviews(folded) else ():
        for m in finditer_at(rx, text, folded, "báo") if rx is _AFTER_REPORT else rx.finditer(text):
            day = int(m.group("day")) if "day" in m.groupdict() and m.group("day") else None
            yield (cadence_of(m.group("units")),), m.start(), None, day, m.end()


# Words every match of a pattern holds (in lower case). The patterns ignore case, and Python's
# re then scans a paragraph letter by letter even for a word it does not hold; `in` does not.
# Every letter that re takes for one of these letters, ignoring case, is that letter in lower
# case, but for the long s ("ſ", taken for "s"): "ſơ" is asked beside "sơ". (lower() costs a
# third of casefold(); nothing these patterns match is missed by either.)
_EACH_WORDS = ("hằng", "hàng", "mỗi")
_WHEN_WORDS = ("trước", "vào", "chậm", "không")


def _says(lowered: str, words: tuple[str, ...]) -> bool:
    for w in words:
        if w in lowered:
            return True
    return False


def _reviews(lowered: str) -> bool:
    return _says(lowered, ("sơ", "ſơ", "tổng")) and "kết" in lowered


def _reports(text: str) -> bool:
    return _says(text.lower(), ("báo", "kết")) and _REPORT_WORD.search(text) is not None


def _names_a_body(text: str) -> bool:
    from .agencies import is_agency_start

    return is_agency_start(text) and not re.search(r"\b(bố trí|tổ chức|xây dựng)\b", text[:12], re.IGNORECASE)
