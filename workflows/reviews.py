"""Mid-term and final reviews (sơ kết, tổng kết) of a multi-year plan, as tasks for the agency
reports go to (the recipient, usually the coordinator).

A plan calls for them in its text: a line speaking of "sơ kết" asks for a mid-term review, of
"tổng kết" for a final one, unless it names a year before the plan starts (a review of an
earlier period: "Tổng kết ... giai đoạn 2016 - 2021" in a plan for 2021-2025). A year the line names within the plan's
period dates the review (by 31 December of that year, or the plan's end if sooner); otherwise a
mid-term review is due halfway through the period and a final one at its end (a dated line
wins over an undated one). A plan of one
calendar year has its yearly report instead and gets none.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable, Sequence

from workflows.activation import TaskSpec, plan_period, task_id_for
from workflows.calendar import WorkingCalendar
from workflows.deadlines import duty_deadline
from workflows.importing.senders import recipients_of

KINDS = (("mid", re.compile(r"\bsơ\s+kết\b", re.IGNORECASE), "Sơ kết giữa kỳ"),
         ("final", re.compile(r"\btổng\s+kết\b", re.IGNORECASE), "Tổng kết"))
_YEAR = re.compile(r"\b(20\d\d)\b")


def review_specs(plan_id: str, draft: dict, lines: Sequence[str],
                 resolve: Callable[[str], tuple[str, str]], calendar: WorkingCalendar) -> list[TaskSpec]:
    start, end = plan_period(draft)
    recipient = next((r.get("recipient") for r in draft.get("reporting") or [] if r.get("recipient")), None)
    if end.year == start.year or not recipient:
        return []
    agency_id, agency_name = resolve(recipients_of(recipient)[-1])  # "UBND ... (qua X)": X reviews
    out = []
    for key, words, title in KINDS:
        found = _call(lines, words, start, end)
        if found is None:
            continue
        line, year = found
        due = min(date(year, 12, 31), end) if year else (
            start + timedelta(days=(end - start).days // 2) if key == "mid" else end)
        duty_id = f"{plan_id}:review:{key}"
        number = draft.get("number")
        text = f"{title} thực hiện Kế hoạch{' số ' + number if number else ''}"
        out.append(TaskSpec(task_id=task_id_for(duty_id, agency_id, None), plan_id=plan_id, duty_id=duty_id,
                            duty_text=text, agency_id=agency_id, agency_name=agency_name, role="lead",
                            kind="one_off", deadline=duty_deadline(calendar, end, due), line=line))
    return out


def _call(lines, words, start: date, end: date) -> tuple[int, int | None] | None:
    """(line number, year) of the first line calling for it that names a year within the plan,
    else (line number, None) of the first that names none."""
    undated = None
    for number, text in enumerate(lines, 1):
        if not words.search(text):
            continue
        years = [int(y) for y in _YEAR.findall(text)]
        if any(y < start.year for y in years):
            continue
        within = [y for y in years if y <= end.year]
        if within:
            return number, within[0]
        if undated is None and not years:
            undated = (number, None)
    return undated
