"""What a name written in a plan names: a body, a body through its head's title, or no body.

Plans give duties to bodies ("Sở Y tế"), to the heads of bodies ("Giám đốc Sở Y tế", "Chủ tịch
UBND các xã", "Trưởng phòng LĐTBXH": the duty is the body's), and to phrases that name no body
at all: a class with a qualifier ("các cơ quan, đơn vị liên quan", "Các cơ quan liên quan trong
phạm vi chức năng, nhiệm vụ của mình") or people ("Các đồng chí bí thư chi bộ"). Those stay text
on the duty; they never become agencies. Only the words of Vietnamese naming live here.
"""
from __future__ import annotations

import re
from functools import lru_cache

from workflows.agency_names import tidy_name

# A head's title before the body's name; "Phó" titles too. Longer first.
_TITLES = ("thủ trưởng", "người đứng đầu", "phó chủ tịch", "chủ tịch", "phó giám đốc", "giám đốc",
           "phó trưởng", "trưởng", "lãnh đạo", "chánh")
_PLURAL = r"(?:các|những|mọi)\s+"
_TITLE_RE = re.compile(rf"^(?:{_PLURAL})?(?:{'|'.join(_TITLES)})\s+(?=\S)", re.IGNORECASE)
# People, not bodies: "các đồng chí ...", "ông/bà ...", "cá nhân ...".
_PEOPLE_RE = re.compile(rf"^(?:{_PLURAL})?(?:đồng chí|ông|bà|cá nhân|cán bộ, công chức|"
                        r"công dân|người dân|chuyên viên|thành viên|đại biểu|cử tri|"
                        r"cán bộ (?:phụ trách|chuyên trách|được phân công))(?:\s|$)", re.IGNORECASE)
# A head's title with no body after it ("Các Phó Chủ tịch", "Trưởng ban"): people.
_LONE_TITLE_RE = re.compile(rf"^(?:{_PLURAL})?(?:{'|'.join(_TITLES)}|trưởng ban|phó trưởng ban|bí thư)"
                            r"(?:\s+(?:khác|còn lại))?$", re.IGNORECASE)
# Generic class nouns: alone, or with a qualifier that only says "whoever is concerned".
_CLASS = r"(?:cơ quan|đơn vị|tổ chức|địa phương|bộ phận|lực lượng|cấp|doanh nghiệp|cá nhân|ngành)"
_CLASS_LIST = rf"{_CLASS}(?:\s*(?:,|và|/|;)?\s*{_CLASS})*"
_SHORT = r"(?:có\s+)?liên\s+quan|khác|phối\s+hợp"
_TAIL = (r"được\s+giao|được\s+phân\s+công|trong\s+phạm\s+vi|theo\s+chức\s+năng|có\s+trách\s+nhiệm|"
         r"chức\s+năng|thực\s+hiện|tham\s+gia|trên\s+địa\s+bàn|(?:có\s+)?liên\s+quan")
_NO_BODY_RE = re.compile(rf"^(?:{_PLURAL})?{_CLASS_LIST}(?:\s*,?\s*(?:{_SHORT}))*"
                         rf"(?:\s*,?\s*(?:{_TAIL})(?:\s.*)?)?$", re.IGNORECASE)
# Bodies of a kind ("các sở, ban, ngành") are a collective body; "... có liên quan" are not:
# which of them is concerned the plan does not say.
_KIND = r"(?:sở|ban|ngành|phòng|đoàn thể|hội|tổ chức|cơ quan|đơn vị|chính trị xã hội|xã hội)"
_CONCERNED_RE = re.compile(rf"^(?:{_PLURAL}){_KIND}(?:[\s,/;]+(?:và\s+)?{_KIND})*"
                           r"(?:\s+(?:cấp\s+)?(?:tỉnh|huyện|quận|thành phố|thị xã|xã|phường))?"
                           r"\s*,?\s+(?:có\s+)?liên\s+quan(?:\s.*)?$", re.IGNORECASE)


@lru_cache(maxsize=4096)  # pure: an activation asks it for each of 10,000 tasks, of 100 names
def body_name(name: str) -> str:
    """The body a name gives a duty to: the head's title removed ("Giám đốc Sở Y tế" is "Sở Y
    tế", "Chủ tịch UBND các xã" is "UBND các xã", "Thủ trưởng các sở, ban, ngành" is "Các sở,
    ban, ngành"). A name without a title is returned tidied."""
    text = tidy_name(name)
    while True:
        m = _TITLE_RE.match(text)
        if m is None:
            break
        rest = text[m.end():]
        plural = re.match(_PLURAL, text, re.IGNORECASE) and not re.match(_PLURAL, rest, re.IGNORECASE)
        text = ("các " + rest) if plural else rest
    return tidy_name(text)


@lru_cache(maxsize=4096)
def names_no_body(name: str) -> bool:
    """True for a phrase that names no body: people ("Các đồng chí bí thư chi bộ") or a class of
    bodies with only a "concerned" qualifier ("Các cơ quan, đơn vị liên quan", "Các đơn vị được
    giao chủ trì"). "Các sở, ban, ngành" and "Các tổ chức chính trị - xã hội" name bodies."""
    text = body_name(name)
    text = re.sub(r"\s*-\s*", " ", text).strip(" ,.;:")
    return bool(_PEOPLE_RE.match(text) or _LONE_TITLE_RE.match(text) or _NO_BODY_RE.match(text)
                or _CONCERNED_RE.match(text))
