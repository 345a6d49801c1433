"""Collective bodies: one name for every unit of a level ("UBND các xã, phường", "Chủ tịch
UBND các xã, thị trấn", "Công an các phường", "UBND cấp xã", "các phường").

A duty given to a collective is each member's: at activation it becomes one task per member
when the members are known, that is, the plan's place is a current province (after 1 July
2025) and the collective is of its communes (``workflows.places.communes_of``). Otherwise (a
plan of districts, an unknown place) it stays one task, and the draft says so. Which units a
collective names is read from its words, never from a list of phrases: the unit words listed
("xã", "phường", "thị trấn", "đặc khu"; "cấp xã" is all of them) and the body heading them
("UBND" when none is written). A duty counts complete when every member is done, or when as
many as the plan's coordinator chose (the quorum) are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from workflows.agency_names import tidy_name
from workflows.agency_phrases import body_name
from workflows.places import communes_of

COMMUNE_UNITS = ("xã", "phường", "thị trấn", "đặc khu")
DISTRICT_UNITS = ("huyện", "quận", "thị xã", "thành phố")
_UNIT = r"(?:thị\s+trấn|thị\s+xã|đặc\s+khu|thành\s+phố|xã|phường|huyện|quận)"
_JOIN = r"\s*(?:,|;|/|\bvà\b|\bhoặc\b)\s*(?:các\s+)?"
_QUALIFIER = r"(?:\s*,?\s+(?:trên\s+địa\s+bàn|thuộc|của|trong)\b.*)?"
_COLLECTIVE_RE = re.compile(  # the units' list at the end; what is before it is the head
    rf"(?<!\S)(?P<many>các\s+|cấp\s+)?(?P<units>{_UNIT}(?:{_JOIN}{_UNIT})*){_QUALIFIER}\s*[.;:]?$",
    re.IGNORECASE)
_UBND = re.compile(r"^(?:ủy|uỷ)\s+ban\s+nhân\s+dân$|^ubnd$", re.IGNORECASE)


@dataclass(frozen=True)
class Collective:
    """``head`` is the body each member is ("UBND", "Công an"); ``level`` the units' level
    ("commune" or "district"); ``units`` the unit words it names ("xã", "phường")."""

    name: str
    head: str
    level: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class Member:
    """A member body of a collective: its name ("UBND phường An Sinh"), the commune it is of
    (the official name) and that commune's code (``commune:26734``)."""

    name: str
    place: str
    place_code: str


def collective_of(name: str) -> Collective | None:
    """The collective a name gives a duty to, or None for one body: "UBND các xã, phường",
    "Ủy ban nhân dân xã, phường, đặc khu" (several units), "UBND cấp xã" and "các phường" are
    collectives; "UBND phường" or "Công an xã" (one unit, no "các") are one body."""
    text = tidy_name(body_name(name))
    m = _COLLECTIVE_RE.search(text)  # the leftmost: "xã và phường" is two units, no head
    if m is None or "," in text[:m.start()] or ";" in text[:m.start()]:
        return None
    units = tuple(dict.fromkeys(" ".join(u.casefold().split())
                                for u in re.findall(_UNIT, m["units"], re.IGNORECASE)))
    if not m["many"] and len(units) < 2:
        return None
    head = text[:m.start()].strip()
    if head.casefold().startswith(("các ", "những ")) or head.casefold() in ("các", "những"):
        return None  # "các phòng, ban các phường": a class of bodies, not one body per unit
    if not head or _UBND.match(head):
        head = "UBND"
    district = [u for u in units if u in DISTRICT_UNITS and u != "thành phố"]
    if district:
        level = "district"
    elif all(u in COMMUNE_UNITS for u in units):
        level = "commune"
    else:
        return None  # "các thành phố" alone: provinces or district towns, it does not say
    if m["many"] and m["many"].casefold().startswith("cấp"):
        units = COMMUNE_UNITS if level == "commune" else DISTRICT_UNITS
    return Collective(tidy_name(name), head, level, units)


def members_of(collective: Collective, province_code: str | None) -> tuple[Member, ...] | None:
    """The member bodies of a collective of a current province's communes, in the official
    list's order of names; None when they are not known (districts, no current province)."""
    if collective.level != "commune" or not province_code or not province_code.startswith("province:"):
        return None
    out = []
    for ward in communes_of(province_code):
        unit, rest = _unit_and_name(ward.name)
        if unit not in collective.units:
            continue
        out.append(Member(f"{collective.head} {unit} {rest}", ward.name, f"commune:{int(ward.code)}"))
    return tuple(out) or None


def _unit_and_name(official: str) -> tuple[str, str]:
    """"Phường An Sinh" is ("phường", "An Sinh")."""
    for unit in sorted(COMMUNE_UNITS, key=len, reverse=True):
        if official.casefold().startswith(unit + " "):
            return unit, official[len(unit) + 1:]
    return "", official


def duty_complete(done: int, total: int, quorum: int | None) -> bool:
    """A collective's duty is complete when all its members are done, or ``quorum`` of them."""
    return total > 0 and done >= min(quorum or total, total)


def check_quorum(quorum: int | None, total: int) -> int | None:
    """None (all members) or a number of members between 1 and ``total``; ValueError else."""
    if quorum is None:
        return None
    if isinstance(quorum, bool) or not isinstance(quorum, int) or not 1 <= quorum <= total:
        raise ValueError(f"quorum must be a number of members from 1 to {total}, not {quorum!r}")
    return quorum


def collective_names(draft: dict) -> Iterable[tuple[str, int | None]]:
    """Every name a draft gives duties to or asks reports of, with its line, once each."""
    seen = set()
    for a in draft.get("assignments") or []:
        for name in a.get("agencies") or []:
            if name not in seen:
                seen.add(name)
                yield name, (a.get("lines") or [None])[0]
    for r in draft.get("reporting") or []:
        for name in r.get("from") or []:
            if name not in seen:
                seen.add(name)
                yield name, r.get("line")
