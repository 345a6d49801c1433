"""The one home of the local day: Vietnam's time zone and the conversions deadlines need.

Stored times are UTC; days are counted in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). A
deadline "on 14/6" means until the end of that day where the people work, so a task is still
on time at 23:59 local, which is 16:59 UTC. Every reader that needs "today", "the end of the
deadline day" or "the day this happened" asks here.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@lru_cache(maxsize=8192)  # bounded: dashboards ask for the same few thousand days again and again
def end_of_day_utc(d: date) -> datetime:
    """The last microsecond of ``d`` in Vietnam, as an aware UTC datetime."""
    return datetime.combine(d, time.max, tzinfo=VN_TZ).astimezone(timezone.utc)


def start_of_day_utc(d: date) -> datetime:
    """Midnight at the start of ``d`` in Vietnam, as an aware UTC datetime."""
    return local_time_utc(d, time(0, 0))


def local_time_utc(d: date, t: time) -> datetime:
    """The UTC instant of wall-clock time ``t`` on day ``d`` in Vietnam."""
    return datetime.combine(d, t, tzinfo=VN_TZ).astimezone(timezone.utc)


def local_date(instant: datetime) -> date:
    """The Vietnamese calendar day of an aware instant ("today" is ``local_date(now)``).

    Naive datetimes are refused: guessing their zone is how a deadline slips by seven hours.
    """
    require_aware(instant)
    return instant.astimezone(VN_TZ).date()


def require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"need an aware datetime, got naive {instant!r}")
