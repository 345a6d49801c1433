"""An active plan with tasks of two agencies, the people of every role, and their tokens.

Agency A is "Sở Y tế", agency B "Công an tỉnh". Plan p1 gives both a one-off duty and a
semiannual report; plan p2 is B's alone, so nothing of it may reach A's focal point.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from service.auth.credentials import issue_token
from service.projections.agencies import agencies
from service.projections.tasks import tasks
from tests.workflows.test_activation import draft
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import Actor
from workflows.plan_events import PlanImported

ADMIN = Actor("admin", "administrator")
P2_TITLE = "Kế hoạch riêng của Công an tỉnh"
P2_DUTY = "Truy quét điểm nóng ma túy"


def p2_draft():
    return draft(title=P2_TITLE, number="99/KH-CA", reporting=[
        {"cadence": "semiannual", "recipient": None, "from": ["Công an tỉnh"], "due": None, "line": 9}], assignments=[
        {"agencies": ["Công an tỉnh"], "role": "lead", "duties": [
            {"text": P2_DUTY, "cooperating": [], "kind": "one_off", "line": 3}], "lines": [3, 3]}])


@dataclass
class World:
    tokens: dict  # role name -> token
    people: dict  # role name -> person id
    a: str  # agency ids
    b: str
    task_a: dict  # the one-off task rows
    task_b: dict
    b_tasks: list  # every task id of agency B (p1 and p2)
    p2_tasks: list

    def auth(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def add_person(dd, username, role, agency_id=None, plan_ids=()):
    return dd.bus.handle(c.AddPerson(Profile(username, username.title(), role, agency_id,
                                             tuple(plan_ids))), ADMIN)


@pytest.fixture
def world(dd, clock) -> World:
    clock.set(datetime(2022, 4, 1, 2, 0, tzinfo=timezone.utc))  # inside the 2022 plans
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "cd" * 32, draft())])
        uow.append("plan-p2", 0, [PlanImported("p2", "kh2.txt", "ef" * 32, p2_draft())])
        uow.commit()
    dd.bus.handle(c.ActivatePlan("p1"), ADMIN)
    dd.bus.handle(c.ActivatePlan("p2"), ADMIN)
    with dd.engine.connect() as conn:
        ids = dict(conn.execute(select(agencies.c.name, agencies.c.agency_id)).all())
        rows = conn.execute(select(tasks)).mappings().all()
    a, b = ids["Sở Y tế"], ids["Công an tỉnh"]
    people = {
        "admin": add_person(dd, "admin", "administrator"),
        "coordinator": add_person(dd, "coord", "coordinator", plan_ids=("p1", "p2")),
        "coordinator_p1": add_person(dd, "coord1", "coordinator", plan_ids=("p1",)),
        "focal_a": add_person(dd, "fpa", "focal_point", a),
        "focal_a2": add_person(dd, "fpa2", "focal_point", a),
        "focal_b": add_person(dd, "fpb", "focal_point", b),
        "leader_a": add_person(dd, "leada", "leader", a),
    }
    with dd.engine.begin() as conn:
        tokens = {k: issue_token(conn, pid, clock.now()) for k, pid in people.items()}
    one_off = {r["agency_id"]: dict(r) for r in rows if r["kind"] == "one_off" and r["plan_id"] == "p1"}
    return World(tokens, people, a, b, one_off[a], one_off[b],
                 [r["task_id"] for r in rows if r["agency_id"] == b],
                 [r["task_id"] for r in rows if r["plan_id"] == "p2"])
