"""Agency names: where a name starts and ends, how several names share one heading, tidying.

Names are recognised by the way Vietnamese bodies are named (Sở ..., Phòng ..., Ủy ban ...,
Công an ..., Ban ..., Các ...), never by a list of today's bodies: plans keep naming new ones.
"""
from __future__ import annotations

import re

from workflows.agency_names import tidy_name

from .memo import memo, memo_list
from .word_scan import alternation

# Words a body's name starts with. Longer forms first so that "Bộ Chỉ huy" wins over "Bộ".
_HEADS = [
    "Ủy ban", "Uỷ ban", "UBND", "UBMTTQVN", "UBMTTQ", "UB MTTQ", "Mặt trận", "MTTQ", "Sở", "Phòng",
    "Công an", "Ban", "BCĐ", "BCD", "BCH", "BQL", "Trung tâm", "Đội", "Hội đồng", "Hội", "Hiệp hội",
    "Liên minh", "Liên đoàn", "Liên hiệp", "Đoàn", "Tỉnh đoàn", "Thành đoàn", "Huyện đoàn",
    "Bộ chỉ huy", "Bộ Chỉ huy", "Bộ Tư lệnh", "Bộ đội", "Bộ", "Trạm", "Cán bộ", "Các", "Báo", "Đài",
    "Viện", "VKSND", "Tòa án", "Toà án", "TAND", "Chi cục", "Cục", "Chi nhánh", "Ngân hàng",
    "Bảo hiểm", "Kho bạc", "Thanh tra", "Văn phòng", "Thủ trưởng", "Chủ tịch", "Giám đốc",
    "Trưởng phòng", "Trưởng ban", "Trưởng", "Bí thư", "Đảng ủy", "Đảng uỷ", "Thường trực",
    "Trường", "Bệnh viện", "Cơ sở", "Chi bộ", "Chi hội", "Tổ", "Lực lượng", "Cảng vụ", "Quỹ",
    "Hải quan", "Tổng công ty", "Công ty", "Kiểm lâm", "Hạt", "Người đứng đầu", "Học viện",
    "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Huyện ủy", "Huyện uỷ", "Đồn", "Ngành",
]
_HEAD_ALT = alternation(sorted(_HEADS, key=len, reverse=True), ignore_case=False)
HEAD_RE = re.compile(rf"^(?:{alternation(sorted(_HEADS, key=len, reverse=True))})(?=[\s,:;.)]|$)",
                     re.IGNORECASE)
_CAP_HEAD_RE = re.compile(rf"^(?:{_HEAD_ALT})(?=[\s,:;.)]|$)")

# Where the duty starts: the verb after a name written without a colon ("Sở Y tế chỉ đạo ...").
VERBS = [
    "chủ trì", "chỉ đạo", "phối hợp", "chủ động", "căn cứ", "có trách nhiệm", "chịu trách nhiệm",
    "tổ chức", "triển khai", "thực hiện", "tham mưu", "xây dựng", "hướng dẫn", "theo dõi",
    "thường xuyên", "tăng cường", "đẩy mạnh", "rà soát", "kiểm tra", "tiếp tục", "bố trí",
    "tuyên truyền", "quản lý", "nghiên cứu", "hỗ trợ", "là cơ quan", "trên cơ sở", "khẩn trương",
    "tập trung", "nâng cao", "huy động", "đôn đốc", "giám sát", "cung cấp", "phát huy",
    "tích cực", "quan tâm", "ban hành", "đảm bảo", "bảo đảm", "phụ trách", "định kỳ", "báo cáo",
    "tổng hợp", "thẩm định", "cử", "xử lý", "vận động", "làm tốt", "duy trì", "cân đối",
    "chấp hành", "đề xuất", "thống kê", "cập nhật", "hoàn thành", "lập", "trình", "giúp",
    "nắm", "phát hiện", "làm", "hằng năm", "hàng năm", "khi", "để", "sẽ", "cần", "phải",
    "xác định", "điều tra", "giải quyết", "tiếp nhận", "truy tìm", "phân loại", "ngăn chặn",
    "đấu tranh", "thu gom", "tham gia", "đưa", "giáo dục", "bồi dưỡng", "yêu cầu", "triệu tập",
    "chuẩn bị",
]
# Written with a capital, these start a duty sentence glued to the name by lost line breaks.
_SENTENCE_VERBS = ["Chủ trì", "Phối hợp", "Chỉ đạo", "Tham mưu", "Tổ chức", "Triển khai", "Thực hiện",
                   "Xây dựng", "Hướng dẫn", "Căn cứ", "Trên cơ sở", "Tiếp tục", "Định hướng",
                   "Tăng cường", "Thường xuyên", "Chịu trách nhiệm", "Có trách nhiệm", "Rà soát",
                   "Đẩy mạnh", "Bố trí", "Theo dõi", "Là cơ quan"]
