"""GET /tasks, /tasks/<id>, /tasks/<id>/timeline: what the actor may view, nothing else."""
from __future__ import annotations

import functools

from flask import current_app, jsonify

from service.api import bp
from service.api.auth import current_actor, reading
from service.api.errors import not_found
from service.api.present import TASK_COLUMNS, now, task_json, task_page
from service.api.requests import query_args
from service.api.schemas.tasks import TaskQuerySchema, TimelineSchema
from service.queries.tasks import BadCursor, TaskFilters, get_task, list_tasks
from service.queries.timeline import task_timeline
from marshmallow import ValidationError

_QUERY, _TIMELINE = TaskQuerySchema(), TimelineSchema()


@functools.lru_cache(maxsize=1024)
def _filters(agency, plan, state, overdue, period, before, after) -> TaskFilters:
    """The filters of a query (immutable, so one for all its requests: building the frozen
    dataclass cost 2 µs of each)."""
    return TaskFilters(agency_id=agency, plan_id=plan, state=state, overdue=overdue, period_key=period,
                       deadline_before=before, deadline_after=after)


@bp.get("/tasks")
def list_tasks_view():
    q = query_args(_QUERY)
    filters = _filters(q.get("agency"), q.get("plan"), q.get("state"), q.get("overdue"), q.get("period"),
                       q.get("deadline_before"), q.get("deadline_after"))
    at = now()
    try:
        with reading() as conn:
            page = list_tasks(conn, current_actor(), filters, at, q["limit"], q.get("cursor"), TASK_COLUMNS)
    except BadCursor as exc:
        raise ValidationError({"cursor": [str(exc)]}) from None
    body = task_page(page.items, at, page.next_cursor) + b"\n"  # as jsonify ends its answers
    return current_app.response_class(body, mimetype="application/json")


@bp.get("/tasks/<task_id>")
def get_task_view(task_id: str):
    with reading() as conn:
        row = get_task(conn, current_actor(), task_id)
    if row is None:
        raise not_found("task")
    return jsonify(task_json(row))


@bp.get("/tasks/<task_id>/timeline")
def task_timeline_view(task_id: str):
    with reading() as conn:
        if get_task(conn, current_actor(), task_id) is None:
            raise not_found("task")
        entries = task_timeline(conn, task_id, current_actor())
    return jsonify(_TIMELINE.dump({"task_id": task_id, "events": [e.__dict__ for e in entries]}))
