"""Times read back from the projections: SQLite returns them naive (they are UTC)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from workflows.classification import VN_TZ


def aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def vn_today(now: datetime) -> date:
    """The date in Vietnam at the instant ``now``: deadlines are days there."""
    return now.astimezone(VN_TZ).date()
