"""Who must send a periodic report: the `from` of a plan draft's reporting entry.

Read in this order, the first that names a body wins:
1. the subject of the clause that states the report ("UBND các xã định kỳ hằng quý báo cáo");
2. the body whose duty the clause is ("3. Phòng Tư pháp: ... - Định kỳ 6 tháng báo cáo ...");
3. the subject of the sentence ("Giám đốc các sở, ... Chủ tịch UBND các huyện ... ; định kỳ ...");
4. the subject of the paragraph ("- Ban Chỉ đạo ... thường xuyên ... . Định kỳ ... báo cáo").
A body does not report to itself: when the one found is the recipient ("Ban Chỉ đạo: chỉ đạo
các sở, ban, ngành thành viên ...; định kỳ ... báo cáo về Thường trực Ban Chỉ đạo"), the bodies
it directs are the senders. A class ("các sở, ban, ngành", "Chủ tịch UBND các huyện") stands for
the bodies of that class the plan assigns duties to, never the recipient.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .agencies import is_agency_start, leading_role, name_at, split_names, tidy, verb_at
from .memo import memo_list
from .structure import MARKER_RE

_TITLES = re.compile(r"^(?:giám đốc|thủ trưởng|chủ tịch|trưởng|người đứng đầu|lãnh đạo|thường trực)\s+")
_LOCAL_WORD = r"(?:huyện|quận|thị xã|xã(?! hội)|phường|thị trấn|đặc khu|cơ sở|địa phương)"
_LOCAL = re.compile(rf"^(?:các\s+)?(?:(?:ủy|uỷ) ban nhân dân|ubnd|ub)\b.*\b{_LOCAL_WORD}\b|^(?:các\s+)?địa phương"
                    rf"|\bcủa\s+các\s+{_LOCAL_WORD}|\bcác\s+cấp\s+{_LOCAL_WORD}")
_CLASS = re.compile(rf"\bcác\b|\b(?:sở|phòng), ban\b|\b{_LOCAL_WORD}, {_LOCAL_WORD}|\bban, ngành\b")
_DEPT = re.compile(r"\b(?:sở|ban|ngành|phòng|cơ quan|đơn vị|đoàn thể|tổ chức)\b")
_SOCIAL = re.compile(r"đoàn thể|mặt trận|chính trị - xã hội")
_DIRECTS = re.compile(r"(?<!Ban )(?<!ban )\b(?:[Cc]hỉ đạo|[Hh]ướng dẫn|[Đđ]ôn đốc|[Yy]êu cầu)\s+(?=các\s|[A-ZĐ])")
_TIME_OPENING = re.compile(r"^(?:(?:định\s+kỳ\s+)?(?:(?:hằng|hàng|mỗi)\s+)?(?:(?:0?6|sáu|0?9|chín|12)\s+tháng|năm|quý|"
                           r"tháng)(?:\s*\([^)]*\))?(?:\s*(?:,|và)\s*|\s+))+", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)  # pure, and asked for the same names over and over
def body_key(name: str) -> str:
    s = unicodedata.normalize("NFC", name).casefold().replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s*-\s*", " - ", re.sub(r"\s+", " ", s)).strip(" .,;:")
    s = _TITLES.sub("", s)
    return re.sub(r"\s+các cấp$", "", s)


def _initials(words: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", words) if w not in ("và",))


def same_body(a: str, b: str) -> bool:
    """'Trưởng phòng LĐ-TB&XH' and 'Phòng Lao động - Thương binh và Xã hội huyện' are one body."""
    ka, kb = body_key(a), body_key(b)
    if ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " "):
        return True
    ha, _, ra = ka.partition(" ")
    hb, _, rb = kb.partition(" ")
    if ha != hb or not ra or not rb:
        return False
    short, long_ = sorted((ra, rb), key=len)
    letters = re.sub(r"[^\w]", "", short)
    return " " not in short and len(letters) >= 3 and _initials(long_).startswith(letters)


@functools.lru_cache(maxsize=65536)
def is_local(name: str) -> bool:
    return bool(_LOCAL.search(body_key(name)))


@functools.lru_cache(maxsize=65536)
def is_class(name: str) -> bool:
    return bool(_CLASS.search(body_key(name)))


@memo_list
def subject_at(text: str) -> list[str]:
    """The bodies a clause or sentence opens with, long names included."""
    text = MARKER_RE.sub("", text.strip(), count=1).strip()
    text = _TIME_OPENING.sub("", text)  # "Định kỳ hằng quý, UBND các xã báo cáo ..."
    _, text = leading_role(text)
    if not is_agency_start(text, capital=True):
        return []
    colon, verb = text.find(":"), _verb(text)
    ends = [i for i in (colon if colon > 0 else None, verb) if i is not None]
    chunk = text[:min(ends)] if ends else text[:200]
    names = [re.sub(r"\s+các cấp$", "", n) for n in split_names(chunk)]
    return [n for n in names if len(n.split()) <= 25]


def _verb(text: str) -> int | None:
    """Where the duty starts; "xây dựng phong trào toàn dân ..." is part of a steering body's name."""
    start = 0
    while True:
        v = verb_at(text, start)
        if v is None or not re.match(r"xây dựng phong trào", text[v:], re.IGNORECASE):
            return v
        start = v + len("xây dựng")


