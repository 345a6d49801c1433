"""Assemble the plan draft (shared/DESIGN.md "Plan draft") from the parts of a document."""
from __future__ import annotations

import hashlib
import re

from . import assignments as assign
from . import header
from .errors import PlanImportError
from .readers import read_lines
from .duties import dated_from_issue
from .reporting import reporting
from .structure import END_RE, Item, outline
from .tables import task_assignments
from .targets import targets

_NOT_TARGETS = re.compile(r"kinh phí|tình hình|kết quả thực hiện|đánh giá|thực trạng|"
                          r"đối tượng|phạm vi|căn cứ", re.IGNORECASE)
NO_CADENCE = "no reporting cadence stated: choose one before activating"


def build(data: bytes, filename: str) -> dict:
    name = re.split(r"[\\/]", filename)[-1]
    lines = read_lines(data, name)
    from .text import paragraphs

    paras = paragraphs(lines)
    if not paras:
        raise PlanImportError("the file has no text", name, code="empty_file")
    body = _before_end(paras)
    root = outline(paras)
    tidx = header.title_index(paras)
    first_item = next((i for i, p in enumerate(paras) if re.match(r"^I\.\s", p.text)), len(paras))
    until = tidx if tidx is not None else min(first_item, 12)
    number = header.number(paras)
    if not _is_plan(paras, tidx, number):
        raise PlanImportError(
            "this does not look like a plan (Kế hoạch): no 'KẾ HOẠCH' heading, no KH number "
            "and no mention of a plan near the top", name, code="not_a_plan")
    sections = assign.sections(root)
    if not sections:
        raise PlanImportError(
            "no assignment section found (a heading such as 'Phân công nhiệm vụ', 'Tổ chức thực "
            "hiện' or 'Phân công trách nhiệm'): cannot tell which bodies the plan assigns duties to",
            name, code="no_assignment_section")
    found = assign.from_sections(sections)
    if not found:
        raise PlanImportError("the assignment section names no agency with a duty", name,
                              sections[0].line, code="no_agency")
    found += assign.given_elsewhere(root, sections) + task_assignments(lines)
    place, issued_on = header.place_and_date(paras, until if tidx is not None else 12)
    title = header.title(paras, tidx)
    start, end = header.period(title, body)
    draft = {
        "source": {"filename": name, "sha256": hashlib.sha256(data).hexdigest()},
        "number": number,
        "issuer": header.issuer(paras, until if tidx is not None else 12),
        "place": place,
        "issued_on": issued_on,
        "title": title,
        "period": {"start": start, "end": end},
        "legal_basis": header.legal_basis(paras, first_item),
        "targets": targets(_target_parts(root, sections)),
        "reporting": [],
        "assignments": assign.merge(found),
        "warnings": [],
    }
    draft["reporting"], unattributed = reporting(body, draft["assignments"], draft["issuer"])
    dated_from_issue(draft["assignments"], issued_on)
    stated = []
    if not place:  # a lost header: the area the text states for its issuer ("trên địa bàn tỉnh X")
        draft["place"], line = header.place_in_text(body, draft["issuer"])
        if draft["place"]:
            stated = [f"no place stated in the header: {draft['place']} is the area the text names "
                      f"(line {line}): check it"]
    draft["warnings"] = _warnings(draft) + stated + unattributed
    return draft


def _before_end(paras):
    out = []
    for p in paras:
        if END_RE.match(p.text):
            break
        if not p.cell:
            out.append(p)
    return out


def _is_plan(paras, tidx, number) -> bool:
    if tidx is not None or (number and "KH" in number.upper()):
        return True
    top = " ".join(p.text for p in paras[:30])
    return bool(re.search(r"\bkế hoạch\b", top, re.IGNORECASE))


def _target_parts(root: Item, sections: list[Item]):
    """(text, line, counts may be targets) for every item outside the preamble and the
    assignment sections; counts are not taken from budget, past-results or scope parts."""
    skip = {id(s) for s in sections}
    out = []

    def visit(item: Item, cue: bool) -> None:
        for child in item.children:
            if id(child) in skip:
                continue
            here = cue and not (child.is_heading and _NOT_TARGETS.search(child.text))
            out.append((child.text, child.line, here))
            visit(child, here)

    for top in root.children:
        if top.kind != "para" and id(top) not in skip:
            cue = not _NOT_TARGETS.search(top.text)
            out.append((top.text, top.line, cue))
            visit(top, cue)
    return out


def _warnings(d: dict) -> list[str]:
    w = []
    if not d["number"]:
        w.append("no plan number stated (Số: ...): enter it before activating")
    if not d["issued_on"]:
        w.append("no issue date stated: enter it before activating")
    if not d["place"]:
        w.append("no place stated in the header")
    if not d["issuer"]:
        w.append("issuer not found: enter it before activating")
    if not d["title"]:
        w.append("no title found after the 'KẾ HOẠCH' heading")
    if not d["period"]["start"]:
        w.append("no period stated (năm ..., giai đoạn ...): set start and end before activating")
    if not d["reporting"]:
        w.append(NO_CADENCE)
    for a in d["assignments"]:
        if not a["duties"]:
            w.append(f"{', '.join(a['agencies'])} (line {a['lines'][0]}): named with no duty")
    return w
