"""Plans: list, read (with the draft for its reviewers), duties, import, correct, activate."""
from __future__ import annotations

from pathlib import PurePath

from flask import jsonify, request
from marshmallow import ValidationError

from service.api import bp
from service.api.auth import current_actor, reading
from service.api.errors import ApiError, not_found
from service.api.present import dd, now, plan_detail_json, plan_json, tasks_json
from service.api.requests import json_body, query_args, request_id
from service.api.schemas import plans as s
from service.queries.plans import get_plan, list_plans, plan_duties
from workflows import commands as c
from workflows.collectives import duty_complete
from workflows.plan_events import Correction

_QUERY = s.PlanQuerySchema()
_DUTY = s.DutySchema(exclude=("tasks",))
_DUTY_FIELDS = ("duty_id", "period_key", "period_label", "duty_text", "kind", "role", "done",
                "total", "done_agencies", "pending_agencies")


@bp.get("/plans")
def list_plans_view():
    q = query_args(_QUERY)
    with reading() as conn:
        rows = list_plans(conn, current_actor(), q.get("status"))
    return jsonify(items=[plan_json(r) for r in rows])


@bp.get("/plans/<plan_id>")
def get_plan_view(plan_id: str):
    return jsonify(plan_detail_json(visible_plan(plan_id), current_actor()))


@bp.get("/plans/<plan_id>/duties")
def plan_duties_view(plan_id: str):
    collectives = visible_plan(plan_id).collectives or {}
    at = now()
    with reading() as conn:
        duties = plan_duties(conn, current_actor(), plan_id, at)
    items = [{**_DUTY.dump({k: getattr(d, k) for k in _DUTY_FIELDS} | _collective(collectives, d)),
              "tasks": tasks_json(d.tasks, at)} for d in duties]
    return jsonify(plan_id=plan_id, items=items)


def _collective(collectives: dict, duty) -> dict:
    """A collective duty's names, its coordinator's quorum and whether it counts complete."""
    found = collectives.get(duty.duty_id)
    if found is None:
        return {"collectives": None, "quorum": None, "complete": duty.total > 0 and duty.done == duty.total}
    return {"collectives": found["collectives"], "quorum": found["quorum"],
            "complete": duty_complete(duty.done, duty.total, found["quorum"])}


@bp.post("/plans")
def import_plan():
    """multipart/form-data with one field, ``file``: the plan document."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", "send the plan as multipart/form-data, field 'file'")
    unknown = sorted(set(request.form) | (set(request.files) - {"file"}))
    if unknown:
        raise ValidationError({k: ["Unknown field."] for k in unknown})
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError({"file": ["Missing data for required field."]})
    data = upload.read()
    if not data:
        raise ValidationError({"file": ["The file is empty."]})
    actor = current_actor()
    imported = dd().bus.handle(c.ImportPlan(_filename(upload.filename), data), actor, request_id())
    with dd().engine.connect() as conn:
        row = get_plan(conn, _as_admin(), imported.plan_id)
    body = plan_detail_json(row, actor)
    body["draft"] = imported.draft  # the importer sees what was read, whatever their scope
    return jsonify(version=row.version, plan=body), 201


@bp.post("/plans/<plan_id>/corrections")
def correct_plan(plan_id: str):
    body = json_body(s.CorrectDraftBody())
    visible_plan(plan_id)
    corrections = tuple(Correction(x["op"], x["path"], x.get("value")) for x in body["corrections"])
    version = dd().bus.handle(c.CorrectDraft(plan_id, corrections, body["expected_version"],
                                             body.get("note")), current_actor(), request_id())
    return _changed(plan_id, version)


@bp.post("/plans/<plan_id>/activate")
def activate_plan(plan_id: str):
    body = json_body(s.ActivatePlanBody())
    visible_plan(plan_id)
    count = dd().bus.handle(c.ActivatePlan(plan_id, body["days_after_cutoff"], body["settings"],
                                           body["expected_version"]), current_actor(), request_id())
    return _changed(plan_id, None, task_count=count)


def _changed(plan_id: str, version, **extra):
    with dd().engine.connect() as conn:
        row = get_plan(conn, _as_admin(), plan_id)
    return jsonify(version=version or row.version, plan=plan_detail_json(row, current_actor()),
                   **extra)


def visible_plan(plan_id: str):
    """The plan's row as the actor may see it; 404 if there is none or they may not."""
    with reading() as conn:
        row = get_plan(conn, current_actor(), plan_id)
    if row is None:
        raise not_found("plan")
    return row


def _as_admin():
    """Reading back what the actor just changed: they may act on it, so they may see it."""
    from workflows.permissions import Actor

    return Actor("api", "administrator")


def _filename(name: str | None) -> str:
    name = PurePath((name or "").replace("\\", "/").replace("\x00", "")).name or "upload.txt"
    stem, dot, ext = name.rpartition(".")
    return name if len(name) <= 200 else f"{stem[:190]}{dot}{ext[:9]}"
