"""Projection rows and query results turned into the API's JSON, through its schemas."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import orjson
from flask import current_app
from marshmallow import fields

from service.api.schemas.plans import PlanDetailSchema, PlanSchema
from service.api.schemas.tasks import TaskSchema
from service.queries.tasks import is_overdue
from service.queries.visibility import can_review_plan
from workflows.task_rules import overdue_as_of

_TASK, _PLAN, _PLAN_DETAIL = TaskSchema(), PlanSchema(), PlanDetailSchema()


def dd():
    return current_app.extensions["dondoc"]


def now() -> datetime:
    return dd().clock.now()


def counts_json(c) -> dict:
    """A four-way classification (workflows.classification.Counts) with its total."""
    return {"done_on_time": c.done_on_time, "done_late": c.done_late,
            "in_progress_on_time": c.in_progress_on_time,
            "in_progress_overdue": c.in_progress_overdue, "total": c.total}


def task_json(row, at: datetime | None = None) -> dict:
    return tasks_json([row], at)[0]


def _plain(value):
    return value


def _iso(value):
    return None if value is None else value.isoformat()


def _listed(value):
    return None if value is None else list(value)


def _converters(schema) -> tuple:
    """What ``schema.dump`` does to each field of a projection row, without its per-field
    machinery (a page of 20 tasks spent more in marshmallow than in the database). Only the
    field types a task has; tests/api/test_task_json.py checks the result equals the dump."""
    out = []
    for name, f in schema.dump_fields.items():
        key = f.data_key or name
        if isinstance(f, (fields.DateTime, fields.Date)):
            out.append((name, key, _iso))
        elif isinstance(f, fields.List):
            out.append((name, key, _listed))
        elif isinstance(f, (fields.String, fields.Integer, fields.Boolean)):
            out.append((name, key, _plain))
        else:
            raise TypeError(f"no plain conversion for {name}: {type(f).__name__}")
    return tuple(out)


_TASK_FIELDS = _converters(_TASK)


def tasks_json(rows, at: datetime | None = None) -> list[dict]:
    """``task_json`` of each row, the columns found by position once for the whole page (values
    that need no conversion copied as they are)."""
    if not rows:
        return []
    at = at or now()
    where = {name: i for i, name in enumerate(rows[0]._fields)}
    taken = [(where[name], key, convert) for name, key, convert in _TASK_FIELDS if name in where]
    same = [(i, key) for i, key, convert in taken if convert is _plain]
    iso = [(i, key) for i, key, convert in taken if convert is _iso]
    listed = [(i, key) for i, key, convert in taken if convert is _listed]
    overdue = next((key for name, key, _ in _TASK_FIELDS if name == "overdue"), None)
    out = []
    for row in rows:
        item = {key: row[i] for i, key in same}
        for i, key in iso:  # _iso, inline: a page has nine a row
            value = row[i]
            item[key] = None if value is None else value.isoformat()
        for i, key in listed:
            item[key] = _listed(row[i])
        if overdue is not None:
            item[overdue] = is_overdue(row, at)
        out.append(item)
    return out


# The columns of a task as the API shows it: all its fields but the overdue rule's answer (as
# of the request), in the order of their keys in the JSON, which is sorted (as Flask's provider
# writes it: sort_keys). A page's rows come in that order.
_SORTED = sorted((key, name) for name, key, _ in _TASK_FIELDS)
TASK_COLUMNS = tuple(name for key, name in _SORTED if key != "overdue")


def _page_items() -> Callable:
    """``items(rows, overdue)``: each row of ``TASK_COLUMNS`` as the dict the page writes, its
    keys in order, ``overdue(state, deadline, submitted_at)`` among them. Made once, as one
    comprehension of dict displays (the keys are the schema's field names, checked to be plain
    words): dict(zip(keys, row)) and orjson's sorting of every task's keys cost twice as much."""
    keys = [key for key, name in _SORTED]
    if not all(key.replace("_", "").isalnum() for key in keys):
        raise ValueError(f"a task field's key is not a plain word: {keys}")
    names = {name: f"c{i}" for i, name in enumerate(TASK_COLUMNS)}

    def entry(key: str, name: str) -> str:
        if key == "overdue":
            return f'"overdue": overdue({names["state"]}, {names["deadline"]}, {names["submitted_at"]})'
        return f'"{key}": {names[name]}'
    entries = [entry(key, name) for key, name in _SORTED]
    source = (f"def items(rows, overdue):\n"
              f"    return [{{{', '.join(entries)}}} for {', '.join(names.values())}, in rows]\n")
    env: dict = {}
    exec(source, env)  # noqa: S102 (made of the schema's field names, checked above)
    return env["items"]


_ITEMS = _page_items()


def task_page(rows, at: datetime, next_cursor: str | None) -> bytes:
    """A page of tasks as GET /tasks answers it, the JSON itself: rows of ``TASK_COLUMNS`` each
    a dict with its ``overdue``, written by orjson in one call, which writes dates and instants
    in ISO 8601 as the schema's dump does (tests/api/test_task_json.py checks it equals the
    page of ``tasks_json``, keys in the same order)."""
    return orjson.dumps({"items": _ITEMS(rows, overdue_as_of(at)), "next_cursor": next_cursor})


def plan_json(row) -> dict:
    return _PLAN.dump(_row_data(row))


def plan_detail_json(row, actor) -> dict:
    data = _row_data(row)
    if not can_review_plan(actor, row.plan_id):
        data["draft"] = None
    return _PLAN_DETAIL.dump(data)


def _row_data(row, **extra) -> dict:
    return {**row._mapping, **extra}
