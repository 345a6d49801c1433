"""A task's timeline: every event of its stream, oldest first, with who did it and when.

Submissions belong to the agency that wrote them: a reader from another agency (one the task
was later given to, or taken from) sees that a result was submitted, not its text, figures or
files, unless a coordinator shared it (``SubmissionShared``). The plan's coordinators and
leaders, and administrators, read everything.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import select

from service.eventlog.store import EventStore
from service.projections.people import people
from workflows.permissions import Actor, UserRole
from workflows.tasks import Task

REDACTED = {"redacted": True}


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
    shareable: bool = False  # a result of an earlier agency the current one cannot read yet


def task_timeline(conn, task_id: str, actor: Actor) -> list[TimelineEntry]:
    """Call only for a task the actor may view (see queries.tasks.get_task)."""
    history = EventStore(conn).read_stream(f"task-{task_id}")
    task = Task.from_events(e.event for e in history)
    hidden = set() if reads_every_result(actor, task) else {
        v for v in task.submitted_by if not task.may_read_submission(v, actor.agency_id)}
    ids = {e.meta.get("actor") for e in history} - {None}
    names = dict(conn.execute(select(people.c.person_id, people.c.name)
                              .where(people.c.person_id.in_(sorted(ids)))).all()) if ids else {}
    # an erasure names the files it erased: not those of a submission the reader cannot read
    hidden_files = {a.storage_key for e in history if e.version in hidden
                    for a in getattr(e.event, "attachments", ())}
    return [TimelineEntry(e.version, e.type, e.recorded_at, e.meta.get("actor"),
                          names.get(e.meta.get("actor")), e.meta.get("agency"),
                          e.meta.get("request_id"),
                          {**REDACTED, "agency_id": task.submitted_by[e.version]}
                          if e.version in hidden else _without(e.current_data, hidden_files),
                          e.version in task.submitted_by and e.version not in hidden
                          and not task.may_read_submission(e.version, task.agency_id))
            for e in history]


def _without(data: dict, hidden_files: set) -> dict:
    if not hidden_files or "files" not in data:
        return data
    return {**data, "files": [REDACTED if f.get("storage_key") in hidden_files else f
                              for f in data["files"]]}


def reads_every_result(actor: Actor, task: Task) -> bool:
    if actor.role is UserRole.ADMINISTRATOR:
        return True
    return (actor.role in (UserRole.COORDINATOR, UserRole.LEADER)
            and task.plan_id in actor.plan_ids)
