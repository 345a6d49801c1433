"""What a message says: facts kept when it is queued, and what is added when it is sent.

At queue time a row keeps the task's facts (title, plan number, agency name, deadline) as the
read models hold them in that transaction. At send time come the parts that depend on the
moment and on settings: the links (base URL) and the working-day counts, so a message that
waited through an outage still says how late the task is on the day it arrives.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Mapping

from sqlalchemy import Connection, bindparam, select

from service.links import Links
from service.projections.agencies import agencies
from service.projections.plans import plans
from service.projections.tasks import tasks
from workflows.calendar import WorkingCalendar
from workflows.localtime import local_date

OPEN_STATES = ("open", "in_progress", "returned")

_TASK = (select(tasks.c.task_id, tasks.c.plan_id, tasks.c.agency_id, tasks.c.role, tasks.c.state,
                tasks.c.duty_text, tasks.c.period_label, tasks.c.deadline,
                plans.c.number.label("plan_number"), agencies.c.name.label("agency_name"))
         .select_from(tasks.outerjoin(plans, plans.c.plan_id == tasks.c.plan_id)
                      .outerjoin(agencies, agencies.c.agency_id == tasks.c.agency_id)))


_TASK_BY_ID = _TASK.where(tasks.c.task_id == bindparam("task_id"))  # built once: a hot path


def task_title(duty_text: str, period_label: str | None) -> str:
    return f"{duty_text} ({period_label})" if period_label else duty_text


def _facts(row) -> dict[str, Any]:
    return dict(task_id=row.task_id, plan_id=row.plan_id, agency_id=row.agency_id,
                role=row.role, state=row.state, deadline=row.deadline,
                task_title=task_title(row.duty_text, row.period_label),
                plan_number=row.plan_number or "", agency_name=row.agency_name or row.agency_id)


def task_facts(conn: Connection, task_id: str) -> dict[str, Any] | None:
    row = conn.execute(_TASK_BY_ID, {"task_id": task_id}).first()
    return _facts(row) if row else None


def open_tasks(conn: Connection, *where) -> list[dict[str, Any]]:
    rows = conn.execute(_TASK.where(tasks.c.state.in_(OPEN_STATES), *where)
                        .order_by(tasks.c.deadline, tasks.c.task_id))
    return [_facts(r) for r in rows]


def agency_name(conn: Connection, agency_id: str | None) -> str | None:
    if not agency_id:
        return None
    return conn.execute(select(agencies.c.name).where(agencies.c.agency_id == agency_id)).scalar()


def message_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a task's facts a message keeps."""
    keys = ("task_id", "task_title", "plan_number", "agency_name", "deadline")
    return {k: facts[k] for k in keys}


# -- at send time ------------------------------------------------------------------------------

def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def days_left(deadline, today: date, calendar: WorkingCalendar) -> int:
    """Working days to the deadline; 0 on the day; negative once it has passed."""
    deadline = _as_date(deadline)
    n = calendar.working_days_between(today, deadline)
    if deadline < today:
        return min(n, -1)
    return 0 if deadline == today else max(n, 1)


class SendContext:
    """Completes a stored context for rendering at ``now``."""

    def __init__(self, links: Links, calendar: WorkingCalendar):
        self.links = links
        self.base_url = links.base_url.rstrip("/")
        self.calendar = calendar

    def task_url(self, task_id: str, person_id: str | None = None,
                 now: datetime | None = None) -> str:
        """In an email, a signed one-click link that opens the task (service.links); in an SMS
        (person_id None), the task page's plain address: a signed token would cost a segment."""
        if person_id is None:
            return f"{self.base_url}/nhiem-vu/{task_id}"
        return self.links.task(task_id, person_id, issued_at=now)

    def _task(self, item: Mapping, now: datetime, person_id: str | None) -> dict:
        left = days_left(item["deadline"], local_date(now), self.calendar)
        return {**item, "task_url": self.task_url(item["task_id"], person_id, now), "days_left": left,
                "days_overdue": max(-left, 1)}

    def complete(self, kind: str, context: Mapping[str, Any], now: datetime,
                 person_id: str | None = None) -> dict[str, Any]:
        ctx = {**context, "dashboard_url": f"{self.base_url}/"}
        if "task_id" in ctx and "deadline" in ctx:
            ctx = self._task(ctx, now, person_id)
        if kind in ("daily_digest", "escalation_list"):
            ctx["tasks"] = [self._task(t, now, person_id) for t in ctx.get("tasks", [])]
        if kind == "weekly_summary":
            ctx["agencies"] = [{**a, "tasks": [self._task(t, now, person_id) for t in a["tasks"]]}
                               for a in ctx.get("agencies", [])]
        return ctx
