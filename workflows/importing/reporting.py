"""Reporting cadences ("định kỳ hằng tháng / quý / 6 tháng / 9 tháng / năm", "sơ kết 6 tháng",
"tổng kết năm"), their recipient ("báo cáo ... về <body>") and a fixed due day if stated.

Only periodic reports count: "báo cáo hằng ngày", "báo cáo ngay", "báo cáo theo quy định" or a
bare "định kỳ" state no cadence, and then the coordinator chooses one.
"""
from __future__ import annotations

import re

_UNIT = (r"(?:(?:hằng|hàng|mỗi)\s+)?(?:(?:0?6|sáu)\s+tháng(?:\s+đầu\s+năm)?|(?:0?9|chín)\s+tháng|"
         r"12\s+tháng|tháng|quý|năm|cuối\s+năm)")
_DATE = r"\d{1,2}\s*(?:/\s*\d{1,2}|\s+tháng\s+\d{1,2})"
_PERIODIC = re.compile(
    rf"định kỳ\s+(?:(?:vào|trước)\s+ngày\s+(?P<dates>{_DATE}(?:\s*(?:,|và)\s*{_DATE})*)\s+)?"
    rf"(?P<units>{_UNIT}(?:\s*(?:,|và|hoặc|/)\s*{_UNIT})*)(?!\s*\d)", re.IGNORECASE)
_AFTER_REPORT = re.compile(rf"báo cáo(?:\s+[^\s,.;]+){{0,5}}?\s+(?P<units>(?:hằng|hàng|mỗi)\s+(?:tháng|quý|năm))\b",
                           re.IGNORECASE)
_REVIEW = re.compile(r"(?P<units>sơ kết\s+(?:0?6|sáu|0?9|chín)\s+tháng|tổng kết\s+(?:hằng\s+|cuối\s+)?năm)",
                     re.IGNORECASE)
_REPORT_WORD = re.compile(r"báo cáo|sơ kết|tổng kết", re.IGNORECASE)
_DUE = re.compile(rf"trước\s+ngày\s+({_DATE})", re.IGNORECASE)
_RECIPIENT = re.compile(r"(?:gửi\s+(?:về\s+)?|\bvề\s+)(?=\S)", re.IGNORECASE)


def _cadence(unit: str) -> str | None:
    u = re.sub(r"^(hằng|hàng|mỗi|sơ kết|tổng kết)\s+", "", unit.lower().strip())
    if re.match(r"(0?6|sáu)\s+tháng", u):
        return "semiannual"
    if re.match(r"(0?9|chín)\s+tháng", u):
        return "nine_months"
    if u.startswith(("12 tháng", "năm", "cuối năm")):
        return "annual"
    if u == "tháng":
        return "monthly"
    if u == "quý":
        return "quarterly"
    return None


def _units(text: str) -> list[str]:
    return re.findall(_UNIT, text, re.IGNORECASE)


def cadences_in(text: str) -> list[tuple[str, int, str | None]]:
    """[(cadence, position, due 'MM-DD' or None)] for the periodic reports a text states."""
    found: list[tuple[str, int, str | None]] = []
    for m in _PERIODIC.finditer(text):
        clause = re.split(r"[.;]", text[m.end():], maxsplit=1)[0]
        if not _REPORT_WORD.search(clause[:160]) and not _REPORT_WORD.search(m.group(0)):
            continue  # "định kỳ kiểm tra ...": periodic, but not a report
        dates = re.findall(_DATE, m.group("dates") or "")
        cads = [_cadence(u) for u in _units(m.group("units"))]
        if dates and cads == ["annual"] and len(dates) in (2, 4):
            cads = ["semiannual" if len(dates) == 2 else "quarterly"]
        due = _due(dates[0]) if len(dates) == 1 else ",".join(_due(d) for d in dates) or None
        due = due or _due_after(text[m.end():m.end() + 80])
        found += [(c, m.start(), due) for c in cads if c]
    for rx in (_AFTER_REPORT, _REVIEW):
        for m in rx.finditer(text):
            c = _cadence(m.group("units"))
            if c and not any(c == f[0] for f in found):
                found.append((c, m.start(), _due_after(text[m.end():m.end() + 80])))
    return found


def _due(date: str) -> str:
    d, mth = [int(x) for x in re.findall(r"\d+", date)[:2]]
    return f"{mth:02d}-{d:02d}"


def _due_after(text: str) -> str | None:
    m = _DUE.match(text.lstrip(" ("))
    return _due(m.group(1)) if m else None


def recipient(text: str, start: int) -> str | None:
    """The body reports go to: the first 'về <body>' or 'gửi <body>' after the cadence."""
    from .agencies import name_at

    clause = re.split(r"(?<=[^\d])[.;]", text[start:], maxsplit=1)[0]
    for m in _RECIPIENT.finditer(clause):
        names = name_at(clause[m.end():])
        if names:
            return names[0]
    return None


def reporting(paras) -> list[dict]:
    out: list[dict] = []
    for p in paras:
        for cadence, pos, due in cadences_in(p.text):
            entry = {"cadence": cadence, "recipient": recipient(p.text, pos), "due": due, "line": p.line}
            if not any(e["cadence"] == cadence and e["recipient"] == entry["recipient"] for e in out):
                out.append(entry)
    return out
