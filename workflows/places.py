"""Places: the administrative units agencies belong to, grounded in the official list.

Since 1 July 2025 Vietnam has 34 provinces and 3,321 communes (xã, phường, đặc khu) and no
districts; ``vietnam_provinces`` carries that list (the General Statistics Office's codes).
A place is one of those units (``code`` like ``"province:92"`` or ``"commune:31117"``), or,
for a plan written before the reorganisation, the place as the plan wrote it (a district, one
of the 63 former provinces, a former ward) with the current unit that succeeded it when that
is known: the province a former one was merged into (Resolution 202/2025/QH15, in
``places_2025.json``, the one thing the package does not say), or the commune of the same name.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from vietnam_provinces import Province, Ward

from workflows.agency_names import phrase_key, tidy_name

REORGANISED_ON = date(2025, 7, 1)
_PROVINCE_WORDS = ("thành phố", "tỉnh", "tp")
_COMMUNE_WORDS = ("phường", "xã", "thị trấn", "đặc khu", "p", "q", "quận", "huyện", "thị xã")


@dataclass(frozen=True)
class Place:
    """``name`` is the official name of a current unit, or the place as written; ``code`` is
    set for a current unit only; ``successor`` is the code of the current unit that took over
    a former one (None when current, or when it is not known)."""

    name: str
    level: str
    code: str | None = None
    successor: str | None = None


def _bare(name: str, words: tuple[str, ...]) -> tuple[str, ...]:
    key = phrase_key(tidy_name(name).replace("TP.", "TP ").replace("P.", "P "))
    for word in sorted((phrase_key(w) for w in words), key=len, reverse=True):
        if len(key) > len(word) and key[: len(word)] == word:
            return key[len(word):]
    return key


@lru_cache(maxsize=1)
def _provinces() -> dict[tuple[str, ...], Province]:
    return {_bare(p.name, _PROVINCE_WORDS): p for p in Province.iter_all()}


@lru_cache(maxsize=1)
def _former_provinces() -> dict[tuple[str, ...], str]:
    """Former province (bare key) -> the codename of the province it was merged into."""
    data = json.loads(resources.files("workflows").joinpath("places_2025.json").read_text("utf-8"))
    return {_bare(old, _PROVINCE_WORDS): new for old, new in data["merged_into"].items()}


@lru_cache(maxsize=1)
def _wards() -> dict[tuple[str, ...], tuple[Ward, ...]]:
    out: dict[tuple[str, ...], list[Ward]] = {}
    for ward in Ward.iter_all():
        out.setdefault(_bare(ward.name, _COMMUNE_WORDS), []).append(ward)
    return {k: tuple(v) for k, v in out.items()}


def province_code(province: Province) -> str:
    return f"province:{int(province.code)}"


def commune_code(ward: Ward) -> str:
    return f"commune:{int(ward.code)}"


def current_province(name: str | None) -> Province | None:
    """The province (of the 34) a name means: "Cần Thơ", "TP. Cần Thơ", "tỉnh Đồng Tháp"."""
    return _provinces().get(_bare(name, _PROVINCE_WORDS)) if name else None


def successor_province(name: str | None) -> Province | None:
    """The current province a former one became part of; a province that kept its name is its
    own successor."""
    if not name:
        return None
    merged = _former_provinces().get(_bare(name, _PROVINCE_WORDS))
    if merged:
        return next(p for p in Province.iter_all() if p.codename == merged)
    return current_province(name)


def communes_of(code: str | None) -> tuple[Ward, ...]:
    """The communes (xã, phường, đặc khu) of a current province, by name."""
    if not code or not code.startswith("province:"):
        return ()
    number = int(code.split(":")[1])
    return tuple(sorted((w for w in Ward.iter_all() if int(w.province_code) == number),
                        key=lambda w: w.name))


def describe(code: str | None) -> str | None:
    """The official name behind a code ("province:92" is "Thành phố Cần Thơ")."""
    if not code:
        return None
    kind, _, number = code.partition(":")
    try:
        unit = Province.from_code(int(number)) if kind == "province" else Ward.from_code(int(number))
    except ValueError:
        return None
    if kind == "commune":
        return f"{unit.name}, {Province.from_code(unit.province_code).name}"
    return unit.name


def place_of(written: str | None, level: str | None, issued_on: date | None,
             province_hint: str | None = None) -> Place | None:
    """The place of a plan (or of an agency named in it) from its name as written, the level
    of its issuer and the date it was issued. A plan issued before 1 July 2025 names a former
    unit: recorded as written, with its successor; a later one names a current unit, whose code
    is recorded when the official list has it (else as written)."""
    if not written:
        return None
    name = tidy_name(written)
    level = level or "province"
    current = issued_on is None or issued_on >= REORGANISED_ON
    if level == "province":
        if current and (p := current_province(name)):
            return Place(p.name, "province", province_code(p))
        successor = successor_province(name)
        return Place(name, "province", None, province_code(successor) if successor else None)
    wards = _wards().get(_bare(name, _COMMUNE_WORDS), ())
    hint = current_province(province_hint) or successor_province(province_hint)
    if hint:
        wards = tuple(w for w in wards if w.province_code == hint.code)
    if level == "commune" and current and len(wards) == 1:
        return Place(wards[0].name, "commune", commune_code(wards[0]))
    successor = commune_code(wards[0]) if len(wards) == 1 else (province_code(hint) if hint else None)
    return Place(name, level, None, successor)
