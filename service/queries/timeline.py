"""A task's timeline: every event of its stream, oldest first, with who did it and when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import select

from service.eventlog.store import EventStore
from service.projections.people import people


@dataclass(frozen=True)
class TimelineEntry:
    version: int
    type: str
    at: datetime
    actor: Optional[str]  # a person id, "cli:<user>", or None (the scheduler)
    actor_name: Optional[str]
    agency_id: Optional[str]  # the actor's agency when they acted
    request_id: Optional[str]
    data: dict


def task_timeline(conn, task_id: str) -> list[TimelineEntry]:
    """Call only for a task the actor may view (see queries.tasks.get_task)."""
    history = EventStore(conn).read_stream(f"task-{task_id}")
    ids = {e.meta.get("actor") for e in history} - {None}
    names = dict(conn.execute(select(people.c.person_id, people.c.name)
                              .where(people.c.person_id.in_(sorted(ids)))).all()) if ids else {}
    return [TimelineEntry(e.version, e.type, e.recorded_at, e.meta.get("actor"),
                          names.get(e.meta.get("actor")), e.meta.get("agency"),
                          e.meta.get("request_id"), e.data) for e in history]
