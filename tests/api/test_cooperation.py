"""A cooperating agency's focal point sees and comments on the task it helps with, and does
nothing else to it; other agencies do not see it at all."""
from sqlalchemy import select

from service.projections.tasks import tasks
from datetime import date

from service.auth.credentials import issue_token
from tests.api.conftest import add_person
from tests.workflows.test_activation import draft
from workflows.plan_events import PlanImported
from workflows.task_events import DutyRole, TaskCreated, TaskKind


def test_cooperating_focal_point(client, dd, clock, world):
    # Activation keeps cooperating agencies as the plan names them (see the report), so the
    # task is created here with the agency's id, as the permissions expect.
    with dd.uow() as uow:
        uow.append("plan-p3", 0, [PlanImported("p3", "kh3.txt", "aa" * 32, draft(title="Phối hợp"))])
        uow.append("task-coop", 0, [TaskCreated("coop", "p3", "p3:a0:d0", "Kiểm tra liên ngành",
                                                world.b, DutyRole.LEAD, TaskKind.ONE_OFF,
                                                date(2022, 12, 30), cooperating=(world.a,))])
        uow.commit()
    with dd.engine.connect() as conn:
        row = conn.execute(select(tasks).where(tasks.c.plan_id == "p3")).mappings().one()
    assert row["agency_id"] == world.b and row["cooperating"] == [world.a]
    tid = row["task_id"]

    listed = client.get("/api/v1/tasks?plan=p3", headers=world.auth("focal_a")).json["items"]
    assert [t["task_id"] for t in listed] == [tid]
    assert client.get("/api/v1/plans/p3", headers=world.auth("focal_a")).status_code == 200
    assert client.get(f"/api/v1/tasks/{tid}/timeline", headers=world.auth("focal_a")).status_code == 200
    r = client.post(f"/api/v1/tasks/{tid}/comments", headers=world.auth("focal_a"),
                    json={"expected_version": 1, "text": "Sở Y tế cử 2 cán bộ"})
    assert r.status_code == 200
    r = client.post(f"/api/v1/tasks/{tid}/start", headers=world.auth("focal_a"),
                    json={"expected_version": 2})
    assert r.status_code == 403 and r.json["error"] == "forbidden"

    with dd.engine.connect() as conn:
        court_id = conn.execute(select(tasks.c.agency_id).where(tasks.c.role == "requested")).scalar()
    pid = add_person(dd, "fpc", "focal_point", court_id)
    with dd.engine.begin() as conn:
        token = issue_token(conn, pid, clock.now())
    other = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/tasks/{tid}", headers=other).status_code == 404
    assert client.get("/api/v1/plans/p3", headers=other).status_code == 404
