"""The facts a task link is judged on (workflows.task_links), read from the read models and
the log: the task's state, whether the person may view it, its last change of hands."""
from __future__ import annotations

from sqlalchemy import func, select

from service.auth.actors import actor_for
from service.eventlog.tables import events
from service.projections.tasks import tasks
from service.queries.visibility import can_view_task
from workflows.permissions import Actor
from workflows.task_links import LinkFacts

_LAST_REASSIGNED = (select(func.max(events.c.recorded_at))
                    .where(events.c.type == "TaskReassigned"))


def link_facts(conn, task_id: str, person_id: str) -> tuple[LinkFacts, Actor | None]:
    """The facts, and the person as an actor (None when unknown or deactivated)."""
    row = conn.execute(select(tasks).where(tasks.c.task_id == task_id)).first()
    actor = actor_for(conn, person_id)
    if row is None:
        return LinkFacts(None, False, None), actor
    handed = conn.execute(_LAST_REASSIGNED.where(events.c.stream_id == f"task-{task_id}")).scalar()
    return LinkFacts(row.state, actor is not None and can_view_task(actor, row), handed), actor
