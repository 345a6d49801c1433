"""Where a plan applies, as the agency registry reads it: its issuer's level and its place,
grounded in the official list of administrative units (workflows.places)."""
from __future__ import annotations

from workflows.activation import iso_date, plan_level
from workflows.agency_registry import MatchContext
from workflows.places import place_of


def plan_context(draft: dict) -> MatchContext:
    """"Công an tỉnh" in a Kiên Giang plan is Kiên Giang's: the names a plan writes resolve
    within its place first. A plan of 2025 or later names a current unit (its code recorded);
    an older one a former unit, recorded as written with the unit that succeeded it."""
    level = plan_level(draft)
    # without an issue date, the period's start says which map the plan was written on
    issued = iso_date(draft.get("issued_on")) or iso_date((draft.get("period") or {}).get("start"))
    place = place_of(draft.get("place"), level, issued)
    if place is None:
        return MatchContext(level=level)
    return MatchContext(level=level, place=place.name, place_code=place.code,
                        successor=place.successor)
