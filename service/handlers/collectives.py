"""Collective duties: at activation, a collective's members resolved in the registry (the
commune bodies it does not know registered with their place and level), the expansion
recorded on the plan's stream; afterwards, the coordinator's quorum."""
from __future__ import annotations

import uuid
from typing import Callable

from workflows import commands as c
from workflows.activation import TaskSpec
from workflows.agency_registry import Agency, MatchContext, Registry
from workflows.collectives import collective_of, members_of
from workflows.permissions import PlanRef, require
from workflows.plan_events import CollectiveExpanded


def member_resolver(registry: Registry, context: MatchContext,
                    new_agencies: list[Agency]) -> Callable[[str], list[tuple[str, str]] | None]:
    """Names -> the (id, name) of each member of the collective it names, when the plan's
    place says who they are; each collective's members are matched once per activation, every
    commune body within its own commune (never another province's commune of the same name)."""
    cache: dict[str, list[tuple[str, str]] | None] = {}

    def members(name: str) -> list[tuple[str, str]] | None:
        if name not in cache:
            collective = collective_of(name)
            found = members_of(collective, context.place_code) if collective else None
            cache[name] = [_member(registry, m, new_agencies) for m in found] if found else None
        return cache[name]

    return members


def _member(registry: Registry, member, new_agencies: list[Agency]) -> tuple[str, str]:
    here = MatchContext(level="commune", place=member.place, place_code=member.place_code)
    result = registry.match(member.name, here)
    if result.matched:
        return result.agency_id, registry.find_by_id(result.agency_id).name
    agency = Agency(f"ag-{uuid.uuid4().hex[:10]}", member.name, "commune", place=member.place,
                    place_code=member.place_code)
    registry.add(agency)
    new_agencies.append(agency)
    return agency.agency_id, agency.name


def expansions(plan_id: str, specs: list[TaskSpec]) -> list[CollectiveExpanded]:
    """One event per duty and collective: which members its tasks went to, in order."""
    found: dict[tuple[str, str], dict[str, None]] = {}
    for s in specs:
        if s.collective:
            found.setdefault((s.duty_id, s.collective), {})[s.agency_id] = None
    return [CollectiveExpanded(plan_id, duty_id, name, tuple(members))
            for (duty_id, name), members in found.items()]


def set_quorum(cmd: c.SetCollectiveQuorum, uow, ctx) -> int:
    from service.handlers.plans import load_plan

    plan = load_plan(uow, cmd.plan_id)
    require(ctx.actor, "accept", PlanRef(cmd.plan_id))  # the plan's coordinator
    version = plan.version if cmd.expected_version is None else cmd.expected_version
    stored = uow.append(f"plan-{plan.plan_id}", version, plan.set_quorum(cmd.duty_id, cmd.quorum))
    uow.commit()
    return stored[-1].version
