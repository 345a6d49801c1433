"""When the signed link in a message opens a task without a password, and when it no longer does.

A link names one task and one person and carries the moment it was issued. It grants that
person what they may do on that task (``workflows.permissions``) and nothing else, while:
- it is younger than the link lifetime (a setting, 14 days by default);
- the task is not finished (done or cancelled);
- the task has not changed hands since the link was issued (a reassignment ends it, even if the
  task later comes back: the message spoke of a task that was theirs then);
- the person is still active and may still view the task.
The decision is a reason code; the web layer words it for the reader.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

DEFAULT_LINK_DAYS = 14
CLOSED_STATES = frozenset({"done", "cancelled"})

EXPIRED, CLOSED, HANDED_OVER, NOT_THEIRS, UNKNOWN = (
    "expired", "closed", "handed_over", "not_theirs", "unknown")
GRANTED = "granted"


@dataclass(frozen=True)
class LinkFacts:
    """What is known now about the task and the person a link names."""

    task_state: Optional[str]  # None: no such task
    may_view: bool  # the person is active and may view the task (workflows.permissions)
    handed_over_at: Optional[datetime]  # the last reassignment of the task, if any


def link_refusal(facts: LinkFacts, issued_at: datetime, now: datetime,
                 days: int = DEFAULT_LINK_DAYS) -> Optional[str]:
    """None when the link still opens the task at ``now``, else the reason it does not."""
    if facts.task_state is None:
        return UNKNOWN
    if now - issued_at > timedelta(days=days):
        return EXPIRED
    if facts.task_state in CLOSED_STATES:
        return CLOSED
    if facts.handed_over_at is not None and facts.handed_over_at >= issued_at:
        return HANDED_OVER
    if not facts.may_view:
        return NOT_THEIRS
    return None
