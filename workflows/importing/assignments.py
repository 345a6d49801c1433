"""Assignments: which bodies the plan gives duties to, with those duties.

Read from the assignment section(s) ("Phân công nhiệm vụ", "Tổ chức thực hiện", "Phân công
trách nhiệm"): each numbered item there names one or more bodies, then their duties inline, as
an unmarked paragraph or as sub-items. Elsewhere only explicit assignments are taken:
"Giao <body> ..." and per-task "Cơ quan chủ trì: ..." lines.
"""
from __future__ import annotations

import re

from .agencies import is_agency_start, name_at, parse_heading, split_names
from .duties import make_duty
from .structure import Item

SECTION_RE = re.compile(r"phân công|tổ chức thực hiện|trách nhiệm (thực hiện|của)|"
                        r"nhiệm vụ (cụ thể )?của các|nhiệm vụ cụ thể", re.IGNORECASE)
_TASK_LABEL = re.compile(r"^(?:cơ quan|đơn vị)\s+(chủ trì|thực hiện|phối hợp)\s*:\s*(.*)$",
                         re.IGNORECASE)


def sections(root: Item) -> list[Item]:
    """The assignment sections: top-level items whose heading says so."""
    found = [c for c in root.children if c.kind in ("roman", "caps") and _is_section_title(c.text)]
    if found:
        return found
    candidates = [i for i in root.walk() if i.kind not in ("para", "root") and i.is_heading
                  and _is_section_title(i.text)]
    if not candidates:
        return []
    top = min(i.rank for i in candidates)
    return [i for i in candidates if i.rank == top]


def _is_section_title(text: str) -> bool:
    return len(text) <= 120 and bool(SECTION_RE.search(text)) and "kinh phí" not in text.lower()


def from_sections(found: list[Item]) -> list[dict]:
    out: list[dict] = []
    for section in found:
        current = None  # a body named in an unmarked heading line ("Sở Y tế:") owns the list after it
        for child in section.children:
            if child.kind == "para":
                current = _from_heading_line(child)
                out += [current] if current else []
            elif (child.kind in ("dash", "plus") and child.text.endswith(":") and not child.children
                  and (heading := _from_heading_line(child)) and not heading["duties"]):
                current = heading  # "- Sở Y tế:" alone, its duties the items after it
                out.append(current)
            elif current is not None and child.kind in ("dash", "plus", "letter"):
                # "Sở Y tế:" on a line of its own, its duties as a) b) c) or - items after it
                current["duties"] += _duty_items(child)
                current["lines"][1] = max(current["lines"][1], child.line)
            else:
                current = None
                out += _from_item(child)
    return out


def _from_heading_line(para: Item) -> dict | None:
    if para.text[-1:] in ".;" or len(para.text.split()) > 30:
        return None
    parsed = parse_heading(para.text)
    if parsed is None:
        return None
    names, role, rest = parsed
    duties = [make_duty(rest, para.line)] if rest else []
    return {"agencies": names, "role": role, "duties": duties, "lines": [para.line, para.line]}


def _from_item(item: Item, depth: int = 0) -> list[dict]:
    parsed = parse_heading(item.text)
    if parsed is None:
        if depth == 0 and item.is_heading:  # "1. Cấp tỉnh" with bodies under it
            return [a for c in item.marked() for a in _from_item(c, depth + 1)]
        return []
    names, role, rest = parsed
    marked = item.marked()
    if depth == 0 and not rest and marked and _groups(names) and all(parse_heading(c.text) for c in marked):
        return [a for c in marked for a in _from_item(c, depth + 1)]  # "Các cơ quan sau:" then each body
    under = _duties_under(item)
    # "Sở Y tế chủ trì, phối hợp với ...:" then a) b) c): the line introduces the duties
    intro = item.text.rstrip().endswith(":") and under and len(rest.split()) <= 15
    duties = ([make_duty(rest, item.line)] if rest and not intro else []) + under
    lines = [item.line] + [d["line"] for d in duties]
    return [{"agencies": names, "role": role, "duties": duties, "lines": [min(lines), max(lines)]}]


_GROUP_RE = re.compile(r"\b(?:sau|như\s+sau|dưới\s+đây|gồm|bao\s+gồm)$", re.IGNORECASE)


def _groups(names: list[str]) -> bool:
    """A heading that only announces the bodies listed under it ("Các cơ quan sau", "Các đơn
    vị liên quan gồm")."""
    from workflows.agency_phrases import names_no_body

    return len(names) == 1 and bool(_GROUP_RE.search(names[0]) or names_no_body(names[0]))


def _duties_under(item: Item) -> list[dict]:
    out, seen_marked = [], False
    for child in item.children:
        if child.kind == "para":
            if seen_marked:
                break  # a closing paragraph after the list, not a duty of this body
            out.append(make_duty(child.full_text(), child.line))
        else:
            seen_marked = True
            out += _duty_items(child)
    return out


def _duty_items(item: Item) -> list[dict]:
    if item.text.endswith(":") and item.marked():
        return [make_duty(item.full_text(), item.line)]  # "bao gồm:" and its list: one duty
    own = " ".join([item.text] + [c.full_text() for c in item.children if c.kind == "para"])
    out = [make_duty(own, item.line)]
    for child in item.marked():
        out += _duty_items(child)
    return out


def given_elsewhere(root: Item, skip: list[Item]) -> list[dict]:
    """'Giao <body> ...' outside the assignment sections, and per-task lead bodies."""
    out: list[dict] = []
    skipped = {id(i) for s in skip for i in s.walk()}
    for item in root.walk():
        if id(item) in skipped or item.kind == "root":
            continue
        if re.match(r"^Giao\s", item.text) and is_agency_start(item.text[5:], capital=True):
            parsed = parse_heading(item.text)
            if parsed and parsed[2]:
                names, role, rest = parsed
                out.append({"agencies": names, "role": role, "duties": [make_duty(rest, item.line)],
                            "lines": [item.line, item.line]})
        out += _task_leads(item)
    return out


def _task_leads(task: Item) -> list[dict]:
    labels = {}
    for child in task.children:
        m = _TASK_LABEL.match(child.text)
        if m:
            labels.setdefault(m.group(1).lower(), (m.group(2), child.line))
    if not labels or not (task.text and task.kind != "para"):
        return []
    leads: list[str] = []
    if "chủ trì" in labels:
        leads = split_names(labels["chủ trì"][0].split(".")[0])
    elif "thực hiện" in labels:
        text = labels["thực hiện"][0]
        names = name_at(text)
        if names and re.search(r"^\W*chủ trì", text[len(" ".join(names)):].lstrip(" ,")):
            leads = names
        elif names and re.match(rf"^{re.escape(names[0])}\s+chủ trì", text):
            leads = names[:1]
    if not leads:
        return []
    cooperating = split_names(labels["phối hợp"][0].split(".")[0]) if "phối hợp" in labels else []
    duty = make_duty(task.text, task.line, cooperating)
    return [{"agencies": [name], "role": "lead", "duties": [duty], "lines": [task.line, task.line]}
            for name in leads]


def merge(assignments: list[dict]) -> list[dict]:
    """One entry per body (or group of bodies) and role, in order of first appearance."""
    merged: dict[tuple, dict] = {}
    for a in assignments:
        key = (tuple(n.casefold() for n in a["agencies"]), a["role"])
        if key in merged:
            m = merged[key]
            m["duties"] += a["duties"]
            m["lines"] = [min(m["lines"][0], a["lines"][0]), max(m["lines"][1], a["lines"][1])]
        else:
            merged[key] = {**a, "duties": list(a["duties"])}
    return list(merged.values())
