"""Activating a reviewed draft: tasks, agencies and the plan change in one transaction."""
from datetime import date

import pytest
from sqlalchemy import func, select

from service.eventlog.store import EventStore
from service.projections.agencies import agencies
from service.projections.plans import plans
from service.projections.rebuild import rebuild
from service.projections.tasks import tasks
from tests.workflows.test_activation import draft
from workflows import commands as c
from workflows.permissions import Actor, PermissionDenied
from workflows.plan_events import Correction, PlanImported
from workflows.plans import PlanRefused

ADMIN = Actor("admin", "administrator")


@pytest.fixture
def plan_id(dd):
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "ab" * 32, draft(reporting=[]))])
        uow.commit()
    return "p1"


def count(dd, table, *where):
    with dd.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_activation_refused_until_a_cadence_is_chosen(dd, plan_id):
    with pytest.raises(PlanRefused, match="cadence"):
        dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    assert count(dd, tasks) == 0 and count(dd, agencies) == 0
    version = dd.bus.handle(c.CorrectDraft(plan_id, (Correction(
        "append", "reporting", {"cadence": "annual", "recipient": None, "due": None}),)), ADMIN)
    assert version == 2
    with pytest.raises(PlanRefused, match="reporting entry 1: the annual report names no sender"):
        dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    assert count(dd, tasks) == 0
    dd.bus.handle(c.CorrectDraft(plan_id, (Correction("append", "reporting/0/from", "Sở Y tế"),
                                           Correction("set", "reporting/0/due", "12-20"))), ADMIN)
    n = dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    # a one-off and a report duty for each of two bodies, the court's ongoing duty, one yearly report
    assert n == count(dd, tasks) == 2 + 2 + 1 + 1
    assert count(dd, tasks, tasks.c.period_key == "2022-Y", tasks.c.deadline == date(2022, 12, 20)) == 1
    assert count(dd, agencies) == 3
    assert count(dd, plans, plans.c.status == "active", plans.c.task_count == n) == 1


def test_activating_twice_is_refused(dd, plan_id):
    dd.bus.handle(c.CorrectDraft(plan_id, (Correction("set", "reporting", [{"cadence": "annual", "from": ["Sở Y tế", "Công an tỉnh"]}]),)), ADMIN)
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    with pytest.raises(PlanRefused, match="already active"):
        dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)


def test_a_focal_point_cannot_activate(dd, plan_id):
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.ActivatePlan(plan_id), Actor("fp", "focal_point", agency_id="x"))


def test_known_agencies_are_reused(dd, plan_id):
    existing = dd.bus.handle(c.RegisterAgency("Sở Y tế", "province"), ADMIN)
    dd.bus.handle(c.CorrectDraft(plan_id, (Correction("set", "reporting", [{"cadence": "annual", "from": ["Sở Y tế", "Công an tỉnh"]}]),)), ADMIN)
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    assert count(dd, agencies) == 3
    assert count(dd, tasks, tasks.c.agency_id == existing) == 3  # a one-off, the report duty, the yearly report


def test_read_models_rebuild_to_the_same_state(dd, plan_id):
    dd.bus.handle(c.CorrectDraft(plan_id, (Correction("set", "reporting", [{"cadence": "semiannual", "from": ["Sở Y tế", "Công an tỉnh"]}]),)), ADMIN)
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)

    def snapshot():
        with dd.engine.connect() as conn:
            return [sorted(map(tuple, conn.execute(select(t)).all()), key=repr) for t in (plans, tasks, agencies)]

    before = snapshot()
    rebuild(dd.engine, dd.projections)
    assert snapshot() == before
    with dd.engine.connect() as conn:
        assert EventStore(conn).last_position() == 2 + 3 + 7 + 1


def test_a_large_activation_rebuilds_to_the_same_read_models(dd):
    """Enough tasks that every read model is written in bulk (service.bulk_insert), cooperating
    bodies and reports included: a rebuild from the log gives the same rows."""
    from service.projections.tasks import task_links
    from service.projections.targets import target_tasks
    from service.scheduler.projection import task_schedule

    assignments = [{"agencies": [f"Ủy ban nhân dân xã Số {a}"], "role": "lead", "lines": [10 + a, 10 + a],
                    "duties": [{"text": f"Nhiệm vụ {d} của xã {a}", "kind": "one_off", "line": 10 + a,
                                "cooperating": ["Sở Y tế"] if d % 2 else [],
                                "due": f"2022-{d % 12 + 1:02d}-15" if d % 3 else None}
                               for d in range(12)]} for a in range(8)]
    big = draft(assignments=assignments, reporting=[
        {"cadence": "quarterly", "recipient": "Sở Y tế", "from": ["Ủy ban nhân dân xã Số 1"], "due": None,
         "line": 5}])
    with dd.uow() as uow:
        uow.append("plan-big", 0, [PlanImported("big", "big.txt", "cd" * 32, big)])
        uow.commit()
    n = dd.bus.handle(c.ActivatePlan("big"), ADMIN)
    assert n > 8 * 12  # the duties, and the quarterly reports

    def snapshot():
        with dd.engine.connect() as conn:
            return [sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                    for t in (plans, tasks, agencies, task_links, task_schedule, target_tasks)]

    before = snapshot()
    assert len(before[1]) == n and len(before[3]) == 8 * 6 and len(before[4]) == n
    rebuild(dd.engine, dd.projections)
    assert snapshot() == before


def test_schedule_of_tasks_read_before_their_plans_activation(dd, plan_id):
    """A rebuild may fold a plan's tasks in one page and its PlanActivated in the next: the
    schedule of those tasks is planned again under the plan's reminder settings, as when the
    activation is folded at once."""
    from service.eventlog.store import EventStore
    from service.scheduler.projection import task_schedule

    dd.bus.handle(c.CorrectDraft(plan_id, (Correction("set", "reporting", [{"cadence": "semiannual", "from": ["Sở Y tế", "Công an tỉnh"]}]),)), ADMIN)
    dd.bus.handle(c.ActivatePlan(plan_id, settings={"reminders": {"remind_days_before": [9, 2]}}), ADMIN)

    def schedule():
        with dd.engine.connect() as conn:
            return sorted(map(tuple, conn.execute(select(task_schedule)).all()))

    at_once = schedule()
    with dd.engine.begin() as conn:
        log = EventStore(conn).read_all(limit=10_000, final=True)  # as a rebuild reads it
        cut = next(i for i, e in enumerate(log) if e.type == "PlanActivated")
        for projection in reversed(dd.projections):
            projection.reset(conn)
        for page in (log[:cut], log[cut:]):  # the plan's settings unknown while the tasks are read
            for projection in dd.projections:
                projection.apply(conn, page)
    assert schedule() == at_once and len(at_once) == count(dd, tasks)
