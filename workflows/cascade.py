"""Plans that implement plans: the cascade from province to district to commune.

A lower plan cites the higher plans it implements in its legal basis ("Thực hiện Kế hoạch số
66/KH-UBND ngày 25/3/2022 của Ủy ban nhân dân tỉnh ..."); the importer reads each reference's
number and date (workflows.importing.header.legal_basis). Here: which references name a plan,
who issued it, whether a plan dondoc holds is the one cited (same number, same date, an issuer
that does not contradict), and which duties of a higher plan order a body to write a plan of its
own ("xây dựng kế hoạch cụ thể", "ban hành kế hoạch triển khai"): such a duty is done for that
body when its linked plan is active.

Plain Python, no clock: the service decides when and appends the events (workflows.cascade_events).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

# "Kế hoạch số 231/KH-UBND", "Kế hoạch số: 78/UBND-LĐTB&XH": the document cited is a plan
_PLAN_WORD = re.compile(r"\bkế\s+hoạch\s+(?:liên\s+tịch\s+)?số\s*:?\s*", re.IGNORECASE)
_ISSUER = re.compile(r"\bcủa\s+(?P<who>.+?)(?=\s+(?:về|v/v|việc|ban hành|triển khai|thực hiện|"
                     r"phê duyệt|trên địa bàn)\b|[,;(]|$)", re.IGNORECASE)
# a duty that orders its bodies to write their own plan: the verb, then "kế hoạch", then what
# makes it theirs (cụ thể, triển khai, thực hiện, hành động, của địa phương/đơn vị/ngành ...)
_OWN_PLAN = re.compile(
    r"\b(?:xây\s+dựng|ban\s+hành|lập|chủ\s+động\s+xây\s+dựng)\s+(?:và\s+(?:ban\s+hành|triển\s+khai)\s+)?"
    r"(?:chương\s+trình,?\s+)?kế\s+hoạch\s+"
    r"(?:cụ\s+thể|triển\s+khai|thực\s+hiện|hành\s+động|chi\s+tiết|"
    r"(?:của|tại)\s+(?:địa\s+phương|đơn\s+vị|ngành|cơ\s+quan|cấp\s+mình|mình))",
    re.IGNORECASE)
# "cụ thể hóa bằng các chương trình, kế hoạch thực hiện": the same order, the other way round
_MADE_CONCRETE = re.compile(r"\bcụ\s+thể\s+hóa\s+(?:(?:bằng|thành|vào)\s+)?(?:các\s+)?(?:chương\s+trình,?\s+)?"
                            r"kế\s+hoạch\b", re.IGNORECASE)
# "tham mưu xây dựng kế hoạch ...": advising the issuer on its plan, not writing one's own
_NOT_OWN = re.compile(r"\b(?:tham\s+mưu|tham\s+gia|phối\s+hợp|góp\s+ý)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


@dataclass(frozen=True)
class PlanRef:
    """One plan the draft cites: its number, date (ISO) and issuer as written, the clause."""

    index: int  # the position in the draft's legal_basis
    number: str
    issued_on: Optional[str]
    issuer: Optional[str]
    text: str


@dataclass(frozen=True)
class KnownPlan:
    """A plan dondoc holds, as a candidate for a reference."""

    plan_id: str
    number: Optional[str]
    issued_on: Optional[str]  # ISO date
    issuer: Optional[str]
    place: Optional[str] = None


def plan_refs(draft: dict) -> list[PlanRef]:
    """The references of the draft's legal basis that cite a plan (not a decision, a law)."""
    out = []
    for i, basis in enumerate(draft.get("legal_basis") or ()):
        number, text = basis.get("number") or "", basis.get("text") or ""
        clause = _clause_of(text, number)
        if clause is None:
            continue
        m = _ISSUER.search(clause)
        out.append(PlanRef(i, number, basis.get("date"), m.group("who").strip() if m else None,
                           text))
    return out


def _clause_of(text: str, number: str) -> Optional[str]:
    """The words from "Kế hoạch số <number>" to the next document cited, or None when the
    number is not a plan's."""
    head = re.escape(re.split(r"\s*/", number, maxsplit=1)[0])
    for m in _PLAN_WORD.finditer(text):
        if re.match(rf"{head}\s*/", text[m.end():]):
            rest = text[m.end():]
            nxt = re.search(r"\b(?:Kế hoạch|Quyết định|Nghị quyết|Chỉ thị|Công văn|Thông tư|Luật)\s+số\b",
                            rest[len(number):], re.IGNORECASE)
            return rest[:len(number) + nxt.start()] if nxt else rest
    return None


def number_key(number: Optional[str]) -> str:
    """"66 /KH-UBND" and "66/KH-UBND" are one number: no spaces, one case, one Đ."""
    return re.sub(r"\s+", "", _folded(number or "")).replace("đ", "d")


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("uỷ", "ủy")


def _issuer_words(text: Optional[str]) -> str:
    s = _folded(text or "")
    s = re.sub(r"\bubnd\b", "ủy ban nhân dân", s)
    s = re.sub(r"\bsở\s+lđtbxh\b|\bsở\s+ldtbxh\b", "sở lao động - thương binh và xã hội", s)
    return re.sub(r"[\s,.\-–]+", " ", s).strip()


def issuer_fits(cited: Optional[str], plan: KnownPlan) -> bool:
    """The issuer named in a reference does not contradict the plan's: one is the other, or the
    other with its place ("Ủy ban nhân dân tỉnh" cited, "Ủy ban nhân dân tỉnh" of Kiên Giang
    held; "UBND tỉnh Kiên Giang" cited). An unnamed issuer contradicts nothing."""
    if not cited or not plan.issuer:
        return True
    want, have = _issuer_words(cited), _issuer_words(plan.issuer)
    full = have if not plan.place or _issuer_words(plan.place) in have else f"{have} {_issuer_words(plan.place)}"
    return want in (have, full) or full.startswith(want + " ") or want.startswith(full + " ")


def matches(ref: PlanRef, plans: Iterable[KnownPlan], own_id: Optional[str] = None) -> list[KnownPlan]:
    """The plans a reference may name: same number and date, an issuer that fits."""
    key = number_key(ref.number)
    return [p for p in plans if p.plan_id != own_id and key and number_key(p.number) == key
            and ref.issued_on and p.issued_on == ref.issued_on and issuer_fits(ref.issuer, p)]


def cites(draft: dict, plan: KnownPlan, own_id: Optional[str] = None) -> Optional[PlanRef]:
    """The reference of ``draft`` that names ``plan``, if any (the reaction when a higher plan
    arrives after the lower plans that cite it)."""
    for ref in plan_refs(draft):
        if matches(ref, (plan,), own_id):
            return ref
    return None


def orders_own_plan(duty_text: Optional[str]) -> bool:
    """True for a duty that orders its body to write a plan of its own ("Xây dựng kế hoạch cụ
    thể hóa ...", "ban hành kế hoạch triển khai thực hiện", "xây dựng kế hoạch thực hiện")."""
    text = unicodedata.normalize("NFC", duty_text or "").replace("hoá", "hóa")
    for m in (*_OWN_PLAN.finditer(text), *_MADE_CONCRETE.finditer(text)):
        if not _NOT_OWN.search(text[max(0, m.start() - 40):m.start()]):
            return True
    return False

