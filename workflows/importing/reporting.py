"""The plan draft's `reporting` entries: cadence, recipient, senders (`from`), due, line.

Cadences and dates are read by ``cadences``, senders by ``senders``; a clause whose senders
cannot be told becomes a warning naming its line, never a guess.
"""
from __future__ import annotations

import re

from .agencies import name_at
from .cadences import cadences_in
from .memo import memo
from .senders import Plan, senders

_RECIPIENT = re.compile(r"(?:gửi\s+(?:về\s+)?|\bvề\s+|\bcho\s+|\b(?P<direct>báo\s+cáo)\s+)(?=\S)", re.IGNORECASE)
# a "." or ";" after a letter that is not a digit ("1.5" goes on); the mark first, so that re
# skips ahead to it instead of trying the look back at every letter
_CLAUSE_END = re.compile(r"[.;](?<=[^\d][.;])")
_VIA = re.compile(r"^\s*\(\s*qua\s+", re.IGNORECASE)


@memo
def recipient(text: str, start: int) -> str | None:
    """The body reports go to: the first 'về <body>' or 'gửi <body>' after the cadence, with the
    body it goes through when the plan says so ('UBND thành phố (qua Công an thành phố)')."""
    after = _CLAUSE_END.split(text[start:], maxsplit=1)[0]
    return _recipient_in(after) or _recipient_in(_CLAUSE_END.split(text[:start])[-1])


@memo  # plans repeat the clause after a cadence word for word ("báo cáo kết quả về Sở ...")
def _recipient_in(clause: str) -> str | None:
    for m in _RECIPIENT.finditer(clause):
        rest = clause[m.end():]
        if m.group("direct") and not rest[:1].isupper():
            continue  # "báo cáo kết quả", not "báo cáo Ủy ban nhân dân tỉnh"
        names = name_at(rest)
        if names:
            after = rest[rest.find(names[0]) + len(names[0]):] if names[0] in rest else ""
            via = _VIA.match(after)
            through = name_at(after[via.end():].split(")")[0]) if via else []
            return f"{names[0]} (qua {through[0]})" if through else names[0]
    return None


def reporting(paras, assignments: list[dict], issuer: str | None) -> tuple[list[dict], list[str]]:
    """The entries and the warnings for clauses whose senders the plan does not make clear."""
    out: list[dict] = []
    warnings: list[str] = []
    plan = Plan(assignments)  # built once: a 200-page plan has thousands of report clauses
    entries: dict[tuple, tuple[dict, set]] = {}  # (cadence, recipient, due) -> the entry, its senders
    for p in paras:
        asked: dict[tuple, list[str]] = {}  # a clause stating two cadences has one sender list
        for f in cadences_in(p.text):
            to = recipient(p.text, f.pos)
            if (f.pos, to) not in asked:
                asked[f.pos, to] = senders(p.text, f.pos, p.line, plan, to, issuer)
            sent_by = list(asked[f.pos, to])
            entry = {"cadence": f.cadence, "recipient": to, "from": sent_by, "due": f.due, "line": p.line}
            same = entries.get((f.cadence, to, f.due))
            if same:
                fresh = [n for n in sent_by if n not in same[1]]
                same[0]["from"] += fresh
                same[1].update(fresh)
            else:
                out.append(entry)
                entries[(f.cadence, to, f.due)] = (entry, set(sent_by))
            if not sent_by:
                warnings.append(f"line {p.line}: the {f.cadence} report"
                                + (f" to {to}" if to else "")
                                + " names no sender the importer can tell: fill in 'from' before activating")
    return out, warnings
