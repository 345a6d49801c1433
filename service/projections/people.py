"""Read model of people: who they are, their role and scope, how to reach them."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Integer, String, Table

from service.projections.base import RowProjection
from service.tables import metadata

people = Table(
    "people", metadata,
    Column("person_id", String(64), primary_key=True),
    Column("username", String(120), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("agency_id", String(64), index=True),
    Column("plan_ids", JSON, nullable=False),
    Column("email", String(254)),
    Column("phone", String(20)),
    Column("channels", JSON, nullable=False),
    Column("language", String(5), nullable=False),
    Column("is_leader", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("digest_at", String(5)),  # "HH:MM", None: the default
    Column("muted", JSON, nullable=False),
    Column("version", Integer, nullable=False),
)


class PeopleProjection(RowProjection):
    name = "people"
    table = people
    handles = frozenset({"PersonAdded", "PersonUpdated"})

    def key(self, ev):
        return ev.event.person_id

    def evolve(self, row, ev):
        p = ev.event.profile
        return dict(person_id=ev.event.person_id, username=p.username, name=p.name, role=p.role,
                    agency_id=p.agency_id, plan_ids=list(p.plan_ids), email=p.email, phone=p.phone,
                    channels=list(p.channels), language=p.language, is_leader=p.is_leader,
                    active=p.active, digest_at=p.digest_at, muted=list(p.muted),
                    version=ev.version)
