"""How Vietnamese plans write agency names, reduced to keys that compare equal when they mean
the same body.

Plans write one agency many ways: ``Sở LĐTBXH``, ``Sở Lao động-Thương binh và Xã hội``,
``Sở Lao động - TB&XH``; ``Uỷ ban`` and ``Ủy ban`` (old and new tone placement); ``Toà`` and
``Tòa``. :func:`name_keys` turns a name into the set of keys it may stand for (an abbreviation
such as ``BCH`` may stand for two phrases); two names mean the same body when their keys meet.
The keys are only compared, never shown: :func:`tidy_name` gives the name to show.

Only naming conventions live here (words and their abbreviations), never a list of agencies.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

Key = tuple[str, ...]

LEVELS = ("province", "district", "commune", "central", "other")

# Vietnamese tone marks as combining characters; the other diacritics (circumflex, breve, horn)
# make different letters and stay.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_MARKUP = re.compile(r"[*_#`]+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.,;:]+$")
_LEADING = re.compile(r"^[\s\-+•·.,;:]+")
_REQUEST_PREFIX = re.compile(r"^(?:đề\s+nghị|giao\s+cho|giao(?=\s+(?:các\s|\w)))\s+", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-ZĐ0-9&,.]+$")
_SEPARATORS = re.compile(r"[^\w]+")
_MAX_VARIANTS = 64

# Abbreviations as written in plans, keyed by their letters (casefolded, without & - , . /).
# Several expansions where usage really differs (BCH is a Ban or a Bộ Chỉ huy); a key must
# never be a Vietnamese word, or ordinary text would be rewritten.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ubnd": ("ủy ban nhân dân",),
    "hđnd": ("hội đồng nhân dân",),
    "ub": ("ủy ban",),
    "nd": ("nhân dân", "nông dân"),
    "mttq": ("mặt trận tổ quốc",),
    "mttqvn": ("mặt trận tổ quốc việt nam",),
    "ubmttq": ("ủy ban mặt trận tổ quốc",),
    "ubmttqvn": ("ủy ban mặt trận tổ quốc việt nam",),
    "vn": ("việt nam",),
    "bcđ": ("ban chỉ đạo",),
    "bcd": ("ban chỉ đạo",),
    "bch": ("ban chỉ huy", "bộ chỉ huy"),
    "bchqs": ("ban chỉ huy quân sự", "bộ chỉ huy quân sự"),
    "bđbp": ("bộ đội biên phòng",),
    "tand": ("tòa án nhân dân",),
    "vksnd": ("viện kiểm sát nhân dân",),
    "ksnd": ("kiểm sát nhân dân",),
    "lđtbxh": ("lao động thương binh và xã hội",),
    "tbxh": ("thương binh và xã hội",),
    "lđ": ("lao động",),
    "tb": ("thương binh",),
    "xh": ("xã hội",),
    "gdđt": ("giáo dục và đào tạo",),
    "gd": ("giáo dục",),
    "đt": ("đào tạo", "đầu tư"),
    "vhttdl": ("văn hóa thể thao và du lịch",),
    "vh": ("văn hóa",),
    "tt": ("thể thao", "thông tin", "truyền thông", "trung tâm"),
    "dl": ("du lịch",),
    "khđt": ("kế hoạch và đầu tư",),
    "kh": ("kế hoạch", "khoa học"),
    "tnmt": ("tài nguyên và môi trường",),
    "tn": ("tài nguyên", "thanh niên"),
    "mt": ("môi trường",),
    "tttt": ("thông tin và truyền thông",),
    "khcn": ("khoa học và công nghệ",),
    "cn": ("công nghệ",),
    "nnptnt": ("nông nghiệp và phát triển nông thôn",),
    "nnmt": ("nông nghiệp và môi trường",),
    "nn": ("nông nghiệp",),
    "ptnt": ("phát triển nông thôn",),
    "gtvt": ("giao thông vận tải",),
    "bhxh": ("bảo hiểm xã hội",),
    "tncs": ("thanh niên cộng sản",),
    "hcm": ("hồ chí minh",),
    "tncshcm": ("thanh niên cộng sản hồ chí minh",),
    "lhpn": ("liên hiệp phụ nữ",),
    "hlhpn": ("hội liên hiệp phụ nữ",),
    "pn": ("phụ nữ",),
    "ccb": ("cựu chiến binh",),
    "htx": ("hợp tác xã",),
    "lđlđ": ("liên đoàn lao động",),
    "ttyt": ("trung tâm y tế",),
    "yt": ("y tế",),
    "ptth": ("phát thanh truyền hình",),
    "tc": ("tổ chức", "tài chính"),
    "ct": ("chính trị", "chủ tịch"),
    "ctxh": ("chính trị xã hội",),
    "tp": ("thành phố",),
    "tphcm": ("thành phố hồ chí minh",),
    "tx": ("thị xã",),
    "cdc": ("trung tâm kiểm soát bệnh tật",),
}
# "P. Lào Cai", "Q. Cầu Giấy": one letter is an abbreviation only with its full stop.
_DOTTED = {"p.": "phường", "q.": "quận"}

# Level words, as the trailing qualifier of a name ("Công an tỉnh", "Công an thị xã").
LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "province": ("tỉnh", "thành phố"),
    "district": ("huyện", "quận", "thị xã", "thành phố"),
    "commune": ("xã", "phường", "thị trấn", "đặc khu"),
}
_QUALIFIER_PREFIXES = ("cấp", "trên địa bàn", "thuộc")


def tidy_name(name: str) -> str:
    """The name as a person would write it: markup gone, dashes and spaces normalised,
    trailing punctuation and a leading "Đề nghị"/"Giao" removed. Spelling is kept."""
    # Old Word files write the Icelandic eth (Ð, ð) for the Vietnamese Đ, đ.
    text = unicodedata.normalize("NFC", name).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = _DASHES.sub("-", _MARKUP.sub(" ", text))
    text = _SPACES.sub(" ", text).strip()
    text = _LEADING.sub("", _TRAILING.sub("", text))
    text = _without_request(text)
    text = re.sub(r"\s*-\s*", _space_dash, text)
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _without_request(text: str) -> str:
    """"Đề nghị ..." and "Giao ..." introduce the body; "Giao thông vận tải" is one."""
    m = _REQUEST_PREFIX.match(text)
    if m is None:
        return text
    rest = text[m.end() :]
    bare_giao = m.group(0).split()[0].casefold() == "giao" and "cho" not in m.group(0).casefold()
    if bare_giao and not (rest[:1].isupper() or rest[:4].casefold() == "các "):
        return text
    return rest


def _space_dash(m: re.Match[str]) -> str:
    """``Văn hóa-Xã hội`` becomes ``Văn hóa - Xã hội``; ``LĐ-TB&XH`` and ``COVID-19`` stay."""
    if m.group(0) != "-":
        return " - "
    text, start, end = m.string, m.start(), m.end()
    left = re.search(r"\S*$", text[:start]).group(0)
    right = re.match(r"\S*", text[end:]).group(0)
    if _ACRONYM.match(left or "-") and _ACRONYM.match(right or "-"):
        return "-"
    return " - "


def literal_key(name: str) -> str:
    """The tidied name, casefolded: equal literal keys are the same written name."""
    return tidy_name(name).casefold()


@lru_cache(maxsize=4096)
def word_key(word: str) -> str:
    """One syllable with its tone mark moved to the end, so ``hoá``/``hóa`` and
    ``uỷ``/``ủy`` give one key (tone placement is spelling, not meaning)."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = "".join(c for c in decomposed if c in _TONES)
    base = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", base + tones)


