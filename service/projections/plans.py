"""Read model of plans: one row per plan, with its current draft."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Column, Date, Integer, String, Table, Text

from service.projections.base import RowProjection
from service.tables import UtcDateTime, metadata

plans = Table(
    "plans", metadata,
    Column("plan_id", String(64), primary_key=True),
    Column("number", String(120)),
    Column("title", Text),
    Column("issuer", String(300)),
    Column("place", String(200)),
    Column("issued_on", Date),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("status", String(20), nullable=False, index=True),
    Column("filename", String(300), nullable=False),
    Column("source_sha256", String(64), nullable=False, unique=True),
    Column("draft", JSON, nullable=False),
    Column("settings", JSON),
    Column("imported_at", UtcDateTime(), nullable=False),
    Column("activated_at", UtcDateTime()),
    Column("task_count", Integer, nullable=False, default=0),
    # collective duties (workflows.collectives): duty id -> {"collectives": names as written,
    # "members": agency ids, "quorum": members done for it to count complete, null: all}
    Column("collectives", JSON),
    Column("version", Integer, nullable=False),
)


class PlansProjection(RowProjection):
    name = "plans"
    table = plans
    handles = frozenset({"PlanImported", "DraftCorrected", "PlanActivated", "PlanRetentionSet",
                         "CollectiveExpanded", "CollectiveQuorumSet"})

    def key(self, ev):
        return ev.stream_id.removeprefix("plan-")

    def evolve(self, row, ev):
        e = ev.event
        if ev.type == "PlanImported":
            row = dict(plan_id=e.plan_id, status="draft", filename=e.filename, source_sha256=e.sha256,
                       imported_at=ev.recorded_at, activated_at=None, task_count=0, settings=None,
                       collectives=None)
            row.update(_draft_columns(e.current_draft))
        elif ev.type == "DraftCorrected":
            from workflows.plans import apply_corrections

            row = {**row, **_draft_columns(apply_corrections(row["draft"], e.corrections))}
        elif ev.type == "PlanActivated":
            row = {**row, "status": "active", "activated_at": ev.recorded_at,
                   "task_count": e.task_count, "settings": {**(row["settings"] or {}), **e.settings}}
        elif ev.type in ("CollectiveExpanded", "CollectiveQuorumSet"):
            row = {**row, "collectives": _collectives(row.get("collectives"), e)}
        elif ev.type == "PlanRetentionSet":
            row = {**row, "settings": {**(row["settings"] or {}), "retention_days": e.days}}
        return {**row, "version": ev.version}


def _collectives(current: dict | None, e) -> dict:
    out = dict(current or {})
    duty = dict(out.get(e.duty_id) or {"collectives": [], "members": [], "quorum": None})
    if hasattr(e, "members"):
        duty["collectives"] = [*duty["collectives"], e.collective]
        duty["members"] = list(dict.fromkeys([*duty["members"], *e.members]))
    else:
        duty["quorum"] = e.quorum
    out[e.duty_id] = duty
    return out


def _draft_columns(draft: dict) -> dict:
    period = draft.get("period") or {}
    return dict(
        draft=draft, number=draft.get("number"), title=draft.get("title"),
        issuer=draft.get("issuer"), place=draft.get("place"),
        issued_on=_date(draft.get("issued_on")),
        period_start=_date(period.get("start")), period_end=_date(period.get("end")),
    )


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