_VERB_RE = re.compile(r"(?<![\w])(" + alternation(VERBS + _SENTENCE_VERBS, ignore_case=False) + r")(?![\w])")
_NOT_VERB_BEFORE = re.compile(r"(?<!\w)(" + alternation(
    ["được", "giao", "phân công", "các", "những", "ban", "đội", "tổ", "bcđ", "hội đồng", "trung tâm", "cơ quan",
     "công tác", "quá", "chương", "công", "lộ", "hành", "tờ"]) + r")\s*$", re.IGNORECASE)
_HEAD_BEFORE = re.compile(rf"(?:^|[,;\n]\s*|\svà\s+)(?:{_HEAD_ALT})\s+$")  # a body's first word, then the verb
_CLASS_BEFORE = re.compile(r"(?:^|\s)(?:các|những)\s+(?:tổ chức|doanh nghiệp|cơ sở|đơn vị|cơ quan|hộ)\s+$",
                           re.IGNORECASE)
_LEAD_RE = re.compile(r"^(đề nghị|giao)\b\s*:?\s*", re.IGNORECASE)
_SEP_RE = re.compile(r"\s*[,;]\s*|\s+và\s+|\s*\n\s*")


# A head word that starts an activity or an event, not a body: "Ban hành kế hoạch", "Hội nghị
# hiệp thương", "Tổ chức các hội nghị" (the verb; "Tổ chức Công đoàn", "tổ chức chính trị - xã
# hội" are bodies: a capital or a kind of organisation follows).
_CAPS = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÓÒÚÙÝ"
_EVENT = r"hội\s+(?:nghị|thảo|thi|diễn)|lễ|đại\s+hội|ngày|tháng"
# "tổ chức" before these is the noun (an organisation), not the verb
_ORG_KINDS = (r"chính\s+trị|xã\s+hội(?!\s+h(?:óa|oá))|đoàn\s+thể|thành\s+viên|công\s+đoàn|cơ\s+sở|tín\s+dụng|"
              r"phi\s+chính\s+phủ|quốc\s+tế|hành\s+nghề|cung\s+cấp|kinh\s+tế|dịch\s+vụ|"
              r"hội(?!\s+(?:nghị|thảo|thi|diễn))|đảng")
_ORG_NOUN_AFTER = re.compile(rf"\s+(?:{_ORG_KINDS})\b", re.IGNORECASE)
_ACTIVITY_RE = re.compile(rf"^(?:ban\s+hành|báo\s+cáo|{_EVENT}|đội\s+ngũ|"
                          rf"tổ\s+chức(?!\s+(?:{_ORG_KINDS})\b)"
                          rf"(?!(?=(?-i:\s+[{_CAPS}]))(?!\s+(?:{_EVENT})\b)))(?!\w)", re.IGNORECASE)


def is_agency_start(text: str, capital: bool = False) -> bool:
    text = text.strip()
    if text[:4].lower() == "các ":  # the first four letters: as text.lower().startswith("các ")
        return True
    if _ACTIVITY_RE.match(text):
        return False
    return bool((_CAP_HEAD_RE if capital else HEAD_RE).match(text))


@memo
def verb_at(text: str, start: int = 0) -> int | None:
    """Index where the first duty verb begins, ignoring verbs that are part of the name."""
    head = HEAD_RE.match(text)
    head_end = head.end() if head else 0
    matches = _VERB_RE.finditer(text, start)  # read as far as the first verb that counts
    for m in matches:
        before = text[:m.start()]
        if m.start() <= head_end + 1 or _NOT_VERB_BEFORE.search(before) or _HEAD_BEFORE.search(before):
            continue  # "Ban chỉ đạo", "các tổ chức", "được giao chủ trì", "Sở Xây dựng": the name
        if m.group(1).lower() == "tổ chức" and _ORG_NOUN_AFTER.match(text, m.end()):
            continue  # "Các đoàn thể, tổ chức xã hội": the noun
        if _CLASS_BEFORE.search(before) and _described(text, m, list(matches)):
            return verb_at(text, m.end())  # "Các tổ chức cung cấp dịch vụ chi trả chủ trì": what the class does
        return m.start()
    return None


def _described(text: str, verb: re.Match, later: list[re.Match]) -> bool:
    """A verb after a class noun describes the class when the clause's own verb comes after
    two words or more of description, with no punctuation between."""
    for nxt in later:
        between = text[verb.end():nxt.start()]
        if re.search(r"[,.;:()]", between):
            break
        if len(between.split()) >= 2:
            return True
    # ... or when the description runs to the name's colon, or to the next body of a list
    clause = re.match(r"[^,.;:()\n]*?(?=\s+và\s|[,.;:()\n]|$)", text[verb.end():]).group(0)
    after = text[verb.end() + len(clause):]
    mark = re.match(r"\s*(?:và\s|[,;\n])\s*", after)
    ends_name = (after[:1] == ":" or not after.strip()  # the heading's end: "Các tổ chức cung cấp ..."
                 or (mark is not None and is_agency_start(after[mark.end():], capital=True)))
    return ends_name and len(clause.split()) >= 2


def leading_role(text: str) -> tuple[str, str]:
    """('requested'|'lead', text without a leading 'Đề nghị' or 'Giao')."""
    m = _LEAD_RE.match(text.strip())
    if not m:
        return "lead", text.strip()
    role = "requested" if m.group(1).lower().startswith("đề") else "lead"
    return role, text.strip()[m.end():]


