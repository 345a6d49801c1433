"""A plan's cascade as its page shows it: the lower plans that implement it (and theirs, down
every level), each one's four-way classification rolled up with the levels below it, and the
bodies that have not yet written the plan the higher plan ordered (an open "write your own
plan" task, workflows.cascade)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.plan_links import plan_links
from service.projections.plans import plans
from service.projections.tasks import tasks
from service.queries.classify_sql import counts_by, sum_counts
from workflows.cascade import orders_own_plan
from workflows.classification import Counts
from workflows.task_rules import CLOSED, TaskState


@dataclass(frozen=True)
class LowerPlan:
    plan_id: str
    number: str | None
    title: str | None
    issuer: str | None
    status: str
    reference: str
    how: str
    depth: int  # 1: implements this plan; 2: implements one that does ...
    own: Counts  # its own tasks
    rolled_up: Counts  # its tasks and those of every plan below it
    implements: str  # the plan it implements: the one asked about, or a lower plan before it


@dataclass(frozen=True)
class Missing:
    """A body ordered to write its own plan that has not (its task still open)."""

    task_id: str
    agency_id: str
    agency: str
    deadline: date
    state: str


@dataclass(frozen=True)
class Cascade:
    lower: list[LowerPlan] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    total: Counts = Counts()  # every lower plan of every level

    @property
    def empty(self) -> bool:
        return not self.lower and not self.missing


def implemented(conn, plan_id: str) -> list:
    """The plans ``plan_id`` is linked to as implementing them, each with its link (reference,
    how, linked_at), in the order they were linked."""
    return conn.execute(
        select(plans.c.plan_id, plans.c.number, plans.c.issued_on, plans.c.title, plans.c.issuer,
               plans.c.status, plan_links.c.reference, plan_links.c.how, plan_links.c.linked_at)
        .join(plans, plans.c.plan_id == plan_links.c.higher_plan_id)
        .where(plan_links.c.lower_plan_id == plan_id)
        .order_by(plan_links.c.linked_at, plans.c.plan_id)).all()


def lower_tree(conn, plan_id: str) -> list[tuple[str, str, int]]:
    """(lower, its higher, depth) for every plan below ``plan_id``, depth first, each once."""
    out, seen = [], {plan_id}

    def walk(higher: str, depth: int) -> None:
        for lower in conn.execute(select(plan_links.c.lower_plan_id)
                                  .where(plan_links.c.higher_plan_id == higher)
                                  .order_by(plan_links.c.linked_at, plan_links.c.lower_plan_id)).scalars():
            if lower not in seen:
                seen.add(lower)
                out.append((lower, higher, depth))
                walk(lower, depth + 1)

    walk(plan_id, 1)
    return out


def below(conn, plan_id: str) -> list[str]:
    return [lower for lower, _, _ in lower_tree(conn, plan_id)]


def plan_cascade(conn, plan_id: str, as_of: date) -> Cascade:
    tree = lower_tree(conn, plan_id)
    ids = [lower for lower, _, _ in tree]
    rows = {r.plan_id: r for r in conn.execute(
        select(plans.c.plan_id, plans.c.number, plans.c.title, plans.c.issuer, plans.c.status)
        .where(plans.c.plan_id.in_(ids)))} if ids else {}
    links = {(r.lower_plan_id, r.higher_plan_id): r for r in conn.execute(
        select(plan_links).where(plan_links.c.lower_plan_id.in_(ids)))} if ids else {}
    own = {k[0]: v for k, v in counts_by(conn, as_of, [tasks.c.plan_id.in_(ids)], [tasks.c.plan_id]).items()} if ids else {}
    children: dict[str, list[str]] = {}
    for lower, higher, _ in tree:
        children.setdefault(higher, []).append(lower)

    def rolled(pid: str) -> Counts:
        return sum_counts([own.get(pid, Counts()), *(rolled(c) for c in children.get(pid, ()))])

    lower = [LowerPlan(pid, rows[pid].number, rows[pid].title, rows[pid].issuer, rows[pid].status,
                       links[(pid, higher)].reference, links[(pid, higher)].how, depth,
                       own.get(pid, Counts()), rolled(pid), higher)
             for pid, higher, depth in tree if pid in rows]
    return Cascade(lower, missing_plans(conn, plan_id),
                   sum_counts([own.get(pid, Counts()) for pid in ids]))


def written_plan_tasks_done(conn, plan_id: str) -> list[str]:
    """The ids of the plan's "write your own plan" tasks that are done (by a result or a plan)."""
    rows = conn.execute(select(tasks.c.task_id, tasks.c.duty_text)
                        .where(tasks.c.plan_id == plan_id, tasks.c.period_key.is_(None),
                               tasks.c.state == TaskState.DONE.value)
                        .order_by(tasks.c.task_id))
    return [r.task_id for r in rows if orders_own_plan(r.duty_text)]


def missing_plans(conn, plan_id: str) -> list[Missing]:
    rows = conn.execute(select(tasks.c.task_id, tasks.c.agency_id, tasks.c.duty_text, tasks.c.deadline,
                               tasks.c.state, agencies.c.name)
                        .join(agencies, agencies.c.agency_id == tasks.c.agency_id)
                        .where(tasks.c.plan_id == plan_id, tasks.c.period_key.is_(None),
                               tasks.c.state.not_in([s.value for s in CLOSED]))
                        .order_by(agencies.c.name, tasks.c.task_id))
    return [Missing(r.task_id, r.agency_id, r.name, r.deadline, r.state)
            for r in rows if orders_own_plan(r.duty_text)]
