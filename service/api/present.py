"""Projection rows and query results turned into the API's JSON, through its schemas."""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from service.api.schemas.plans import PlanDetailSchema, PlanSchema
from service.api.schemas.tasks import TaskSchema
from service.queries.tasks import is_overdue
from service.queries.visibility import can_review_plan

_TASK, _PLAN, _PLAN_DETAIL = TaskSchema(), PlanSchema(), PlanDetailSchema()


def dd():
    return current_app.extensions["dondoc"]


def now() -> datetime:
    return dd().clock.now()


def task_json(row, at: datetime | None = None) -> dict:
    return _TASK.dump(_row_data(row, overdue=is_overdue(row, at or now())))


def tasks_json(rows, at: datetime | None = None) -> list[dict]:
    at = at or now()
    return [task_json(r, at) for r in rows]


def plan_json(row) -> dict:
    return _PLAN.dump(_row_data(row))


def plan_detail_json(row, actor) -> dict:
    data = _row_data(row)
    if not can_review_plan(actor, row.plan_id):
        data["draft"] = None
    return _PLAN_DETAIL.dump(data)


def _row_data(row, **extra) -> dict:
    return {**row._mapping, **extra}
