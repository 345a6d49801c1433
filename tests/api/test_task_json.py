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


def test_a_page_is_the_schema_dump_of_its_rows(engine):
    """GET /tasks writes its page itself (``task_page``: rows of ``TASK_COLUMNS``, dates and
    instants by orjson): the same JSON as ``tasks_json``, which equals the schema's dump."""
    import json

    from service.api.present import TASK_COLUMNS, task_page

    from datetime import timedelta

    from sqlalchemy import update

    fill(engine, 300, now=NOW)
    with engine.begin() as conn:  # instants with microseconds too (and one of few digits)
        for i, micro in enumerate((123456, 120, 999999)):
            conn.execute(update(tasks).where(tasks.c.task_id == f"t{i:07d}").values(
                created_at=NOW - timedelta(days=3, microseconds=-micro), overdue_since=NOW.replace(microsecond=micro)))
    with engine.connect() as conn:
        full = conn.execute(select(tasks).order_by(tasks.c.task_id)).all()
        listed = conn.execute(select(*(tasks.c[name] for name in TASK_COLUMNS)).order_by(tasks.c.task_id)).all()
    assert {r.created_at.microsecond for r in full} >= {0, 120, 123456, 999999}
    page = json.loads(task_page(listed, NOW, "next"))
    assert page == {"items": tasks_json(full, NOW), "next_cursor": "next"}
    assert all(list(item) == sorted(item) for item in page["items"])  # as Flask's sort_keys writes
    assert json.loads(task_page([], NOW, None)) == {"items": [], "next_cursor": None}
