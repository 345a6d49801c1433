"""Targets (chỉ tiêu): measurable aims such as "100% ...", "trên 95% ...", "550 người".

Vietnamese numbers: "." groups thousands and "," marks decimals, so "1.600" is 1600 and
"43,6%" is 43.6.
"""
from __future__ import annotations

import re

from workflows.numbers import parse_number as read_number, plain_number

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_CMP = (r"(?P<cmp>trên|hơn|ít nhất|tối thiểu|không dưới|không ít hơn|từ|đạt|dưới|tối đa|"
        r"không quá|không vượt quá|≥|>=|≤|<=|>|<)?")
_PERCENT = re.compile(rf"{_CMP}\s*(?P<num>{_NUM})\s*%(?:\s*(?:-|đến)\s*(?P<max>{_NUM})\s*%)?",
                      re.IGNORECASE)
_COUNT = re.compile(rf"{_CMP}\s*(?<![\w/.,-])(?P<num>{_NUM})(?![\d/.,%-])\s+(?P<unit>(?:lượt\s+)?"
                    r"(?!năm\b|tháng\b|ngày\b|giờ\b|giai\b|quý\b|đến\b|và\b|của\b|trên\b|là\b|"
                    r"tại\b|tuổi\b|giảm\b|điều\b|khoản\b|huyện\b|quận\b|tỉnh\b|các\b|cấp\b|những\b|"
                    r"thành\b|giảm\b|tăng\b)[a-zà-ỹđ]+(?:\s+(?:nhân|tượng|viên|dân|"
                    r"học|sở|vụ|nghiệp|đàn|gia|chí|lớp))?)", re.IGNORECASE)
_CMP_MAP = {"trên": ">", "hơn": ">", "ít nhất": ">=", "tối thiểu": ">=", "không dưới": ">=",
            "không ít hơn": ">=", "từ": ">=", "đạt": ">=", "dưới": "<", "tối đa": "<=",
            "không quá": "<=", "không vượt quá": "<=", "≥": ">=", ">=": ">=", "≤": "<=",
            "<=": "<=", ">": ">", "<": "<"}
_DOC_REF = re.compile(r"\b(số|điều|khoản|chương|mục|dự án|tiểu dự án|phụ lục|nghị quyết|quyết định)\s*$",
                      re.IGNORECASE)


def parse_number(text: str) -> float | int:
    """'1.600' -> 1600, '43,6' -> 43.6, as JSON values (the rule: workflows.numbers)."""
    return plain_number(read_number(text))


def _clause(text: str, pos: int) -> str:
    start = max(text.rfind(";", 0, pos), text.rfind(". ", 0, pos)) + 1
    ends = [i for i in (text.find(";", pos), text.find(". ", pos)) if i != -1]
    return text[start:min(ends) if ends else len(text)].strip(" .;")


def targets_in(text: str, line: int) -> list[dict]:
    out = []
    for m in _PERCENT.finditer(text):
        t = _target(text, m, line, "%", True)
        if m.group("max"):
            t["max"] = parse_number(m.group("max"))
        out.append(t)
    for m in _COUNT.finditer(text):
        before = text[:m.start("num")]
        if _DOC_REF.search(before) or re.search(r"(ngày|năm|tháng|lần thứ|liên ngành|chỉ đạo|đội)\s*$",
                                                before, re.IGNORECASE):
            continue
        unit = re.sub(r"\s+", " ", m.group("unit")).lower()
        out.append(_target(text, m, line, unit, False))
    return out


def _target(text: str, m, line: int, unit: str, percent: bool) -> dict:
    cmp = _CMP_MAP.get((m.group("cmp") or "").lower(), ">=")
    return {"text": _clause(text, m.start("num")), "value": parse_number(m.group("num")),
            "unit": unit, "comparator": cmp, "percent": percent, "line": line}


def targets(items) -> list[dict]:
    """Targets in the given (text, line) pairs: percentages anywhere, counts in target
    paragraphs (those that speak of chỉ tiêu, mục tiêu, phấn đấu, đạt, ...)."""
    out = []
    for text, line, is_target_part in items:
        found = targets_in(text, line)
        if not is_target_part:
            found = [t for t in found if t["percent"]]
        out += found
    return out
