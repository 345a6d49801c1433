"""The source lines of each imported plan, for reading a draft beside its document (kept
apart from the plans table, which lists read often and need not carry whole documents)."""
from __future__ import annotations

from sqlalchemy import JSON, Column, String, Table, select

from service.projections.base import RowProjection
from service.tables import metadata

plan_sources = Table(
    "plan_sources", metadata,
    Column("plan_id", String(64), primary_key=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("filename", String(300), nullable=False),
    Column("lines", JSON, nullable=False),
)


class PlanSourcesProjection(RowProjection):
    name = "plan_sources"
    table = plan_sources
    handles = frozenset({"PlanImported"})

    def key(self, ev):
        return ev.event.plan_id

    def evolve(self, row, ev):
        e = ev.event
        return dict(plan_id=e.plan_id, sha256=e.sha256, filename=e.filename, lines=list(e.source_lines))


def source_lines(conn, sha256: str | None) -> list[str]:
    if not sha256:
        return []
    found = conn.execute(select(plan_sources.c.lines).where(plan_sources.c.sha256 == sha256)).scalar()
    return list(found or [])
