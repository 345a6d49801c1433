"""Deadlines of tasks: when a periodic report or a one-off duty is due.

A deadline is a calendar day in Vietnam; the task is on time until the end of that day
(:func:`deadline_instant`). Whatever its source, a deadline that falls on a day off moves to
the next working day: Civil Code 2015, art. 148(5) ("nếu ngày cuối cùng của thời hạn là ngày
nghỉ ... thì thời hạn kết thúc tại thời điểm kết thúc ngày làm việc tiếp theo").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workflows.calendar import WorkingCalendar
from workflows.periods import Period


@dataclass(frozen=True)
class DeadlinePolicy:
    """Per-plan setting: how many working days after a period's cut-off its report is due.

    Decree 09/2019 leaves the sending deadline to each reporting regime; provincial rules
    commonly allow a couple of working days after the 14th, hence the default of 2.
    """

    days_after_cutoff: int = 2
    #: working days the recipient has, after the senders' deadline, to consolidate their reports
    consolidation_days: int = 3

    def __post_init__(self) -> None:
        for name in ("days_after_cutoff", "consolidation_days"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 or more, got {getattr(self, name)}")


def report_deadline(
    period: Period,
    policy: DeadlinePolicy,
    calendar: WorkingCalendar,
    explicit: date | None = None,
) -> date:
    """The day a periodic report for ``period`` is due.

    An explicit date written in the plan for this period ("trước ngày 15/6") wins over the
    policy; otherwise the cut-off plus ``policy.days_after_cutoff`` working days (counted from
    the day after the cut-off, so a Saturday cut-off with 2 days gives the Tuesday). Either way
    the result is a working day. Turning "trước ngày 15/6" into a date is the importer's job.
    """
    if explicit is not None:
        return calendar.next_working_day(explicit)
    due = calendar.add_working_days(period.end, policy.days_after_cutoff)
    return calendar.next_working_day(due)


def duty_deadline(
    calendar: WorkingCalendar,
    plan_end: date,
    explicit: date | None = None,
) -> date:
    """The day a one-off duty is due: its explicit date, else the end of the plan's period.

    A plan for 2024 with an undated duty expects it done by 31/12/2024; when that is a day off,
    the deadline is the next working day (art. 148), even if that falls in the next year.
    """
    return calendar.next_working_day(explicit if explicit is not None else plan_end)


def consolidation_deadline(calendar: WorkingCalendar, policy: DeadlinePolicy, last_sender: date) -> date:
    """When the recipient's consolidated report is due: working days after the senders' last deadline."""
    return calendar.next_working_day(calendar.add_working_days(last_sender, policy.consolidation_days))


def extended_deadline(calendar: WorkingCalendar, granted: date) -> date:
    """The deadline after an extension (gia hạn) granted to ``granted``, moved to a working day."""
    return calendar.next_working_day(granted)
