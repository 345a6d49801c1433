"""What the coordinator's dashboard hands the pages: the board, its filters, a report's status."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from workflows.classification import Counts
from workflows.localtime import end_of_day_utc

SHOWN_PER_AGENCY = 30

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
# several report duties in one period: the worst status shows
SEVERITY = [ON_TIME, PENDING, LATE, MISSING]


@dataclass
class Dashboard:
    total: Counts
    by_agency: dict[str, Counts]
    by_plan: dict[str, Counts]
    overdue: dict[str, tuple[int, list]]  # agency_id -> (how many, the first rows by deadline)
    periods: list[tuple[str, str]]  # (period_key, label), in order
    grid: dict[str, dict[str, str]] = field(default_factory=dict)  # agency -> period -> status
    rows: list = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    plan_id: Optional[str] = None
    agency_id: Optional[str] = None
    kind: Optional[str] = None
    status: Optional[str] = None  # a classification Status value
    plan_ids: tuple[str, ...] = ()  # the plan and the lower plans implementing it (the cascade)

    @property
    def plans(self) -> tuple[str, ...]:
        """The plans counted: the cascade's when asked for, else the one plan (or none: all)."""
        return self.plan_ids or ((self.plan_id,) if self.plan_id else ())


def report_status(r, now: datetime) -> str:
    end = end_of_day_utc(r.deadline)
    submitted = r.submitted_at
    if r.state in ("submitted", "done") and submitted is not None:
        return ON_TIME if submitted <= end else LATE
    return MISSING if now > end else PENDING
