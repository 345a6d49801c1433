"""Read model of the agency registry."""
from __future__ import annotations

from sqlalchemy import JSON, Column, String, Table

from service.projections.base import RowProjection
from service.tables import metadata

agencies = Table(
    "agencies", metadata,
    Column("agency_id", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("level", String(20), nullable=False),
    Column("parent_id", String(64)),
    Column("aliases", JSON, nullable=False),
    Column("place", String(200)),
    Column("place_code", String(40)),
    Column("successor", String(40)),
    Column("status", String(20), nullable=False, server_default="active"),  # merged, retired
    Column("merged_into", String(64)),
)


class AgenciesProjection(RowProjection):
    name = "agencies"
    table = agencies
    handles = frozenset({"AgencyRegistered", "AgencyAliasAdded", "AgencyRenamed", "AgencyMerged",
                         "AgencyRetired"})

    def key(self, ev):
        return ev.event.agency_id

    def evolve(self, row, ev):
        e = ev.event
        if ev.type == "AgencyRegistered":
            return dict(agency_id=e.agency_id, name=e.name, level=e.level, parent_id=e.parent_id,
                        aliases=list(e.aliases), place=e.place, place_code=e.place_code,
                        successor=e.successor, status="active", merged_into=None)
        if ev.type == "AgencyRenamed":
            aliases = [a for a in [*row["aliases"], e.previous] if a != e.name]
            return {**row, "name": e.name, "aliases": list(dict.fromkeys(aliases))}
        if ev.type == "AgencyMerged":
            return {**row, "status": "merged", "merged_into": e.into_agency_id}
        if ev.type == "AgencyRetired":
            return {**row, "status": "retired"}
        return {**row, "aliases": [*row["aliases"], e.alias]}
