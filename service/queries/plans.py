"""Plans and their duties, scoped to what the actor may view.

A duty's progress ("N of M agencies done") counts every agency sharing the duty, so a focal
point sees how far the duty is; the tasks listed, and the names of agencies done or pending,
are only those the actor may view.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import select

from service.projections.plans import plans
from service.projections.tasks import tasks
from service.queries.visibility import can_review_plan, plan_scope, task_viewer
from workflows.classification import TaskFacts, progress_by_duty
from workflows.permissions import Actor


@dataclass(frozen=True)
class Duty:
    duty_id: str
    period_key: Optional[str]
    period_label: Optional[str]
    duty_text: str
    kind: str
    role: str
    done: int
    total: int
    done_agencies: list  # visible only
    pending_agencies: list
    tasks: list  # Rows the actor may view


def list_plans(conn, actor: Actor, status: str | None = None) -> list:
    stmt = select(plans).where(plan_scope(actor))
    if status is not None:
        stmt = stmt.where(plans.c.status == status)
    return conn.execute(stmt.order_by(plans.c.imported_at.desc(), plans.c.plan_id)).all()


def plan_choices(conn, actor: Actor) -> list:
    """The plans the actor may view, as a filter offers them (no drafts: those can be large)."""
    p = plans.c
    stmt = select(p.plan_id, p.number, p.title, p.status).where(plan_scope(actor))
    return conn.execute(stmt.order_by(p.imported_at.desc(), p.plan_id)).all()


def get_plan(conn, actor: Actor, plan_id: str):
    """The plan's row, or None when there is none or the actor may not view it."""
    stmt = select(plans).where(plans.c.plan_id == plan_id, plan_scope(actor))
    return conn.execute(stmt).first()


def plan_duties(conn, actor: Actor, plan_id: str, as_of: datetime) -> list[Duty]:
    """The duties of a plan (per period for periodic ones) in which the actor sees a task."""
    rows = conn.execute(select(tasks).where(tasks.c.plan_id == plan_id)
                        .order_by(tasks.c.duty_id, tasks.c.period_key, tasks.c.agency_id)).all()
    progress = progress_by_duty((_facts(r) for r in rows), as_of)
    reviewer, visible = can_review_plan(actor, plan_id), task_viewer(actor)
    groups: dict[tuple, list] = {}
    for r in rows:
        groups.setdefault((r.duty_id, r.period_key), []).append(r)
    duties = []
    for key, members in groups.items():
        seen = [r for r in members if visible(r)]
        if not seen:
            continue
        p = progress.get(key)
        shown = {r.agency_id for r in seen} if not reviewer else None
        first = members[0]
        duties.append(Duty(
            first.duty_id, first.period_key, first.period_label, first.duty_text, first.kind,
            first.role, p.done if p else 0, p.total if p else 0,
            _visible(p.done_agencies if p else (), shown),
            _visible(p.pending_agencies if p else (), shown), seen))
    return duties


def _visible(agencies, shown) -> list:
    return sorted(a for a in agencies if shown is None or a in shown)


def _facts(r) -> TaskFacts:
    return TaskFacts(r.task_id, r.plan_id, r.agency_id, r.deadline, r.done_at,
                     r.cancelled_at, r.created_at, r.duty_id, r.period_key)
