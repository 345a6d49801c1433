"""POST /tasks/<id>/<command>: one route per task command, and the bulk reassignment.

A task the actor may not view answers 404, as if it did not exist; a task the actor may view
but not change this way answers 403. Success answers the task's new version and the task.
"""
from __future__ import annotations

from flask import jsonify
from marshmallow import ValidationError
from sqlalchemy import select

from service.api import bp
from service.api.auth import current_actor
from service.api.errors import not_found
from service.api.present import dd, task_json
from service.api.requests import json_body, request_id
from service.api.schemas import commands as s
from service.projections.tasks import tasks
from service.queries.agencies import get_agency
from service.queries.tasks import get_task
from workflows import commands as c
from workflows.permissions import PermissionDenied, UserRole
from workflows.task_events import Figure

# url segment -> (action of workflows.commands.TASK_COMMANDS, body schema); a body's fields are
# the command's own, by name
ROUTES = {
    "start": ("start", s.VersionedBody()),
    "submit": ("submit", s.SubmitBody()),
    "accept": ("accept", s.VersionedBody()),
    "return": ("return", s.ReturnBody()),
    "extension-request": ("request_extension", s.ExtensionRequestBody()),
    "extension-grant": ("grant_extension", s.ExtensionGrantBody()),
    "extension-refuse": ("refuse_extension", s.ExtensionRefuseBody()),
    "reassign": ("reassign", s.ReassignBody()),
    "share": ("share_submission", s.ShareBody()),
    "cancel": ("cancel", s.CancelBody()),
    "comments": ("comment", s.CommentBody()),
}


def _command(action: str, task_id: str, body: dict) -> c.TaskCommand:
    fields = {name: body[name] for name in c.command_fields(action) if name in body}
    if "figures" in fields:
        fields["figures"] = tuple(Figure.of(f["target"], f["value"], f["numerator"], f["denominator"])
                                  for f in fields["figures"])
    return c.task_command(action, task_id, body["expected_version"], **fields)


_BULK = s.BulkReassignedSchema()


def _task_command_view(name: str):
    action, schema = ROUTES[name]

    def view(task_id: str):
        body = json_body(schema)
        actor = current_actor()
        with dd().engine.connect() as conn:
            if get_task(conn, actor, task_id) is None:
                raise not_found("task")
            if "to_agency_id" in body:
                _require_agency(conn, body["to_agency_id"])
        version = dd().bus.handle(_command(action, task_id, body), actor, request_id())
        with dd().engine.connect() as conn:
            row = conn.execute(select(tasks).where(tasks.c.task_id == task_id)).one()
        return jsonify(version=version, task=task_json(row))  # task_json dumps (TaskChangedSchema)

    view.__name__ = f"task_{name.replace('-', '_')}"
    return view


for _name in ROUTES:
    bp.add_url_rule(f"/tasks/<task_id>/{_name}", view_func=_task_command_view(_name),
                    methods=["POST"])


@bp.post("/agencies/<agency_id>/reassign-open-tasks")
def reassign_open_tasks(agency_id: str):
    """Every open task of the agency to another agency (merged or renamed), all or none."""
    body = json_body(s.BulkReassignBody())
    actor = current_actor()
    if actor.role not in (UserRole.COORDINATOR, UserRole.ADMINISTRATOR):
        raise PermissionDenied(f"a {actor.role.value} may not reassign tasks")
    with dd().engine.connect() as conn:
        if get_agency(conn, agency_id) is None:
            raise not_found("agency")
        _require_agency(conn, body["to_agency_id"])
    moved = dd().bus.handle(c.ReassignAgencyTasks(agency_id, body["to_agency_id"], body["reason"]),
                            actor, request_id())
    return jsonify(_BULK.dump({"moved": moved, "from_agency_id": agency_id,
                               "to_agency_id": body["to_agency_id"]}))


def _require_agency(conn, agency_id: str) -> None:
    if get_agency(conn, agency_id) is None:
        raise ValidationError({"to_agency_id": ["No such agency."]})
