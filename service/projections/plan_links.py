"""Read model of the cascade: which plan implements which (one row per live link)."""
from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text, and_, delete

from service.projections.base import Projection
from service.tables import UtcDateTime, metadata

plan_links = Table(
    "plan_links", metadata,
    Column("lower_plan_id", String(64), primary_key=True),
    Column("higher_plan_id", String(64), primary_key=True),
    Column("reference", Text, nullable=False),
    Column("how", String(20), nullable=False),
    Column("linked_at", UtcDateTime(), nullable=False),
    Index("ix_plan_links_higher", "higher_plan_id"),
)


class PlanLinksProjection(Projection):
    name = "plan_links"
    tables = (plan_links,)
    handles = frozenset({"PlanLinked", "PlanUnlinked"})

    def apply(self, conn, events) -> None:
        for ev in self.relevant(events):  # few, and their order matters (link, unlink, link)
            e = ev.event
            conn.execute(delete(plan_links).where(and_(plan_links.c.lower_plan_id == e.lower_plan_id,
                                                       plan_links.c.higher_plan_id == e.higher_plan_id)))
            if ev.type == "PlanLinked":
                conn.execute(plan_links.insert().values(
                    lower_plan_id=e.lower_plan_id, higher_plan_id=e.higher_plan_id,
                    reference=e.reference, how=e.how, linked_at=ev.recorded_at))
