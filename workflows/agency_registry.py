"""Registered agencies, and matching the agency names a plan draft contains to them.

A name matches an agency only when it is the same name once the plan's spelling is undone
(:mod:`workflows.agency_names`): abbreviations, tone placement, dashes, and a level word or
place the plan's own level makes redundant. There is no edit-distance guessing: "Sở Y tế" never
becomes "Sở Tài chính", "Công an tỉnh" never becomes "Công an xã". A name that matches nothing,
or two agencies equally well, is left unmatched with a proposed new agency for a person to
confirm, merge or rename.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from workflows.agency_names import (
    LEVELS,
    Key,
    literal_key,
    name_keys,
    place_keys,
    strip_qualifier,
    tidy_name,
    trailing_level,
)
from workflows.agency_phrases import body_name
from workflows.errors import InvalidValue, NotFound

Level = Literal["province", "district", "commune", "central", "other"]
Confidence = Literal["exact", "alias", "normalised", "none"]


@dataclass(frozen=True)
class Agency:
    """A body that can be given duties. ``aliases`` are other names it goes by (including the
    names it had before a merger or rename); ``abbreviations`` are short forms ("Sở LĐTBXH")."""

    agency_id: str
    name: str
    level: Level
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    place: str | None = None
    place_code: str | None = None  # a current unit ("province:92"), see workflows.places
    successor: str | None = None  # the current unit that took over a former place

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise InvalidValue("level", f"agency {self.agency_id!r}: must be one of {LEVELS}, not {self.level!r}",
                               "bad_choice", value=self.level)
        if not tidy_name(self.name):
            raise InvalidValue("name", f"agency {self.agency_id!r}: empty", "required")
        object.__setattr__(self, "aliases", tuple(self.aliases))
        object.__setattr__(self, "abbreviations", tuple(self.abbreviations))

    @property
    def names(self) -> tuple[str, ...]:
        """The name first, then aliases and abbreviations."""
        return (self.name, *self.aliases, *self.abbreviations)


@dataclass(frozen=True)
class MatchContext:
    """What the plan says about where it applies: its level and its place ("Kiên Giang"), with
    the place's code and successor when the official list knows them (workflows.places)."""

    level: Level | None = None
    place: str | None = None
    place_code: str | None = None
    successor: str | None = None

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {self.level!r}")


@dataclass(frozen=True)
class MatchResult:
    """``agency_id`` is None when ``confidence`` is "none"; then ``candidates`` holds the
    agencies that came equally close (possibly none) and ``proposal`` a new agency to create."""

    name: str
    agency_id: str | None
    confidence: Confidence
    candidates: tuple[str, ...] = ()
    proposal: Agency | None = field(default=None, compare=False)

    @property
    def matched(self) -> bool:
        return self.agency_id is not None


class UnknownAgency(NotFound, KeyError):
    """No agency is registered under this id."""

    def __init__(self, agency_id: str):
        super().__init__("agency", agency_id)


class Registry:
    """Agencies in memory, indexed by the keys of every name they go by, so that matching a
    name is a few dictionary look-ups whatever the number of agencies."""

    def __init__(self, agencies: Iterable[Agency] = ()) -> None:
        self._agencies: dict[str, Agency] = {}
        self._literal: dict[str, set[str]] = defaultdict(set)
        self._normalised: dict[Key, set[str]] = defaultdict(set)
        self._qualified: dict[Key, set[str]] = defaultdict(set)
        for agency in agencies:
            self.add(agency)

    def __len__(self) -> int:
        return len(self._agencies)

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._agencies.values())

    def __contains__(self, agency_id: object) -> bool:
        return agency_id in self._agencies

    def add(self, agency: Agency) -> None:
        if agency.agency_id in self._agencies:
            raise ValueError(f"agency {agency.agency_id!r} is already registered")
        self._agencies[agency.agency_id] = agency
        for name in agency.names:
            self._index(agency, name)

    def add_alias(self, agency_id: str, alias: str) -> Agency:
        """Let the agency also be found by ``alias`` (a former name after a merger or rename)."""
        agency = self._get(agency_id)
        if not tidy_name(alias):
            raise InvalidValue("alias", f"agency {agency_id!r}: empty", "required")
        if literal_key(alias) in {literal_key(n) for n in agency.names}:
            return agency
        updated = replace(agency, aliases=(*agency.aliases, tidy_name(alias)))
        self._agencies[agency_id] = updated
        self._index(updated, alias)
        return updated

    def rename(self, agency_id: str, new_name: str) -> Agency:
        """Give the agency a new name; the old one stays an alias, so old plans still match."""
        agency = self._get(agency_id)
        name = tidy_name(new_name)
        aliases = tuple(a for a in (agency.name, *agency.aliases) if literal_key(a) != literal_key(name))
        updated = replace(agency, name=name, aliases=aliases)
        self._agencies[agency_id] = updated
        self._index(updated, name)
        return updated

    def find_by_id(self, agency_id: str) -> Agency | None:
        return self._agencies.get(agency_id)

    def match(self, name: str, context: MatchContext | None = None) -> MatchResult:
        return match(name, self, context)

    def match_all(self, names: Iterable[str], context: MatchContext | None = None) -> list[MatchResult]:
        return [match(name, self, context) for name in names]

    def _get(self, agency_id: str) -> Agency:
        try:
            return self._agencies[agency_id]
        except KeyError:
            raise UnknownAgency(agency_id) from None

    def _index(self, agency: Agency, name: str) -> None:
        self._literal[literal_key(name)].add(agency.agency_id)
        places = place_keys(agency.place)
        for key in name_keys(name):
            self._normalised[key].add(agency.agency_id)
            self._qualified[strip_qualifier(key, agency.level, places) or key].add(agency.agency_id)


