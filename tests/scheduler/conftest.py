"""Plans and tasks for the scheduler's tests, and a readable view of what the scheduler did."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from service.eventlog.store import NewStream
from service.eventlog.tables import events
from service.projections.agencies import agencies
from service.projections.tasks import tasks
from service.scheduler.projection import task_schedule
from tests.service.test_plan_activation import ADMIN
from tests.workflows.test_activation import draft
from workflows import commands as c
from workflows.localtime import VN_TZ
from workflows.plan_events import PlanImported
from workflows.task_events import DutyRole, TaskCreated, TaskKind

SCHEDULER_EVENTS = ("ReminderSent", "ReminderSkipped", "BecameOverdue", "Escalated")
SHORT = {"Sở Y tế": "YT", "Công an tỉnh": "CA", "Tòa án nhân dân tỉnh": "TA"}


def local(text: str) -> datetime:
    """'2022-06-07 08:00' in Vietnam, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


@pytest.fixture
def plan(dd, clock):
    """The 2022 plan of tests.workflows.test_activation, activated on 4/1/2022: tasks by label
    (YT/CA/TA and one_off/report), e.g. ``plan["YT", "report"]``: Sở Y tế and Công an tỉnh
    have a one-off duty, and the three of them, the court as a requested body, report H1."""
    clock.set(local("2022-01-04 09:00"))
    d = draft(reporting=[{"cadence": "semiannual", "recipient": None, "due": None, "line": 9,
                          "from": ["Sở Y tế", "Công an tỉnh", "Tòa án nhân dân tỉnh"]}])
    d["assignments"][0]["duties"] = d["assignments"][0]["duties"][:1]  # the one-off training
    d["assignments"][1]["duties"] = []  # the court, requested: it only reports
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "ef" * 32, d)])
        uow.commit()
    dd.bus.handle(c.ActivatePlan("p1"), ADMIN)
    with dd.engine.connect() as conn:
        rows = conn.execute(select(tasks.c.task_id, tasks.c.kind, agencies.c.name)
                            .join(agencies, agencies.c.agency_id == tasks.c.agency_id)).all()
    return {(SHORT[name], kind): task_id for task_id, kind, name in rows}


def bulk_tasks(dd, n: int, deadline: date, plan_id: str = "bulk", role=DutyRole.LEAD) -> list[str]:
    """``n`` tasks created straight on the log (no plan row: the default policy applies)."""
    ids = [f"{plan_id}-{i:05d}" for i in range(n)]
    streams = [NewStream(f"task-{t}", 0, [TaskCreated(t, plan_id, f"{plan_id}:d", "Báo cáo",
                                                      f"ag-{i % 7}", role, TaskKind.ONE_OFF,
                                                      deadline)])
               for i, t in enumerate(ids)]
    with dd.uow() as uow:
        for i in range(0, n, 2000):
            uow.append_batch(streams[i:i + 2000])
        uow.commit()
    return ids


def scheduler_log(dd, labels: dict | None = None) -> list[tuple[str, str, str, str]]:
    """(local time, task label, event type, rule) of every event the scheduler appended."""
    names = {v: k for k, v in (labels or {}).items()}
    with dd.engine.connect() as conn:
        rows = conn.execute(select(events.c.stream_id, events.c.type, events.c.data,
                                   events.c.recorded_at)
                            .where(events.c.type.in_(SCHEDULER_EVENTS))
                            .order_by(events.c.position)).all()
    out = []
    for stream, type_, data, at in rows:
        task_id = stream.removeprefix("task-")
        label = "/".join(names[task_id]) if task_id in names else task_id
        when = at.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M")
        out.append((when, label, type_, data.get("rule", "overdue")))
    return out


def key_counts(dd) -> dict[str, int]:
    """How many events carry each idempotency key (overdue marks keyed by task and deadline)."""
    counts: dict[str, int] = {}
    with dd.engine.connect() as conn:
        for stream, type_, data in conn.execute(
                select(events.c.stream_id, events.c.type, events.c.data)
                .where(events.c.type.in_(SCHEDULER_EVENTS))):
            key = data.get("key") or f"{stream.removeprefix('task-')}:overdue:{data['deadline']}"
            counts[key] = counts.get(key, 0) + 1
    return counts


def next_due(dd) -> datetime | None:
    with dd.engine.connect() as conn:
        return conn.execute(select(func.min(task_schedule.c.next_action_at))).scalar()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