def _pieces(text: str, pos: int) -> tuple[str, str]:
    """The clause (between ';' or sentence ends) and the sentence that hold ``pos``: they start
    where the last match of _CLAUSE_END or _SENTENCE_END in ``text[:pos]`` ends, found from
    ``pos`` back (a match of either holds only its mark and white space, so every ";" starts
    one, and so does every "." or ":" that the pattern matches at)."""
    sentence_start = _sentence_start(text, pos)
    semicolon = text.rfind(";", sentence_start, pos)
    clause_start = _CLAUSE_END.match(text, semicolon, pos).end() if semicolon >= 0 else sentence_start
    return text[clause_start:], text[sentence_start:]


_SENTENCE_END = re.compile(r"\.(?!\d)\s+|:\s+(?=[A-ZĐ])")
_CLAUSE_END = re.compile(r";\s*")


def _sentence_start(text: str, pos: int) -> int:
    i = pos
    while True:
        dot, colon = text.rfind(".", 0, i), text.rfind(":", 0, i)
        i = max(dot, colon)
        if i < 0:
            return 0
        m = _SENTENCE_END.match(text, i, pos)
        if m:
            return m.end()


class Bodies:
    """The bodies a plan assigns duties to, indexed so that finding those that are the same
    body as a name (``same_body``) looks at a few candidates, not every assignment of a
    200-page plan: same_body holds only between keys that are equal, a word-prefix of one
    another, or of one head word where one rest is a single (abbreviated) word."""

    def __init__(self, assigned: list[tuple[str, str]]):
        self.assigned = list(dict.fromkeys(assigned))
        self.order: dict[str, int] = {}
        by_key, by_prefix, by_head, single = {}, {}, {}, {}
        for i, (name, _) in enumerate(self.assigned):
            self.order.setdefault(name, i)
            key = body_key(name)
            words = key.split(" ")
            by_key.setdefault(key, []).append(name)
            for j in range(1, len(words)):
                by_prefix.setdefault(" ".join(words[:j]), []).append(name)
            head, _, rest = key.partition(" ")
            by_head.setdefault(head, []).append(name)
            if rest and " " not in rest:
                single.setdefault(head, []).append(name)
        self._key, self._prefix, self._head, self._single = by_key, by_prefix, by_head, single
        self._same: dict[str, list[str]] = {}
        self.expanded: dict[tuple, list[str]] = {}  # expand's answers: a plan asks the same often

    def same_as(self, name: str) -> list[str]:
        """The assigned bodies that are ``name``'s body, in the plan's order."""
        if name not in self._same:
            self._same[name] = self._same_as(name)
        return list(self._same[name])

    def _same_as(self, name: str) -> list[str]:
        key = body_key(name)
        words = key.split(" ")
        found = set(self._key.get(key, ())) | set(self._prefix.get(key, ()))
        for j in range(1, len(words)):
            found.update(self._key.get(" ".join(words[:j]), ()))
        head, _, rest = key.partition(" ")
        found.update(self._head.get(head, ()) if rest and " " not in rest else self._single.get(head, ()))
        return sorted((a for a in found if same_body(a, name)), key=self.order.__getitem__)


