"""Reads of tracked targets: progress per target and period, an agency's own figures, history."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from service.projections.people import people
from service.projections.plans import plans
from service.projections.targets import plan_targets, target_figures
from workflows.periods import Period, period_from_key
from workflows.targets import FigureFact, Progress, TrackedTarget, progress, targets_from_json


@dataclass(frozen=True)
class TargetProgress:
    target: TrackedTarget
    period: Period
    progress: Progress


def plan_targets_of(conn, plan_id: str) -> list[TrackedTarget]:
    row = conn.execute(select(plan_targets.c.targets).where(plan_targets.c.plan_id == plan_id)).scalar()
    return targets_from_json(row) if row else []


def current_figures(conn, plan_id: str) -> list[FigureFact]:
    """Each agency's latest figure per target and period (later events win)."""
    latest: dict[tuple, FigureFact] = {}
    rows = conn.execute(select(target_figures).where(target_figures.c.plan_id == plan_id)
                        .order_by(target_figures.c.position)).mappings()
    for r in rows:
        latest[(r["target_id"], r["agency_id"], r["period_key"])] = FigureFact(
            r["target_id"], r["agency_id"], r["period_key"], Decimal(r["value"]),
            _dec(r["numerator"]), _dec(r["denominator"]))
    return list(latest.values())


def figure_history(conn, plan_id: str) -> list[dict]:
    """Every figure event of the plan, oldest first: who set which figure (``actor`` the person
    id, ``actor_name`` their name), when, from a submission or a correction."""
    rows = [dict(r) for r in conn.execute(
        select(target_figures, people.c.name.label("actor_name"))
        .outerjoin(people, people.c.person_id == target_figures.c.actor)
        .where(target_figures.c.plan_id == plan_id)
        .order_by(target_figures.c.position, target_figures.c.target_id)).mappings()]
    return rows


def plan_progress(conn, plan_id: str, today: date, period_keys=None) -> list[TargetProgress]:
    """Progress of every target of the plan in each period that has figures (or those asked)."""
    targets = plan_targets_of(conn, plan_id)
    if not targets:
        return []
    start, end = conn.execute(select(plans.c.period_start, plans.c.period_end)
                              .where(plans.c.plan_id == plan_id)).one()
    figures = current_figures(conn, plan_id)
    keys = period_keys if period_keys is not None else {f.period_key for f in figures}
    periods = sorted((period_from_key(k) for k in set(keys) | {f.period_key for f in figures}),
                     key=lambda p: (p.end, p.start))
    wanted = [p for p in periods if p.key in set(keys)]
    return [TargetProgress(t, p, progress(t, p, periods, figures, start, end, today))
            for p in wanted for t in targets]


def agency_figures(conn, plan_id: str, agency_id: str) -> dict[str, dict[str, Decimal]]:
    """An agency's current figures: target id -> period key -> value."""
    out: dict[str, dict[str, Decimal]] = {}
    for f in current_figures(conn, plan_id):
        if f.agency_id == agency_id:
            out.setdefault(f.target_id, {})[f.period_key] = f.value
    return out


def _dec(value):
    return None if value is None else Decimal(value)