def phrase_key(text: str) -> Key:
    """Plain words (no abbreviations) as key words; connectors and plural markers dropped."""
    words = tuple(word_key(w) for w in _SEPARATORS.split(text) if w)
    return _canonical(words)


_DROPPED = frozenset(word_key(w) for w in ("và", "các", "những"))
_SAME_BODY = tuple(
    (tuple(word_key(w) for w in long.split()), tuple(word_key(w) for w in short.split()))
    for long, short in (
        ("ủy ban mặt trận tổ quốc việt nam", "mặt trận tổ quốc"),
        ("ủy ban mặt trận tổ quốc", "mặt trận tổ quốc"),
        ("mặt trận tổ quốc việt nam", "mặt trận tổ quốc"),
    )
)


def _canonical(words: Key) -> Key:
    words = tuple(w for w in words if w not in _DROPPED)
    for long, short in _SAME_BODY:
        words = _replace(words, long, short)
    return words


def _replace(words: Key, old: Key, new: Key) -> Key:
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i : i + len(old)] == old:
            out.extend(new)
            i += len(old)
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


@lru_cache(maxsize=4096)
def name_keys(name: str) -> frozenset[Key]:
    """Every key the name may stand for, abbreviations expanded (at most a few dozen)."""
    chunks = [_chunk_variants(c) for c in tidy_name(name).split()]
    keys: set[Key] = set()
    for combo in itertools.islice(itertools.product(*chunks), _MAX_VARIANTS):
        key = _canonical(tuple(w for part in combo for w in part))
        key = _sort_level_lists(_without_title(key))
        if key:
            keys.add(key)
    return frozenset(keys)


