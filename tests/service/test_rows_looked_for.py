"""A read model whose row is its stream's looks for no row of a stream that begins in the batch
(an activation's task streams: 10,000 keys it would read for nothing), and still reads the row
of a stream that goes on."""
from datetime import datetime, timezone

from sqlalchemy import event, select

from service.projections.tasks import tasks
from tests.service.test_plan_activation import ADMIN
from tests.workflows.test_activation import draft
from workflows import commands as c
from workflows.permissions import Actor
from workflows.plan_events import PlanImported


def rows_read(dd, run) -> list[str]:
    """The statements ``run`` sends that read rows of tasks or of the schedule by task id."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT") and any(
                f"WHERE {table}.task_id" in statement for table in ("tasks", "task_schedule")):
            seen.append(statement)

    event.listen(dd.engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(dd.engine, "before_cursor_execute", record)
    return seen


def test_an_activation_reads_no_row_of_the_tasks_it_creates(dd, clock):
    clock.set(datetime(2022, 4, 1, 2, 0, tzinfo=timezone.utc))
    with dd.uow() as uow:
        uow.append("plan-p1", 0, [PlanImported("p1", "kh.txt", "cd" * 32, draft())])
        uow.commit()
    assert rows_read(dd, lambda: dd.bus.handle(c.ActivatePlan("p1"), ADMIN)) == []
    with dd.engine.connect() as conn:
        task = conn.execute(select(tasks.c.task_id, tasks.c.agency_id).where(tasks.c.kind == "one_off")).first()
    read = rows_read(dd, lambda: dd.bus.handle(c.StartTask(task.task_id),
                                               Actor("fp", "focal_point", agency_id=task.agency_id)))
    assert any("FROM tasks" in s for s in read) and any("FROM task_schedule" in s for s in read)
    with dd.engine.connect() as conn:
        assert conn.execute(select(tasks.c.state).where(tasks.c.task_id == task.task_id)).scalar() == "in_progress"
