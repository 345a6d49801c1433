"""Retention of submitted files (the Personal Data Protection Law): a plan may say how many
days after its period ends the files submitted for its tasks are erased.

Pure decisions, time as an argument: the scheduler asks, for each task of a plan whose
retention has run out, which files to erase; the answer is the event that records it.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any, Optional

from workflows.localtime import local_date, require_aware
from workflows.task_events import Attachment, ResultSubmitted, SubmissionFilesErased

MAX_DAYS = 36500  # a hundred years: beyond, keep the files and say so (None)


def checked_days(value: Any) -> Optional[int]:
    """A retention setting as given (a whole number of days, 0 or more, or None: keep the
    files), else ValueError saying what is wrong."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"retention_days must be a whole number of days, not {value!r}")
    if not 0 <= value <= MAX_DAYS:
        raise ValueError(f"retention_days must be between 0 and {MAX_DAYS}, not {value}")
    return value


def erasure_day(plan_end: date, days: int) -> date:
    """The first day the files may no longer be kept: ``days`` full days after the plan's last
    day (0: the day after it ends)."""
    return plan_end + timedelta(days=days + 1)


def is_due(plan_end: Optional[date], days: Optional[int], now: datetime) -> bool:
    require_aware(now)
    if plan_end is None or days is None:
        return False
    return local_date(now) >= erasure_day(plan_end, days)


def kept_files(history: Iterable) -> list[Attachment]:
    """The files of the task's submissions not yet erased, in the order they came."""
    kept: dict[str, Attachment] = {}
    for e in history:
        if isinstance(e, ResultSubmitted):
            for a in e.attachments:
                kept.setdefault(a.storage_key, a)
        elif isinstance(e, SubmissionFilesErased):
            for a in e.files:
                kept.pop(a.storage_key, None)
    return list(kept.values())


def erased_files(history: Iterable) -> dict[str, SubmissionFilesErased]:
    """storage key -> the event that erased it."""
    return {a.storage_key: e for e in history if isinstance(e, SubmissionFilesErased)
            for a in e.files}


def erase(history: Iterable, plan_end: Optional[date], days: Optional[int],
          now: datetime) -> list[SubmissionFilesErased]:
    """What to record for one task now: the erasure of its kept files once the plan's retention
    ran out, else nothing."""
    history = list(history)
    if not is_due(plan_end, days, now):
        return []
    files = kept_files(history)
    if not files:
        return []
    return [SubmissionFilesErased(tuple(files), now, plan_end, days)]
