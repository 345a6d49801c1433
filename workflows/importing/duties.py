"""One duty: its text, cooperating bodies ("phối hợp với ...") and kind (report, continuous,
one-off)."""
from __future__ import annotations

import re
from datetime import date, timedelta

from .agencies import name_at
from .cadences import states_cadence
from .text import single_spaced
from .word_scan import finditer_at

_COOP_RE = re.compile(r"phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.IGNORECASE)
_REPORT_START = re.compile(r"^(định kỳ|tổng hợp,? báo cáo|báo cáo|tổng hợp tình hình)", re.IGNORECASE)
_CONTINUOUS = re.compile(r"thường xuyên|hằng năm|hàng năm|hằng tháng|hàng tháng|hằng quý|"
                         r"hàng quý|liên tục|lâu dài|các năm tiếp theo", re.IGNORECASE)


def make_duty(text: str, line: int, cooperating: list[str] | None = None, due: str | None = None) -> dict:
    text = single_spaced(text).strip(" :")
    lowered = text.lower()  # asked by both: a duty's text is lowered once
    coop = cooperating if cooperating is not None else _cooperating(text, lowered)
    return {"text": text, "cooperating": coop, "kind": _kind(text, due, lowered), "line": line, "due": due}


def cooperating_in(text: str) -> list[str]:
    return _cooperating(text, text.lower())


def _cooperating(text: str, lowered: str) -> list[str]:
    out: list[str] = []
    for m in _coop_matches(text, lowered):
        for name in name_at(text[m.end():], capital=True):
            if name not in out:
                out.append(name)
    return out


def _coop_matches(text: str, lowered: str):
    """``_COOP_RE.finditer(text)``, tried only where "hợp" stands five letters into it ("phối"
    holds an i: see word_scan)."""
    return finditer_at(_COOP_RE, text, lowered, "hợp", offset=5)


def kind_of(text: str, due: str | None = None) -> str:
    return _kind(text, due, text.lower())


def _kind(text: str, due: str | None, lowered: str) -> str:
    if "báo cáo" in lowered and (_REPORT_START.match(text) or states_cadence(text, lowered)):
        return "report"
    if _CONTINUOUS.search(text) or (due and _CONTINUOUS.search(due)):
        return "continuous"
    return "one_off"


_FROM_ISSUE = re.compile(r"trong\s+(?:thời\s+hạn\s+|vòng\s+)?(\d{1,3})\s+ngày\s*(làm\s+việc)?\s*,?\s*"
                         r"(?:kể\s+)?từ\s+(?:ngày\s+)?(?:nhận|ban\s+hành|ký|phát\s+hành)", re.IGNORECASE)


def due_from_issue(text: str, issued_on: str | None) -> str | None:
    """'trong thời hạn 10 ngày kể từ ngày nhận Kế hoạch' -> the ISO date 10 days after the issue
    date (working days when the plan says 'ngày làm việc'); None without an issue date."""
    m = next(finditer_at(_FROM_ISSUE, text, text.lower(), "trong"), None) if issued_on else None
    if not m:
        return None
    start, n = date.fromisoformat(issued_on), int(m.group(1))
    if m.group(2):
        from workflows.calendar import WorkingCalendar

        return WorkingCalendar().add_working_days(start, n).isoformat()
    return (start + timedelta(days=n)).isoformat()


def dated_from_issue(assignments: list[dict], issued_on: str | None) -> None:
    """Give a one-off duty counted from the plan's receipt or issue its date."""
    for a in assignments:
        for d in a["duties"]:
            due = due_from_issue(d["text"], issued_on)
            if due and (not d.get("due") or not re.match(r"\d{4}-\d{2}-\d{2}$", d["due"])):
                d["due"] = due
