"""A small world built with the handlers: two agencies, a plan with targets, people per role."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select

from service.projections.tasks import tasks
from tests.workflows.test_activation import draft
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import Actor
from workflows.plan_events import PlanImported

ADMIN = Actor("bootstrap-admin", "administrator")
PASSWORD = "mat-khau-123"
START = datetime(2022, 4, 1, 2, 0, tzinfo=timezone.utc)


@dataclass
class World:
    plan_id: str
    health: str  # Sở Y tế
    police: str  # Công an tỉnh
    court: str
    people: dict  # username -> person_id
    one_off: str  # Sở Y tế's one-off task
    report_h1: str  # Sở Y tế's 6-month report 2022
    police_one_off: str


def plan_draft() -> dict:
    return draft(number="66/KH-UBND", title="Phòng, chống tệ nạn xã hội năm 2022", targets=[
        {"text": "Tập huấn cho 550 người", "value": 550, "unit": "người", "comparator": ">=",
         "percent": False, "line": 2},
        {"text": "Trên 95% xã có mô hình", "value": 95, "unit": None, "comparator": ">",
         "percent": True, "line": 2}])


def build(dd, clock) -> World:
    clock.set(START)
    bus = dd.bus
    health = bus.handle(c.RegisterAgency("Sở Y tế", "province"), ADMIN)
    police = bus.handle(c.RegisterAgency("Công an tỉnh", "province"), ADMIN)
    court = bus.handle(c.RegisterAgency("Tòa án nhân dân tỉnh", "province"), ADMIN)
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "cd" * 32, plan_draft())])
        uow.commit()
    bus.handle(c.ActivatePlan("p1"), ADMIN)
    people = {}
    for username, role, agency, plans in (
            ("admin", "administrator", None, ()), ("coord", "coordinator", None, ("p1",)),
            ("fp_health", "focal_point", health, ()), ("fp_police", "focal_point", police, ()),
            ("leader", "leader", None, ("p1",))):
        profile = Profile(username=username, name=f"Người {username}", role=role, agency_id=agency,
                          plan_ids=plans, email=f"{username}@example.gov.vn")
        people[username] = bus.handle(c.AddPerson(profile, password=PASSWORD), ADMIN)
    with dd.engine.connect() as conn:
        rows = conn.execute(select(tasks)).mappings().all()
    pick = {(r["agency_id"], r["kind"], r["period_key"]): r["task_id"] for r in rows}
    return World("p1", health, police, court, people, pick[(health, "one_off", None)],
                 pick[(health, "report", "2022-H1")], pick[(police, "one_off", None)])
