"""Events of the one-click links in messages, on the stream ``links-<task_id>``.

Every use of a task link is a fact someone may need to check ("who opened this task without a
password, from where?"): granted or refused, with the address the request came from. They stay
off the task's own stream, whose versions the forms use as their optimistic lock: opening a
link must not make the page a colleague has open stale.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workflows.events import Event, event


@event
@dataclass(frozen=True)
class TaskLinkUsed(Event):
    task_id: str
    person_id: str
    address: str  # the client's IP address as the web server saw it
    issued_at: datetime
    outcome: str  # "granted", or why not (workflows.task_links)
