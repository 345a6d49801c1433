"""The parts of an agency's written report a consolidated report gathers: difficulties
(khó khăn, vướng mắc, hạn chế) and next steps (phương hướng, nhiệm vụ, giải pháp, kiến nghị).

An agency writes its report as numbered or titled parts ("II. Khó khăn, vướng mắc", "3. Phương
hướng nhiệm vụ 6 tháng cuối năm:"); a part runs until the next such heading. Text before any
heading is the agency's results.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERING = r"^\s*(?:[IVX]+\.|\d+(?:\.\d+)*\.?|[a-z]\)|[-+*•])?\s*"
_HEADINGS = (
    ("difficulties", r"(khó khăn|vướng mắc|hạn chế|tồn tại)"),
    ("next_steps", r"(phương hướng|nhiệm vụ(?: trọng tâm)?(?: thời gian| trong thời gian)? tới|"
                   r"nhiệm vụ,? giải pháp|giải pháp|kế hoạch (?:thời gian )?tới|kiến nghị|đề xuất)"),
    ("results", r"(kết quả|tình hình thực hiện)"),
)
_HEADING = [(part, re.compile(_NUMBERING + words + r"[^.:\n]{0,80}:?\s*$", re.IGNORECASE))
            for part, words in _HEADINGS]


@dataclass(frozen=True)
class ReportParts:
    results: str
    difficulties: str
    next_steps: str


def split_report(text: str) -> ReportParts:
    """An agency's report split into results, difficulties and next steps (each may be empty)."""
    parts: dict[str, list[str]] = {"results": [], "difficulties": [], "next_steps": []}
    current = "results"
    for line in (text or "").splitlines():
        heading = next((part for part, rx in _HEADING if len(line) < 120 and rx.match(line)), None)
        if heading:
            current = heading
            continue
        parts[current].append(line)
    return ReportParts(*("\n".join(parts[k]).strip() for k in ("results", "difficulties", "next_steps")))
