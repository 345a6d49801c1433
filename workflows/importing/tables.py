"""Task tables ("STT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn
thành"), flattened one cell per line with "|" between cells and "|" "|" between rows."""
from __future__ import annotations

import re

from .agencies import split_names
from .duties import make_duty
from .text import clean


def rows(lines: list[str]) -> list[list[tuple[str, int]]]:
    """Every table row in the document, each a list of (cell text, line)."""
    out: list[list[tuple[str, int]]] = []
    row: list[tuple[str, int]] | None = None
    cell: list[str] = []
    cell_line = 0
    previous_pipe = False
    for number, raw in enumerate(lines, 1):
        s = raw.strip()
        if s == "|":
            if row is None:
                row = []
            elif previous_pipe and not cell:
                if row:
                    out.append(row)  # "|" "|": the row is over
                row = []
            else:
                row.append((" ".join(cell).strip(), cell_line))
            cell, previous_pipe = [], True
            continue
        if row is not None and not s and previous_pipe:
            if row:
                out.append(row)
            row, cell = None, []  # a blank line after "|": the table is over
            continue
        previous_pipe = False
        if row is not None and clean(s):
            cell_line = cell_line if cell else number
            cell.append(clean(s))
    if row:
        out.append(row)
    return out


def _column(header: list[str], pattern: str) -> int | None:
    for i, text in enumerate(header):
        if re.search(pattern, text, re.IGNORECASE):
            return i
    return None


def task_assignments(lines: list[str]) -> list[dict]:
    """Leads with their tasks from every table that has a lead ("chủ trì") column."""
    out: list[dict] = []
    columns = None
    for row in rows(lines):
        texts = [t for t, _ in row]
        lead = _column(texts, r"chủ\s*trì")
        if lead is not None and all(len(t) < 60 for t in texts):
            columns = {"lead": lead, "n": len(texts),
                       "task": _column(texts, r"nhiệm vụ|nội dung|công việc|hoạt động"),
                       "coop": _column(texts, r"phối\s*hợp"),
                       "due": _column(texts, r"thời gian|thời hạn|hoàn thành|tiến độ")}
            continue
        if columns is None or len(row) != columns["n"] or columns["task"] is None:
            continue
        task_text, line = row[columns["task"]]
        leads = split_names(row[columns["lead"]][0])
        if not task_text or not leads:
            continue
        coop = split_names(row[columns["coop"]][0]) if columns["coop"] is not None else []
        due = row[columns["due"]][0] or None if columns["due"] is not None else None
        duty = make_duty(task_text, line, coop, due)
        out.append({"agencies": leads, "role": "lead", "duties": [duty], "lines": [line, line]})
    return out
