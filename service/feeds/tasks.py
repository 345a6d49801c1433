"""Which open tasks a calendar feed lists: an agency's own, or what a person answers for."""
from __future__ import annotations

from sqlalchemy import select

from service.auth.actors import actor_for
from service.outbox.context import OPEN_STATES
from service.projections.agencies import agencies
from service.projections.plans import plans
from service.projections.tasks import tasks
from workflows.permissions import UserRole

_OPEN = (select(tasks.c.task_id, tasks.c.plan_id, tasks.c.agency_id, tasks.c.role,
                tasks.c.duty_text, tasks.c.period_label, tasks.c.deadline, tasks.c.version,
                tasks.c.state, plans.c.number.label("plan_number"),
                agencies.c.name.label("agency_name"))
         .select_from(tasks.outerjoin(plans, plans.c.plan_id == tasks.c.plan_id)
                      .outerjoin(agencies, agencies.c.agency_id == tasks.c.agency_id))
         .where(tasks.c.state.in_(OPEN_STATES))
         .order_by(tasks.c.deadline, tasks.c.task_id))


def agency_tasks(conn, agency_id: str) -> list:
    """The agency's open tasks: those it leads or is asked to do (not those it helps with)."""
    return list(conn.execute(_OPEN.where(tasks.c.agency_id == agency_id)))


def person_tasks(conn, person_id: str) -> list | None:
    """What the person answers for (None: unknown or deactivated): a focal point or a leader,
    the agency's open tasks; a coordinator or a leader, those of their plans; an administrator,
    every open task."""
    actor = actor_for(conn, person_id)
    if actor is None:
        return None
    if actor.role is UserRole.ADMINISTRATOR:
        return list(conn.execute(_OPEN))
    found = {}
    if actor.agency_id and actor.role in (UserRole.FOCAL_POINT, UserRole.LEADER):
        found.update((r.task_id, r) for r in agency_tasks(conn, actor.agency_id))
    if actor.plan_ids and actor.role in (UserRole.COORDINATOR, UserRole.LEADER):
        found.update((r.task_id, r) for r in conn.execute(
            _OPEN.where(tasks.c.plan_id.in_(sorted(actor.plan_ids)))))
    return sorted(found.values(), key=lambda r: (r.deadline, r.task_id))
