"""Delivery events: what became of a message the outbox sent about a task (or to a person).

They go on the task's stream, so the timeline shows "reminder emailed to ... at 07:31" or
"SMS to +84... refused"; a message about no single task (a digest, a weekly summary) goes on
the stream ``messages-<person_id>``. Only outcomes are events: a retry after a transient error
is not a fact anyone acts on, so it stays in the outbox row.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from workflows.events import Event, event


@event
@dataclass(frozen=True)
class MessageSent(Event):
    outbox_id: int
    kind: str
    channel: str  # email | sms
    recipient: str  # person id
    provider_id: Optional[str] = None


@event
@dataclass(frozen=True)
class MessageFailed(Event):
    outbox_id: int
    kind: str
    channel: str
    recipient: str
    error: str
    permanent: bool


MESSAGE_EVENTS: tuple[type[Event], ...] = (MessageSent, MessageFailed)