def expand(names: list[str], assigned: "list[tuple[str, str]] | Bodies", exclude: list[str]) -> list[str]:
    """Classes -> the plan's assigned bodies in them; the recipient and the issuer left out."""
    bodies = assigned if isinstance(assigned, Bodies) else Bodies(assigned)
    asked = (tuple(names), tuple(exclude))
    if asked not in bodies.expanded:
        bodies.expanded[asked] = _expand(names, bodies, exclude)
    return list(bodies.expanded[asked])


def _expand(names: list[str], bodies: Bodies, exclude: list[str]) -> list[str]:
    assigned = bodies.assigned
    out: list[str] = []
    for name in names:
        own = bodies.same_as(name)
        members = own[:1] if not is_class(name) else []
        if is_class(name):
            key = body_key(name)
            if is_local(name):
                members = [a for a, role in assigned if role == "lead" and is_local(a) and is_class(a)]
            elif _DEPT.search(key):
                social = bool(_SOCIAL.search(key))
                members = [a for a, role in assigned if not is_local(a) and (role == "lead" or social)]
            members = list(dict.fromkeys(members)) or own
        for m in members or [name]:
            if not any(same_body(m, x) for x in exclude if x) and m not in out:
                out.append(m)
    return out


class Plan:
    """What every report clause of one plan looks up: its bodies, the holders of each line."""

    def __init__(self, assignments: list[dict]):
        self.bodies = Bodies([(n, a.get("role", "lead")) for a in assignments for n in a.get("agencies") or []])
        self.holders: dict = {}
        for a in assignments:
            for line in dict.fromkeys(d.get("line") for d in a.get("duties") or []):
                self.holders.setdefault(line, []).append(a)
        self._owners: dict = {}

    def owners(self, line: int) -> list[str]:
        """The bodies of the line's holder whose lines span least (the first of them)."""
        if line not in self._owners:
            holders = self.holders.get(line)
            self._owners[line] = min(holders, key=lambda a: a["lines"][1] - a["lines"][0])["agencies"] \
                if holders else ()
        return list(self._owners[line])


def _directed(text: str) -> list[str]:
    out: list[str] = []
    for m in _DIRECTS.finditer(text):
        out += [n for n in name_at(text[m.end():]) if n not in out]
    return out


@memo_list
def recipients_of(recipient: str | None) -> list[str]:
    """'Ủy ban nhân dân thành phố (qua Công an thành phố)' -> both names."""
    if not recipient:
        return []
    m = re.match(r"^(.*?)\s*\(qua\s+(.*?)\)\s*$", recipient)
    return [tidy(m.group(1)), tidy(m.group(2))] if m else [recipient]


def senders(text: str, pos: int, line: int, assignments: "list[dict] | Plan", recipient: str | None,
            issuer: str | None) -> list[str]:
    """The bodies that must send the report stated at ``pos`` of a paragraph (may be [])."""
    plan = assignments if isinstance(assignments, Plan) else Plan(assignments)
    exclude = recipients_of(recipient) + ([issuer] if issuer else [])
    clause, sentence = _pieces(text, pos)
    for ask, about in ((subject_at, clause), (plan.owners, line), (subject_at, sentence), (subject_at, text)):
        found = ask(about)  # in turn: the first that names a body answers
        if not found:
            continue
        names = expand(found, plan.bodies, exclude)
        if names:
            return names
        directed = expand(_directed(text), plan.bodies, exclude)  # the recipient itself: who it directs
        if directed:
            return directed
    return []