def match(name: str, registry: Registry, context: MatchContext | None = None) -> MatchResult:
    """The registered agency ``name`` means, or none with the close candidates and a proposal.

    Tried in order, the first that finds anything decides: the name as written, the name with
    the plan's spelling undone, then without a level word or place the ``context`` explains."""
    context = context or MatchContext()
    literal = literal_key(name)
    keys = name_keys(name)

    def here(ids: set[str]) -> set[str]:
        return {i for i in ids if _is_here(registry._agencies[i], context, keys)}

    found = here(registry._literal.get(literal, set()))
    if found:
        return _decide(name, registry, _narrow(found, registry, context), context, literal)
    found = here(set().union(*(registry._normalised.get(k, set()) for k in keys)))
    if found:
        return _decide(name, registry, _narrow(found, registry, context), context, None)
    places = place_keys(context.place)
    bases = {strip_qualifier(k, context.level, places) or k for k in keys}
    found = set().union(*(registry._qualified.get(b, set()) for b in bases))
    fitting = {i for i in here(found) if _fits(registry._agencies[i], context, places)}
    if fitting and (context.level or context.place):
        return _decide(name, registry, _narrow(fitting, registry, context), context, None)
    return _unmatched(name, context, found)


def _decide(name: str, registry: Registry, ids: set[str], context: MatchContext, literal: str | None) -> MatchResult:
    if len(ids) != 1:
        return _unmatched(name, context, ids)
    (agency_id,) = ids
    if literal is None:
        confidence: Confidence = "normalised"
    elif literal_key(registry._agencies[agency_id].name) == literal:
        confidence = "exact"
    else:
        confidence = "alias"
    return MatchResult(name, agency_id, confidence, (agency_id,))


def _unmatched(name: str, context: MatchContext, candidates: Iterable[str]) -> MatchResult:
    proposal = propose_agency(name, context) if tidy_name(name) else None
    return MatchResult(name, None, "none", tuple(sorted(candidates)), proposal)


def _narrow(ids: set[str], registry: Registry, context: MatchContext) -> set[str]:
    """Of several agencies with the same name, those of the plan's place, then of its level."""
    places = place_keys(context.place)
    if len(ids) > 1 and places:
        here = {i for i in ids if place_keys(registry._agencies[i].place) & places}
        ids = here or ids
    if len(ids) > 1 and context.level:
        same = {i for i in ids if registry._agencies[i].level == context.level}
        ids = same or ids
    return ids


def _is_here(agency: Agency, context: MatchContext, keys: frozenset[Key]) -> bool:
    """An agency of one place is never another place's body of the same name: Cần Thơ's "Công
    an thành phố" is not Kiên Giang's "Công an tỉnh", Cầu Giấy's "Phòng Lao động - Thương binh
    và Xã hội" is not Cầu Ngang's. It is only when the plan is of its place (same code, or the
    same name) or the name states its place ("Công an tỉnh Kiên Giang"). An agency with no
    place (a ministry, or one registered by hand) is everybody's."""
    if not agency.place:
        return True
    if agency.place_code and agency.place_code == context.successor:
        return True  # a former place's plan: the unit that took it over
    if context.place_code and agency.place_code:
        if context.place_code == agency.place_code:
            return True
    elif place_keys(agency.place) & place_keys(context.place):
        return True
    own = place_keys(agency.place)
    return any(key[-len(p):] == p for key in keys for p in own if p and len(key) > len(p))


def _fits(agency: Agency, context: MatchContext, places: frozenset[Key]) -> bool:
    if context.level and agency.level != context.level:
        return False
    return not (places and agency.place and not place_keys(agency.place) & places)


def propose_agency(name: str, context: MatchContext | None = None) -> Agency:
    """A new agency for a name nothing matched: the tidied name, a level guessed from its words
    (the plan's level when they say nothing), the plan's place, and a provisional id."""
    context = context or MatchContext()
    tidy = body_name(name)  # "Trưởng phòng LĐTBXH" gives the duty to the Phòng LĐTBXH
    if not tidy:
        raise ValueError("cannot propose an agency without a name")
    level = guess_level(tidy, context)
    local = level != "central" and _RANK[level] >= _RANK.get(context.level or "central", 0)
    return Agency(
        agency_id="new:" + slug(tidy),
        name=tidy,
        level=level,
        place=context.place if local else None,
        place_code=context.place_code if local else None,
        successor=context.successor if local else None,
    )


# Levels from the top: a body above the plan's level is not of the plan's place.
_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3, "other": 4}


def guess_level(name: str, context: MatchContext | None = None) -> Level:
    context = context or MatchContext()
    keys = sorted(name_keys(name))
    levels = trailing_level(keys[0]) if keys else ()
    if len(levels) == 1:
        return levels[0]  # type: ignore[return-value]
    if levels:
        return context.level if context.level in levels else levels[0]  # type: ignore[return-value]
    words = literal_key(name).split()
    if words[:1] == ["sở"]:
        return "province"
    if words[:1] == ["bộ"] and words[1:2] not in (["chỉ"], ["đội"]):
        return "central"
    if words[:1] == ["phòng"] and context.level not in ("district", "commune"):
        return "district"
    return context.level or "other"


def slug(name: str) -> str:
    """ASCII words joined by dashes: "Sở Y tế" is "so-y-te"."""
    text = unicodedata.normalize("NFD", name.casefold().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "agency"
