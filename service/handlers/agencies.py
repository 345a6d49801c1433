"""Agency registry handlers, and the registry loaded from its read model."""
from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import select

from service.projections.agencies import agencies
from service.handlers.guards import require_administrator
from workflows import commands as c
from workflows.agency_registry import Agency, Registry
from workflows.errors import AlreadyExists, NotFound
from workflows.plan_events import AgencyAliasAdded, AgencyRegistered


def load_registry(conn) -> Registry:
    """The agencies a plan's names may resolve to: merged and retired ones are not (a merged
    agency's names are its successor's aliases)."""
    rows = conn.execute(select(agencies).where(agencies.c.status == "active")).mappings()
    return Registry(Agency(agency_id=r["agency_id"], name=r["name"], level=r["level"],
                           parent_id=r["parent_id"], aliases=tuple(r["aliases"]), place=r["place"],
                           place_code=r["place_code"], successor=r["successor"]) for r in rows)


def registration(proposal: Agency, agency_id: str) -> Agency:
    return replace(proposal, agency_id=agency_id)


def register_agency(cmd: c.RegisterAgency, uow, ctx) -> str:
    require_administrator(ctx.actor, "agencies")
    registry = load_registry(uow.conn)
    clash = registry.match(cmd.name)
    if clash.confidence in ("exact", "alias"):
        raise AlreadyExists("agency", cmd.name, clash.agency_id)
    agency_id = f"ag-{uuid.uuid4().hex[:10]}"
    Agency(agency_id, cmd.name, cmd.level, cmd.parent_id, cmd.aliases)  # validates level and name
    uow.append(f"agency-{agency_id}", 0,
               [AgencyRegistered(agency_id, cmd.name, cmd.level, cmd.parent_id, tuple(cmd.aliases))])
    uow.commit()
    return agency_id


def add_alias(cmd: c.AddAgencyAlias, uow, ctx) -> None:
    require_administrator(ctx.actor, "agencies")
    version = uow.events.stream_version(f"agency-{cmd.agency_id}")
    if version == 0:
        raise NotFound("agency", cmd.agency_id)
    uow.append(f"agency-{cmd.agency_id}", version, [AgencyAliasAdded(cmd.agency_id, cmd.alias)])
    uow.commit()
