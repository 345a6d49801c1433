"""The demo gives a new user a living system: plans active, people in every role, work in
every state of the four-way classification."""
from datetime import datetime, timezone

from sqlalchemy import select

from service.demo.seed import build_demo
from service.projections.people import people
from service.projections.tasks import tasks
from workflows.classification import Status, TaskFacts, count

NOW = datetime(2026, 9, 20, 3, 0, tzinfo=timezone.utc)


def test_demo_builds_a_living_system_once(dd):
    report = build_demo(dd, NOW)
    assert report.plans == 5 and report.tasks > 100
    assert {role for _, role in report.people} == {"administrator", "coordinator", "focal_point", "leader"}
    with dd.engine.connect() as conn:
        rows = conn.execute(select(tasks)).mappings().all()
        assert conn.execute(select(people)).first() is not None
    counts = count((TaskFacts(r["task_id"], r["plan_id"], r["agency_id"], r["deadline"],
                              r["done_at"], r["cancelled_at"]) for r in rows), NOW)
    for status in Status:
        assert counts.get(status) > 0, status
    assert build_demo(dd, NOW).already

