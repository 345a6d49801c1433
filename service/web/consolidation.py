"""What a recipient consolidating periodic reports sees on its task: N of M reports received,
how many on time and late, and who has not sent yet.

A consolidation task has the senders' duty id with ":c" (``workflows.report_tasks``); a report
counts as received once submitted, judged on time against its own (extended) deadline by the
classification every dashboard uses.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from service.projections.tasks import tasks
from workflows.classification import TaskFacts, count


@dataclass(frozen=True)
class Received:
    received: int
    expected: int
    on_time: int
    late: int
    missing: list[str]  # agency ids that have not sent


def reports_received(conn, task: dict, now: datetime) -> Received | None:
    duty_id = task.get("duty_id") or ""
    if not duty_id.endswith(":c") or task.get("kind") != "report":
        return None
    rows = conn.execute(select(tasks).where(
        tasks.c.plan_id == task["plan_id"], tasks.c.duty_id == duty_id[:-2],
        tasks.c.period_key == task["period_key"], tasks.c.state != "cancelled")
        .order_by(tasks.c.agency_id)).all()
    sent = [r for r in rows if r.submitted_at is not None]
    counts = count((TaskFacts(r.task_id, r.plan_id, r.agency_id, r.deadline, done_at=r.submitted_at)
                    for r in sent), now)
    return Received(len(sent), len(rows), counts.done_on_time, counts.done_late,
                    [r.agency_id for r in rows if r.submitted_at is None])
