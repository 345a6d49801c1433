"""Task commands through the bus: who may, what changes, and what is refused."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from service.eventlog.store import ConcurrencyError
from service.projections.tasks import tasks
from tests.service.test_plan_activation import ADMIN
from tests.workflows.test_activation import draft
from workflows import commands as c
from workflows.permissions import Actor, PermissionDenied
from workflows.plan_events import PlanImported
from workflows.tasks import TransitionRefused


@pytest.fixture
def active(dd, clock):
    clock.set(datetime(2022, 4, 1, 2, 0, tzinfo=timezone.utc))  # inside the 2022 plan
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "cd" * 32, draft())])
        uow.commit()
    dd.bus.handle(c.ActivatePlan("p1"), ADMIN)
    with dd.engine.connect() as conn:
        rows = conn.execute(select(tasks).order_by(tasks.c.task_id)).mappings().all()
    return {(r["agency_id"], r["kind"]): r for r in rows}


def task_row(dd, task_id):
    with dd.engine.connect() as conn:
        return conn.execute(select(tasks).where(tasks.c.task_id == task_id)).mappings().one()


def people(row):
    fp = Actor("fp", "focal_point", agency_id=row["agency_id"])
    coord = Actor("co", "coordinator", plan_ids={"p1"})
    return fp, coord


def first_one_off(active):
    return next(r for (a, k), r in active.items() if k == "one_off")


def test_submit_return_resubmit_accept(dd, active, clock):
    row = first_one_off(active)
    fp, coord = people(row)
    tid = row["task_id"]
    dd.bus.handle(c.StartTask(tid), fp)
    dd.bus.handle(c.SubmitResult(tid, text="Đã tổ chức 3 lớp tập huấn"), fp)
    assert task_row(dd, tid)["state"] == "submitted"
    dd.bus.handle(c.ReturnSubmission(tid, reason="Thiếu số liệu"), coord)
    assert task_row(dd, tid)["state"] == "returned"
    dd.bus.handle(c.SubmitResult(tid, text="Đã bổ sung"), fp)
    dd.bus.handle(c.AcceptSubmission(tid), coord)
    r = task_row(dd, tid)
    assert r["state"] == "done" and r["done_at"] is not None


def test_focal_point_of_another_agency_is_refused(dd, active):
    row = first_one_off(active)
    other = Actor("x", "focal_point", agency_id="someone-else")
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.StartTask(row["task_id"]), other)
    assert task_row(dd, row["task_id"])["state"] == "open"


def test_stale_version_is_a_conflict(dd, active):
    row = first_one_off(active)
    fp, _ = people(row)
    dd.bus.handle(c.StartTask(row["task_id"], expected_version=1), fp)
    with pytest.raises(ConcurrencyError):
        dd.bus.handle(c.CommentOnTask(row["task_id"], expected_version=1, text="hi"), fp)


def test_illegal_transition_changes_nothing(dd, active):
    row = first_one_off(active)
    _, coord = people(row)
    with pytest.raises(TransitionRefused, match="open"):
        dd.bus.handle(c.AcceptSubmission(row["task_id"]), coord)
    assert task_row(dd, row["task_id"])["version"] == 1


def test_extension_request_and_grant_moves_the_deadline(dd, active, clock):
    row = first_one_off(active)
    fp, coord = people(row)
    new = row["deadline"] + timedelta(days=20)
    dd.bus.handle(c.RequestExtension(row["task_id"], new_deadline=new, reason="Chờ số liệu"), fp)
    assert task_row(dd, row["task_id"])["requested_deadline"] == new
    dd.bus.handle(c.GrantExtension(row["task_id"]), coord)
    r = task_row(dd, row["task_id"])
    # asked for Monday 23/1/2023, inside Tết (20-26/1): the deadline is the next working day
    assert new == date(2023, 1, 23)
    assert r["deadline"] == date(2023, 1, 27) and r["requested_deadline"] is None


def test_an_extension_granted_to_a_sunday_ends_on_monday(dd, active):
    row = first_one_off(active)
    _, coord = people(row)
    dd.bus.handle(c.GrantExtension(row["task_id"], new_deadline=date(2023, 2, 12)), coord)  # a Sunday
    assert task_row(dd, row["task_id"])["deadline"] == date(2023, 2, 13)


def test_reassign_every_open_task_of_an_agency_in_one_command(dd, active):
    row = first_one_off(active)
    target = dd.bus.handle(c.RegisterAgency("Sở Nội vụ", "province"), ADMIN)
    coord = Actor("co", "coordinator", plan_ids={"p1"})
    moved = dd.bus.handle(c.ReassignAgencyTasks(row["agency_id"], target, "Hợp nhất sở"), coord)
    assert moved == 3  # its one-off, its report duty and its H1 report
    with dd.engine.connect() as conn:
        left = conn.execute(select(tasks).where(tasks.c.agency_id == row["agency_id"])).all()
    assert left == []


def test_reassigning_to_an_unknown_agency_is_refused(dd, active):
    row = first_one_off(active)
    _, coord = people(row)
    with pytest.raises(LookupError, match="no agency"):
        dd.bus.handle(c.ReassignTask(row["task_id"], to_agency_id="nowhere", reason="x"), coord)


def test_only_coordinators_reassign_an_agency_s_tasks_even_when_it_has_none(dd, active):
    target = dd.bus.handle(c.RegisterAgency("Sở Nội vụ", "province"), ADMIN)
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.ReassignAgencyTasks("idle-agency", target, "x"), Actor("l", "leader"))
