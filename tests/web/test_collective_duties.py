"""The plan page of a plan with a collective duty: N of M communes done, who is missing, the
coordinator's choice of when it counts complete; the draft's note before activation; the
commune's task page with the count (issue 13)."""
import re
from pathlib import Path

from sqlalchemy import select

from service.projections.tasks import tasks
from tests.web.world import ADMIN
from workflows import commands as c
from workflows.permissions import Actor

PLAN = Path(__file__).resolve().parents[1] / "service" / "plans" / "quangninh_2025_collective.txt"


def collective_plan(dd, activate=True) -> str:
    plan_id = dd.bus.handle(c.ImportPlan(PLAN.name, PLAN.read_bytes(), coordinators=("coord",)), ADMIN).plan_id
    if activate:
        dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    return plan_id


def finish_some(dd, plan_id, n) -> list[str]:
    duty = f"{plan_id}:a1:d0"
    with dd.engine.connect() as conn:
        held = conn.execute(select(tasks.c.task_id, tasks.c.agency_id).where(tasks.c.duty_id == duty)
                            .order_by(tasks.c.task_id)).all()
    for task_id, agency_id in held[:n]:
        dd.bus.handle(c.SubmitResult(task_id, text="Đã tiêm"), Actor("fp", "focal_point", agency_id=agency_id))
        dd.bus.handle(c.AcceptSubmission(task_id), ADMIN)
    return [t for t, _ in held]


def test_the_draft_says_how_many_communes_the_collective_becomes(as_user, dd, world):
    plan_id = collective_plan(dd, activate=False)
    html = as_user("coord").text(f"/ke-hoach/{plan_id}")
    assert "Ủy ban nhân dân các xã, phường, đặc khu: khi kích hoạt, mỗi đơn vị trong 54 đơn vị" in html


def test_the_plan_page_counts_n_of_m_and_the_coordinator_sets_the_quorum(as_user, dd, world):
    plan_id = collective_plan(dd)
    held = finish_some(dd, plan_id, 2)
    coord = as_user("coord")
    html = coord.text(f"/ke-hoach/{plan_id}")
    section = html[html.index('id="tap-the"'):]
    assert "2/54 đã hoàn thành" in section and "Nhiệm vụ chưa hoàn thành" in section
    assert "Còn thiếu 52 đơn vị" in section and "UBND" in section
    response = coord.post(f"/ke-hoach/{plan_id}/tap-the", {"duty_id": f"{plan_id}:a1:d0", "rule": "quorum",
                                                           "quorum": "2"})
    assert response.status_code == 302
    html = coord.text(f"/ke-hoach/{plan_id}")
    block = re.search(rf'data-duty="{plan_id}:a1:d0".*?</div>', html, re.S).group(0)
    assert "Nhiệm vụ đã hoàn thành" in block and "tính hoàn thành khi đủ 2 đơn vị" in block
    coord.post(f"/ke-hoach/{plan_id}/tap-the", {"duty_id": f"{plan_id}:a1:d0", "rule": "quorum", "quorum": "99"})
    html = coord.text(f"/ke-hoach/{plan_id}")
    assert "Số đơn vị cần hoàn thành phải là một số từ 1 đến số đơn vị được giao." in html
    # the commune's own task page: the count, not the other communes' names
    with dd.engine.connect() as conn:
        agency = conn.execute(select(tasks.c.agency_id).where(tasks.c.task_id == held[5])).scalar_one()
    page = coord.text(f"/nhiem-vu/{held[5]}")
    assert "2/54 đã hoàn thành" in page and "Còn thiếu 52 đơn vị" in page
    assert agency


def test_a_focal_point_may_not_set_the_quorum(as_user, dd, world):
    plan_id = collective_plan(dd)
    fp = as_user("fp_health")
    fp.post(f"/ke-hoach/{plan_id}/tap-the", {"duty_id": f"{plan_id}:a1:d0", "rule": "quorum", "quorum": "2"})
    with dd.uow() as uow:
        assert [e.type for e in uow.events.read_stream(f"plan-{plan_id}")][-1] == "PlanActivated"


def test_the_api_duties_say_the_collective_and_its_quorum(app, dd, world):
    from service.auth.credentials import issue_token

    plan_id = collective_plan(dd)
    finish_some(dd, plan_id, 2)
    dd.bus.handle(c.SetCollectiveQuorum(plan_id, f"{plan_id}:a1:d0", 2), ADMIN)
    with dd.engine.begin() as conn:
        token = issue_token(conn, world.people["coord"], dd.clock.now())
    r = app.test_client().get(f"/api/v1/plans/{plan_id}/duties", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    (duty,) = [d for d in r.json["items"] if d["duty_id"] == f"{plan_id}:a1:d0"]
    assert (duty["done"], duty["total"], duty["quorum"], duty["complete"]) == (2, 54, 2, True)
    assert duty["collectives"] == ["Ủy ban nhân dân các xã, phường, đặc khu"]
    lead = next(d for d in r.json["items"] if d["duty_id"] == f"{plan_id}:a0:d0")
    assert (lead["collectives"], lead["quorum"], lead["complete"]) == (None, None, False)
