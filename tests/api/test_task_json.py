"""The API's task JSON, written without marshmallow's per-field machinery, equals the schema's
own dump, for tasks in every state (dates, instants, lists, nulls)."""
from __future__ import annotations

import random
from datetime import datetime, timezone

from service.api.present import _TASK, _row_data, task_json, tasks_json
from service.projections.tasks import tasks
from service.queries.tasks import is_overdue
from sqlalchemy import select
from tests.service.synthetic_tasks import fill

NOW = datetime(2024, 6, 20, 3, tzinfo=timezone.utc)


def test_task_json_is_the_schema_dump(engine):
    fill(engine, 300, now=NOW)
    with engine.connect() as conn:
        rows = conn.execute(select(tasks)).all()
    assert {r.state for r in rows} >= {"open", "submitted", "done", "cancelled"}
    for row in random.Random(1).sample(rows, 120):
        expected = _TASK.dump(_row_data(row, overdue=is_overdue(row, NOW)))
        assert task_json(row, NOW) == expected
    assert tasks_json(rows, NOW) == [task_json(r, NOW) for r in rows]  # a page, columns by position
    assert tasks_json([], NOW) == []


def test_task_json_of_real_tasks(client, world):
    """Through the API, on the world's real tasks (comments, cooperation)."""
    items = client.get("/api/v1/tasks?limit=100", headers=world.auth("admin")).get_json()["items"]
    assert items
    with client.application.extensions["dondoc"].engine.connect() as conn:
        for item in items:
            row = conn.execute(select(tasks).where(tasks.c.task_id == item["task_id"])).first()
            assert item == _TASK.dump(_row_data(row, overdue=item["overdue"]))
