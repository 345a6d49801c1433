"""One duty: its text, cooperating bodies ("phối hợp với ...") and kind (report, continuous,
one-off)."""
from __future__ import annotations

import re

from .agencies import name_at
from .reporting import cadences_in

_COOP_RE = re.compile(r"phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.IGNORECASE)
_REPORT_START = re.compile(r"^(định kỳ|tổng hợp,? báo cáo|báo cáo|tổng hợp tình hình)", re.IGNORECASE)
_CONTINUOUS = re.compile(r"thường xuyên|hằng năm|hàng năm|hằng tháng|hàng tháng|hằng quý|"
                         r"hàng quý|liên tục|lâu dài|các năm tiếp theo", re.IGNORECASE)


def make_duty(text: str, line: int, cooperating: list[str] | None = None, due: str | None = None) -> dict:
    text = re.sub(r"\s+", " ", text).strip(" :")
    coop = cooperating if cooperating is not None else cooperating_in(text)
    return {"text": text, "cooperating": coop, "kind": kind_of(text, due), "line": line, "due": due}


def cooperating_in(text: str) -> list[str]:
    out: list[str] = []
    for m in _COOP_RE.finditer(text):
        for name in name_at(text[m.end():], capital=True):
            if name not in out:
                out.append(name)
    return out


def kind_of(text: str, due: str | None = None) -> str:
    if "báo cáo" in text.lower() and (_REPORT_START.match(text) or cadences_in(text)):
        return "report"
    if _CONTINUOUS.search(text) or (due and _CONTINUOUS.search(due)):
        return "continuous"
    return "one_off"
