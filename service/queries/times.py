"""Days in Vietnam (times read back from the tables are aware UTC: service.tables.UtcDateTime)."""
from __future__ import annotations

from datetime import date, datetime

from workflows.classification import VN_TZ


def vn_today(now: datetime) -> date:
    """The date in Vietnam at the instant ``now``: deadlines are days there."""
    return now.astimezone(VN_TZ).date()
