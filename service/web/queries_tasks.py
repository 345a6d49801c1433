"""Read-model look-ups for the task pages (lists a focal point and a reviewer work through)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.people import people
from service.projections.plans import plans
from service.projections.tasks import tasks
from service.web.formatting import by_name
from workflows import task_rules

WORKING = ("open", "in_progress", "returned", "submitted")


def agency_names(conn) -> dict[str, str]:
    return dict(conn.execute(select(agencies.c.agency_id, agencies.c.name)).all())


def all_agencies(conn) -> list[dict]:
    """Every agency, in Vietnamese alphabetical order."""
    rows = conn.execute(select(agencies)).mappings().all()
    return by_name([dict(r) for r in rows], "name")


def people_names(conn, person_ids=None) -> dict[str, str]:
    """{person id: name}, of the people given (None: everybody)."""
    query = select(people.c.person_id, people.c.name)
    if person_ids is not None:
        ids = sorted({i for i in person_ids if i})
        if not ids:
            return {}
        query = query.where(people.c.person_id.in_(ids))
    return dict(conn.execute(query).all())


def plan_titles(conn) -> dict[str, str]:
    rows = conn.execute(select(plans.c.plan_id, plans.c.number, plans.c.title)).all()
    return {pid: (number or title or pid) for pid, number, title in rows}


def task_row(conn, task_id: str) -> dict | None:
    row = conn.execute(select(tasks).where(tasks.c.task_id == task_id)).mappings().first()
    return dict(row) if row else None


def plan_row(conn, plan_id: str) -> dict | None:
    row = conn.execute(select(plans).where(plans.c.plan_id == plan_id)).mappings().first()
    return dict(row) if row else None


def agency_tasks(conn, agency_id: str, states=WORKING) -> list[dict]:
    rows = conn.execute(select(tasks).where(tasks.c.agency_id == agency_id, tasks.c.state.in_(states))
                        .order_by(tasks.c.deadline, tasks.c.task_id)).mappings().all()
    return [dict(r) for r in rows]


def awaiting_review(conn, plan_ids: list[str] | None) -> tuple[list[dict], list[dict]]:
    """(submitted results, extension requests) in the plans given (None: every plan)."""
    def query(*where):
        q = select(tasks).where(*where).order_by(tasks.c.deadline, tasks.c.task_id)
        if plan_ids is not None:
            q = q.where(tasks.c.plan_id.in_(plan_ids))
        return [dict(r) for r in conn.execute(q).mappings().all()]

    return (query(tasks.c.state == "submitted"),
            query(tasks.c.requested_deadline.is_not(None), tasks.c.state.in_(WORKING)))


def urgency(row: dict, now: datetime) -> str:
    """The task model's urgency (``workflows.task_rules.urgency``) of a projection row."""
    return task_rules.urgency(row["state"], row["deadline"], row.get("submitted_at"), now)
