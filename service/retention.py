"""Erasing submitted files once their plan's retention has run out (``retention_days`` after
the plan's period ends; workflows.retention decides, with ``now`` as an argument).

For each task the erasure is recorded first (SubmissionFilesErased on the task's stream: which
files, when), then the files are removed. A crash between the two leaves files that the log
already calls erased: every run removes those as well, so the log's word comes true.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from service.db import read_only
from service.eventlog.store import ConcurrencyError, EventStore, Meta
from service.projections.plans import plans
from service.projections.tasks import tasks
from workflows import retention

RETENTION = Meta(actor="scheduler")


@dataclass
class ErasureReport:
    plans: int = 0  # plans whose retention has run out
    tasks: int = 0  # tasks whose files were erased by this run
    files: int = 0  # files erased by this run
    leftovers: int = 0  # files recorded as erased earlier but still on disk, now removed

    def __str__(self) -> str:
        return (f"retention: {self.files} files of {self.tasks} tasks erased "
                f"({self.plans} plans past their retention, {self.leftovers} left over removed)")


def upload_dir(dd) -> Path:
    return Path(dd.settings.instance_path) / "uploads"


def erase_expired(dd, now: datetime) -> ErasureReport:
    report = ErasureReport()
    with read_only(dd.engine) as conn:
        rows = conn.execute(select(plans.c.plan_id, plans.c.period_end, plans.c.settings)
                            .where(plans.c.status == "active")).all()
    for plan_id, period_end, settings in rows:
        days = (settings or {}).get("retention_days")
        if not retention.is_due(period_end, days, now):
            continue
        report.plans += 1
        with read_only(dd.engine) as conn:
            task_ids = conn.execute(select(tasks.c.task_id).where(tasks.c.plan_id == plan_id)
                                    .order_by(tasks.c.task_id)).scalars().all()
        for task_id in task_ids:
            _erase_task(dd, task_id, period_end, days, now, report)
    return report


def _erase_task(dd, task_id: str, period_end, days: int, now: datetime, report: ErasureReport,
                tries: int = 5) -> None:
    stream = f"task-{task_id}"
    for attempt in range(tries):
        with dd.uow(RETENTION) as uow:
            history = [e.event for e in uow.events.read_stream(stream)]
            events = retention.erase(history, period_end, days, now)
            if not events:
                break
            try:
                uow.append(stream, len(history), events)
                uow.commit()
            except ConcurrencyError:  # someone acted on the task meanwhile: read it again
                if attempt == tries - 1:
                    raise
                continue
        report.tasks += 1
        for a in events[0].files:
            report.files += 1
            (upload_dir(dd) / a.storage_key).unlink(missing_ok=True)
        break
    for key in retention.erased_files(history):  # recorded by an earlier run that died
        path = upload_dir(dd) / key
        if path.is_file():
            path.unlink()
            report.leftovers += 1


def erased_in(conn, task_id: str) -> dict:
    """storage key -> the SubmissionFilesErased that erased it, for the task."""
    return retention.erased_files(e.event for e in EventStore(conn).read_stream(f"task-{task_id}"))
