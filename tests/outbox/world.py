"""A small world to send messages about: two agencies, a plan, tasks, people."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service.outbox.digests import queue_escalation_lists
from service.outbox.tables import outbox
from workflows.people_events import PersonAdded, Profile
from workflows.plan_events import AgencyRegistered, PlanImported
from workflows.task_events import DutyRole, Escalated, TaskCreated, TaskKind

PLAN = "p1"
HEALTH, COURT = "a-yte", "a-toaan"


def seed(dd) -> None:
    with dd.uow() as uow:
        uow.append(f"agency-{HEALTH}", 0, [AgencyRegistered(HEALTH, "Sở Y tế", "province")])
        uow.append(f"agency-{COURT}", 0, [AgencyRegistered(COURT, "Tòa án nhân dân tỉnh",
                                                            "province")])
        uow.append(f"plan-{PLAN}", 0, [PlanImported(PLAN, "kh.txt", "ab" * 32,
                                                    {"number": "66/KH-UBND"})])
        uow.commit()


def add_task(dd, task_id: str, deadline: date, agency_id: str = HEALTH,
             title: str | None = None, role: DutyRole = DutyRole.LEAD) -> str:
    with dd.uow() as uow:
        uow.append(f"task-{task_id}", 0, [TaskCreated(
            task_id, PLAN, f"d-{task_id}", title or f"Nhiệm vụ {task_id}", agency_id, role,
            TaskKind.ONE_OFF, deadline)])
        uow.commit()
    return task_id


def add_person(dd, person_id: str, role: str, agency_id: str | None = None,
               email: str | None = None, phone: str | None = None,
               channels=("email", "sms"), is_leader=False, plan_ids=()) -> str:
    profile = Profile(person_id, f"Người {person_id}", role, agency_id, tuple(plan_ids), email,
                      phone, tuple(channels), is_leader=is_leader)
    with dd.uow() as uow:
        uow.append(f"person-{person_id}", 0, [PersonAdded(person_id, profile)])
        uow.commit()
    return person_id


def happen(dd, task_id: str, *events) -> None:
    """Append to a task's stream as the scheduler or a handler would; escalations are listed
    for their people as the end of a sweep lists them."""
    with dd.uow() as uow:
        stream = f"task-{task_id}"
        uow.append(stream, uow.events.stream_version(stream), list(events))
        uow.commit()
    if any(isinstance(e, Escalated) for e in events):
        with dd.engine.begin() as conn:
            queue_escalation_lists(conn, dd.clock.now())


def rows(dd, **where) -> list:
    """Outbox rows; those folded into a digest or a list (``merged``) only when asked for."""
    query = select(outbox).order_by(outbox.c.id)
    if "status" not in where:
        query = query.where(outbox.c.status != "merged")
    for k, v in where.items():
        query = query.where(outbox.c[k] == v)
    with dd.engine.connect() as conn:
        return conn.execute(query).all()


def stream(dd, stream_id: str) -> list:
    with dd.uow() as uow:
        return [e.event for e in uow.events.read_stream(stream_id)]