def _chunk_variants(chunk: str) -> list[Key]:
    """The readings of one space-separated chunk (``LĐ-TB&XH``, ``TP.HCM``, ``hóa``)."""
    if chunk.casefold() in _DOTTED:
        return [phrase_key(_DOTTED[chunk.casefold()])]
    whole = _compact(chunk)
    if whole in ABBREVIATIONS:
        return [phrase_key(e) for e in ABBREVIATIONS[whole]]
    pieces = [p for p in _SEPARATORS.split(chunk) if p]
    readings = [_piece_variants(p) for p in pieces]
    return [sum(combo, ()) for combo in itertools.islice(itertools.product(*readings), _MAX_VARIANTS)]


def _piece_variants(piece: str) -> list[Key]:
    folded = piece.casefold()
    if folded in ABBREVIATIONS:
        return [phrase_key(e) for e in ABBREVIATIONS[folded]]
    if len(piece) > 2 and piece.isupper() and piece.isalpha():
        spelled = _segmentations(folded)
        if spelled:
            return spelled
    return [(word_key(piece),)]


def _segmentations(letters: str) -> list[Key]:
    """An unlisted run of capitals read as listed abbreviations (``UBNDTP``), if it can be."""
    if not letters:
        return [()]
    found: list[Key] = []
    for cut in range(len(letters), 1, -1):
        head = letters[:cut]
        if head in ABBREVIATIONS:
            for rest in _segmentations(letters[cut:]):
                found.extend(phrase_key(e) + rest for e in ABBREVIATIONS[head])
        if len(found) >= _MAX_VARIANTS:
            break
    return found[:_MAX_VARIANTS]


def _compact(chunk: str) -> str:
    return "".join(_SEPARATORS.split(chunk.casefold())).replace("_", "")


_LEVEL_KEYS: dict[str, tuple[Key, ...]] = {
    level: tuple(sorted((phrase_key(w) for w in words), key=len, reverse=True))
    for level, words in LEVEL_WORDS.items()
}
_ANY_LEVEL = tuple(sorted({k for keys in _LEVEL_KEYS.values() for k in keys}, key=len, reverse=True))
# Words that end in a level word without being a qualifier.
_COOPERATIVE = phrase_key("hợp tác xã")
_COMPOUNDS = _ANY_LEVEL + (_COOPERATIVE,)
_HOI = phrase_key("hội")
_PREFIX_KEYS = tuple(phrase_key(p) for p in _QUALIFIER_PREFIXES)


