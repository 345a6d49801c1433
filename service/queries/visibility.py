"""What an actor may view, as SQL over the projections, mirroring workflows.permissions.

The SQL narrows the rows; :func:`can_view_task` re-checks each row with the domain's own rule,
so a slip in the SQL can hide a task but never show one.

- administrator: every plan and task;
- coordinator: the tasks of their plans;
- leader: the tasks of their plans and of their agency;
- both: the tasks of the lower plans that implement theirs (``Actor.cascade_plan_ids``);
- focal point: their agency's tasks, the tasks their agency cooperates on, and those taken
  from their agency (read only: its own history).

A plan is visible to whoever may view one of its tasks, and to the coordinators and leaders of
it (a draft has no tasks yet). Its draft is shown only to those who review plans: see
:func:`can_review_plan`.
"""
from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import bindparam, false, or_, select, true

from service.driver_statements import DriverStatement
from service.projections.plans import plans
from service.projections.tasks import COOPERATING, FORMER, task_links, tasks
from workflows.permissions import Action, Actor, PlanRef, UserRole, can, can_each


def task_scope(actor: Actor, t=tasks, cooperating_ids=None):
    """A WHERE clause over the tasks table: the tasks the actor may view. ``cooperating_ids``
    (from :func:`cooperating_task_ids`) replaces the look-up in ``task_links`` by a list of
    keys; either way no task's JSON is matched."""
    if actor.role is UserRole.ADMINISTRATOR:
        return true()
    clauses = []
    if actor.role in (UserRole.COORDINATOR, UserRole.LEADER) and actor.plan_ids:
        clauses.append(t.c.plan_id.in_(sorted(actor.plan_ids | actor.cascade_plan_ids)))
    if actor.role in (UserRole.FOCAL_POINT, UserRole.LEADER) and actor.agency_id:
        clauses.append(t.c.agency_id == actor.agency_id)
        if cooperating_ids is None:
            clauses.append(t.c.task_id.in_(_beyond_own(actor)))
        elif cooperating_ids:
            clauses.append(t.c.task_id.in_(cooperating_ids))
    return or_(*clauses) if clauses else false()


def _beyond_own(actor: Actor):
    """The ids of the tasks not the agency's own that its people see: taken from it, or (a
    focal point's) tasks it cooperates on: a range of ``task_links``' key."""
    return select(task_links.c.task_id).where(task_links.c.agency_id == actor.agency_id,
                                              task_links.c.relation.in_(_relations(actor)))


def cooperating_task_ids(conn, actor: Actor) -> list[str] | None:
    """The tasks beyond its own that an agency's focal point or leader sees (cooperating on, or
    taken from it), as keys, so the list query is a key lookup. A driver statement: an API
    request that made a SQLAlchemy Connection for it could not keep its reading connection
    (kept_reader) nor the Actor the connection keeps (auth.kept_actors)."""
    if actor.role not in (UserRole.FOCAL_POINT, UserRole.LEADER) or not actor.agency_id:
        return None
    relations = _relations(actor)
    params = {"agency_id": actor.agency_id, **{f"relation_{i}": r for i, r in enumerate(relations)}}
    return sorted({row[0] for row in _BEYOND_OWN[len(relations)].rows(conn, params)})


def _relations(actor: Actor) -> tuple:
    return (COOPERATING, FORMER) if actor.role is UserRole.FOCAL_POINT else (FORMER,)


# _beyond_own as driver statements, by the number of relations looked for
_BEYOND_OWN = {n: DriverStatement(select(task_links.c.task_id).where(
    task_links.c.agency_id == bindparam("agency_id"),
    or_(*(task_links.c.relation == bindparam(f"relation_{i}") for i in range(n))))) for n in (1, 2)}


def can_view_task(actor: Actor, row) -> bool:
    """``row`` has attributes plan_id, agency_id, cooperating (a Row, a Task, TaskFacts)."""
    return can(actor, Action.VIEW, row)


def task_viewer(actor: Actor) -> Callable[[Any], bool]:
    """``can_view_task(actor, row)`` as a function of the row, the actor's part of the rule
    decided once: for the re-check of every row of a list."""
    return can_each(actor, Action.VIEW)


def plan_scope(actor: Actor):
    """A WHERE clause over the plans table: the plans the actor may view. A plan with a task
    the actor may view is found by probing the plan's own index range (EXISTS), not by listing
    the plans of every visible task."""
    if actor.role is UserRole.ADMINISTRATOR:
        return true()
    clauses = []
    if actor.role in (UserRole.COORDINATOR, UserRole.LEADER) and actor.plan_ids:
        clauses.append(plans.c.plan_id.in_(sorted(actor.plan_ids)))
    clauses.append(select(tasks.c.task_id).where(tasks.c.plan_id == plans.c.plan_id, task_scope(actor))
                   .exists())
    return or_(*clauses)


def can_review_plan(actor: Actor, plan_id: str) -> bool:
    """Who sees a plan's draft: administrators, and the coordinators and leaders of the plan."""
    return can(actor, Action.VIEW, PlanRef(plan_id))
