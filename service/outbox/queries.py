"""What the web pages ask of the outbox: failed deliveries, people nobody can reach, counts.

Each function takes a connection and returns plain dicts (times aware UTC), newest first.
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import Connection, func, or_, select

from service.outbox.recipients import as_recipient
from service.outbox.tables import NO_CONTACT, outbox as o
from service.projections.people import people
from service.projections.tasks import tasks

_ROW = (o.c.id, o.c.kind, o.c.channel, o.c.status, o.c.person_id, o.c.address, o.c.task_id,
        o.c.attempts, o.c.last_error, o.c.context, o.c.created_at, o.c.sent_at,
        o.c.next_attempt_at, o.c.provider_id)


def _dict(row) -> dict:
    d = dict(row._mapping)
    context = d.pop("context") or {}
    listed = context.get("tasks") or [{}]  # a list of escalations about one task names it
    d["task_title"] = context.get("task_title") or (listed[0].get("task_title")
                                                     if len(listed) == 1 else None)
    return d


def _in_plans(plan_ids: Iterable[str] | None):
    if plan_ids is None:
        return True
    # Rows about no single task (digests, summaries, a task unknown) are shown to everyone.
    return or_(o.c.task_id.is_(None), tasks.c.plan_id.in_(list(plan_ids)))


def failed_deliveries(conn: Connection, plan_ids: Iterable[str] | None = None,
                      limit: int = 200) -> list[dict]:
    """Messages that failed for good, newest first, with the person's name: refused
    addresses, exhausted retries, template errors, and people with no usable contact
    (``last_error == NO_CONTACT``) or nobody to tell at all (``person_id`` None)."""
    query = (select(*_ROW, people.c.name.label("person_name"), tasks.c.agency_id.label("task_agency_id"),
                    tasks.c.plan_id)
             .select_from(o.outerjoin(tasks, tasks.c.task_id == o.c.task_id)
                          .outerjoin(people, people.c.person_id == o.c.person_id))
             .where(o.c.status == "failed", _in_plans(plan_ids))
             .order_by(o.c.created_at.desc(), o.c.id.desc()).limit(limit))
    return [_dict(r) for r in conn.execute(query)]


def unreachable_people(conn: Connection, agency_ids: Iterable[str] | None = None) -> list[dict]:
    """Active people who chose no channel they can be reached on (no email, no phone)."""
    query = select(people).where(people.c.active.is_(True)).order_by(people.c.name)
    if agency_ids is not None:
        query = query.where(people.c.agency_id.in_(list(agency_ids)))
    found = []
    for row in conn.execute(query):
        if not as_recipient(row).addresses():
            found.append(dict(person_id=row.person_id, name=row.name, role=row.role,
                              agency_id=row.agency_id, channels=list(row.channels or ()),
                              email=row.email, phone=row.phone, reason=NO_CONTACT))
    return found


def messages_for_task(conn: Connection, task_id: str) -> list[dict]:
    query = (select(*_ROW, people.c.name.label("person_name"))
             .select_from(o.outerjoin(people, people.c.person_id == o.c.person_id))
             .where(o.c.task_id == task_id).order_by(o.c.created_at.desc(), o.c.id.desc()))
    return [_dict(r) for r in conn.execute(query)]


def status_counts(conn: Connection, plan_ids: Iterable[str] | None = None) -> dict[str, int]:
    """{status: rows} of the messages about these plans (None: all), for a health page (a
    growing ``pending`` means no dispatcher runs)."""
    query = select(o.c.status, func.count()).group_by(o.c.status)
    if plan_ids is not None:
        query = query.select_from(o.outerjoin(tasks, tasks.c.task_id == o.c.task_id)).where(
            _in_plans(plan_ids))
    return dict(conn.execute(query).all())