_TITLES = tuple(phrase_key(t) for t in ("thủ trưởng", "chủ tịch", "giám đốc", "lãnh đạo", "đồng chí", "trưởng"))


def _without_title(key: Key) -> Key:
    """A duty given to the head ("Thủ trưởng các sở", "Chủ tịch UBND xã") is the body's."""
    for title in _TITLES:
        if len(key) > len(title) and key[: len(title)] == title:
            return _without_title(key[len(title) :])
    return key


def _sort_level_lists(key: Key) -> Key:
    """"UBND phường, xã, đặc khu" and "UBND xã, phường, đặc khu" name the same bodies."""
    out: list[str] = []
    run: list[Key] = []
    i = 0
    while i < len(key):
        word = next((w for w in _ANY_LEVEL if key[i : i + len(w)] == w and _is_level_word(key, i, w)), None)
        if word:
            run.append(word)
            i += len(word)
            continue
        out.extend(w for part in sorted(run) for w in part)
        run = []
        out.append(key[i])
        i += 1
    out.extend(w for part in sorted(run) for w in part)
    return tuple(out)


def _is_level_word(key: Key, i: int, word: Key) -> bool:
    """Not the "xã" of "xã hội" or of "hợp tác xã"."""
    end = i + len(word)
    return key[end : end + 1] != _HOI and key[max(0, end - 3) : end] != _COOPERATIVE


@lru_cache(maxsize=256)
def place_keys(place: str | None) -> frozenset[Key]:
    """Keys of a place name, with and without its level word (``Tỉnh Đồng Tháp``, ``TP.HCM``)."""
    if not place:
        return frozenset()
    keys: set[Key] = set()
    for key in name_keys(place):
        keys.add(key)
        head = _leading_level_word(key)
        if head and len(key) > len(head):
            keys.add(key[len(head) :])
    return frozenset(keys)


def strip_qualifier(key: Key, level: str | None, places: frozenset[Key] = frozenset()) -> Key | None:
    """The key without its trailing level word or place ("Sở Y tế tỉnh Kiên Giang" in a plan of
    Kiên Giang province is "Sở Y tế"), or None when there is nothing the context explains.

    A level word is stripped only if it is the plan's level; a list of levels ("UBND các huyện,
    thị xã") and words that only end like one ("Hợp tác xã") are never cut."""
    words = key
    for place in sorted(places, key=len, reverse=True):
        if place and len(words) > len(place) and words[-len(place) :] == place:
            words = words[: -len(place)]
            before = _trailing_level_word(words, _ANY_LEVEL)
            if before and len(words) > len(before):
                words = words[: -len(before)]
            break
    if words == key:
        word = _trailing_level_word(words, _LEVEL_KEYS.get(level or "", ()))
        if word is None or len(words) == len(word):
            return None
        words = words[: -len(word)]
        if _trailing_level_word(words, _ANY_LEVEL):
            return None
    for prefix in _PREFIX_KEYS:
        if len(words) > len(prefix) and words[-len(prefix) :] == prefix:
            words = words[: -len(prefix)]
    return words if words and words not in _ANY_LEVEL else None


def trailing_level(key: Key) -> tuple[str, ...]:
    """The levels a trailing level word names (``thành phố`` is a province or a district)."""
    word = _trailing_level_word(key, _ANY_LEVEL)
    if word is None or len(word) == len(key):
        return ()
    return tuple(level for level, words in _LEVEL_KEYS.items() if word in words)


def _trailing_level_word(words: Key, candidates: tuple[Key, ...]) -> Key | None:
    for word in candidates:
        if len(words) >= len(word) and words[-len(word) :] == word:
            longer = [c for c in _COMPOUNDS if len(c) > len(word) and words[-len(c) :] == c]
            return None if longer and longer[0] not in candidates else word
    return None


def _leading_level_word(words: Key) -> Key | None:
    for word in _ANY_LEVEL:
        if words[: len(word)] == word:
            return word
    return None
