"""No SMS at night: a reminder that wakes a focal point at 23:00 helps nobody.

The window is local time (Asia/Ho_Chi_Minh by default); ``now`` is always an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class QuietHours:
    start: time = time(21, 0)
    end: time = time(7, 0)
    time_zone: str = DEFAULT_TIME_ZONE

    def _local(self, now: datetime) -> datetime:
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("quiet hours need an aware datetime (with its time zone)")
        return now.astimezone(ZoneInfo(self.time_zone))

    def is_quiet(self, now: datetime) -> bool:
        clock = self._local(now).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def hold_until(self, now: datetime) -> datetime:
        """The first moment at or after ``now`` when an SMS may go out.

        ``now`` itself in daytime; else the end of the quiet window, in ``now``'s zone.
        """
        if not self.is_quiet(now):
            return now
        local = self._local(now)
        day = local.date()
        if self.start > self.end and local.time() >= self.start:
            day += timedelta(days=1)
        release = datetime.combine(day, self.end, tzinfo=local.tzinfo)
        return release.astimezone(now.tzinfo)


DEFAULT_QUIET_HOURS = QuietHours()


def hold_until(now: datetime, quiet_hours: QuietHours = DEFAULT_QUIET_HOURS) -> datetime:
    return quiet_hours.hold_until(now)