# "Trách nhiệm của Sở Y tế", "Nhiệm vụ cụ thể của Công an tỉnh": the body's heading.
_OWNED_RE = re.compile(r"^(?:trách\s+nhiệm|nhiệm\s+vụ)(?:\s+cụ\s+thể)?\s+của\s+(?=\S)", re.IGNORECASE)


def parse_heading(text: str) -> tuple[list[str], str, str] | None:
    """'Sở Y tế: duty' / 'Sở Y tế chỉ đạo ...' / 'Đề nghị A, B' / 'Trách nhiệm của Sở Y tế'
    -> (names, role, rest)."""
    role, body = leading_role(_OWNED_RE.sub("", text.strip()))
    if not is_agency_start(body):
        return None
    colon = body.find(":")
    verb = verb_at(body)
    if colon > 0 and (verb is None or colon < verb):
        name, rest = body[:colon], body[colon + 1:]
    elif verb is not None:
        name, rest = body[:verb], body[verb:]
    else:
        name, rest = body, ""
    names = split_names(_CLAUSE_RE.split(name, 1)[0])
    if not names or any(len(n.split()) > 25 for n in names):
        return None
    return names, role, rest.strip(" :.")


# A clause of time or condition after the name ("Đoàn kiểm tra trong quá trình kiểm tra ...").
_CLAUSE_RE = re.compile(r"\s+(?:trong\s+quá\s+trình|khi|nếu|trường\s+hợp)\s", re.IGNORECASE)


@memo_list
def split_names(text: str) -> list[str]:
    """'Tòa án nhân dân tỉnh, Viện Kiểm sát nhân dân tỉnh' -> two names; a comma or 'và' splits
    only where a new body's name begins ('Các sở, ban, ngành' stays whole)."""
    parts: list[str] = []
    current, pos = "", 0
    for m in _SEP_RE.finditer(text):
        following = text[m.end():]
        if is_agency_start(following, capital=True) or following[:4].lower() == "các ":
            parts.append(current + text[pos:m.start()])
            current, pos = "", m.end()
    parts.append(current + text[pos:])
    names = [tidy(p) for p in parts]
    return [n for n in names if n and is_agency_start(n)]


# What a body does within ("trong phạm vi chức năng, nhiệm vụ của mình") is not its name.
_QUALIFIER_RE = re.compile(r"\s*,?\s+(?:trong phạm vi|theo (?:chức năng|thẩm quyền|nhiệm vụ)|"
                           r"căn cứ (?:vào )?(?:chức năng|nhiệm vụ)|thuộc phạm vi)\b.*$", re.IGNORECASE | re.DOTALL)


@memo
def tidy(name: str) -> str:
    """The name tidied as every name is (workflows.agency_names.tidy_name), less what only a
    plan's running text leaves: a trailing "và"/"với"/"cùng", an unclosed parenthesis."""
    s = _QUALIFIER_RE.sub("", tidy_name(name))
    s = re.sub(r"\s+(và|với|cùng)$", "", s)
    if s.startswith("(") or s.count("(") != s.count(")"):
        s = s.split("(")[0].strip()
    return tidy_name(s)


_NOT_A_PLACE = (r"(?![^\W\d_]*\s*(?:phường|xã|thị trấn|thị xã|thành phố|ban|ngành|đoàn thể|đơn vị|huyện|"
                r"quận|đặc khu)\b)")
# Where names stop: \s*(?:[(.:]|[,;]\s*NOT_A_PLACE)|\s+(?:để|nhằm|...)\s, written with its first
# letter (a mark or a white space) first so that re skips ahead to one; a look back tells which.
_STOP_RE = re.compile(rf"[\s(.:,;](?:(?<=[(.:])|(?<=[,;])\s*{_NOT_A_PLACE}|(?<=\s)\s*(?:[(.:]|[,;]\s*{_NOT_A_PLACE}|"
                      r"(?:để|nhằm|trước|theo|trong|tại|khi|đồng thời)\s))")


def _name_end(chunk: str) -> int:
    """Where the names at the start of ``chunk`` end. A comma or semicolon goes on with the
    names when a capitalised word or "các" follows it ("Sở Văn hóa, Thể thao và Du lịch",
    "Sở Y tế, Công an tỉnh"); before lower-case words it ends them (", tổ chức ...")."""
    for stop in _STOP_RE.finditer(chunk):
        mark = stop.group(0).strip()
        following = chunk[stop.end():].lstrip()
        if mark in (",", ";") and (following[:1].isupper() or following.lower().startswith("các ")):
            continue
        return stop.start()
    return len(chunk)


@memo_list
def name_at(text: str, capital: bool = False) -> list[str]:
    """Names at the start of running text ('Sở Tài chính và các cơ quan liên quan tham mưu...')."""
    if not is_agency_start(text, capital):
        return []
    verb = verb_at(text)
    chunk = text[:verb] if verb is not None else text
    names = split_names(chunk[:_name_end(chunk)])
    return [n for n in names if len(n.split()) <= 15]
