"""The table of API operations the OpenAPI document describes: one row per route."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from service.api.schemas import agencies as a
from service.api.schemas import cascade as k
from service.api.schemas import commands as c
from service.api.schemas import plans as p
from service.api.schemas import tasks as t


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI style, below /api/v1
    operation_id: str
    summary: str
    tag: str
    response: Any
    status: int = 200
    query: Optional[Any] = None
    body: Optional[Any] = None
    media_type: str = "application/json"
    errors: tuple[int, ...] = field(default=())
    authenticated: bool = True

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)


READ = (400, 401)
ONE = (401, 404)
COMMAND = (400, 401, 403, 404, 409, 413, 415, 422)


def _task_command(segment: str, body, summary: str) -> Operation:
    return Operation("post", f"/tasks/{{task_id}}/{segment}", f"task_{segment.replace('-', '_')}",
                     summary, "task commands", c.TaskChangedSchema, body=body, errors=COMMAND)


OPERATIONS = [
    Operation("get", "/openapi.json", "openapi_document", "This document", "meta", None,
              authenticated=False, errors=()),
    Operation("get", "/plans", "list_plans", "Plans you may view, newest first", "plans",
              p.PlanListSchema, query=p.PlanQuerySchema, errors=READ),
    Operation("post", "/plans", "import_plan", "Import a plan file into a draft", "plans",
              p.PlanChangedSchema, status=201, body=p.ImportPlanForm,
              media_type="multipart/form-data", errors=(400, 401, 403, 409, 413, 415, 422)),
    Operation("get", "/plans/{plan_id}", "get_plan",
              "A plan, with its draft if you review it", "plans", p.PlanDetailSchema, errors=ONE),
    Operation("get", "/plans/{plan_id}/duties", "plan_duties",
              "The plan's duties you take part in, with N of M agencies done", "plans",
              p.DutyListSchema, errors=ONE),
    Operation("post", "/plans/{plan_id}/corrections", "correct_plan", "Correct a draft", "plans",
              p.PlanChangedSchema, body=p.CorrectDraftBody, errors=COMMAND),
    Operation("post", "/plans/{plan_id}/activate", "activate_plan",
              "Turn a reviewed draft into tasks", "plans", p.PlanChangedSchema,
              body=p.ActivatePlanBody, errors=COMMAND),
    Operation("get", "/plans/{plan_id}/cascade", "plan_cascade",
              "The plans it implements, the lower plans implementing it (rolled up) and who has "
              "not written theirs", "plans", k.CascadeSchema, errors=ONE),
    Operation("post", "/plans/{plan_id}/links", "link_plan",
              "Say that this plan implements another (a match the import missed)", "plans",
              k.CascadeChangedSchema, body=k.LinkPlanBody, errors=COMMAND),
    Operation("post", "/plans/{plan_id}/unlink", "unlink_plan",
              "Undo a wrong link, saying why", "plans", k.CascadeChangedSchema,
              body=k.UnlinkPlanBody, errors=COMMAND),
    Operation("get", "/tasks", "list_tasks", "Tasks you may view, by deadline, paged", "tasks",
              t.TaskPageSchema, query=t.TaskQuerySchema, errors=READ),
    Operation("get", "/tasks/{task_id}", "get_task", "A task", "tasks", t.TaskSchema, errors=ONE),
    Operation("get", "/tasks/{task_id}/timeline", "task_timeline",
              "Every event of the task, with who and when", "tasks", t.TimelineSchema, errors=ONE),
    _task_command("start", c.VersionedBody, "Start work (focal point)"),
    _task_command("submit", c.SubmitBody, "Submit the result: text and figures (focal point)"),
    _task_command("accept", c.VersionedBody, "Accept the submitted result (coordinator)"),
    _task_command("return", c.ReturnBody, "Return the result for more work (coordinator)"),
    _task_command("extension-request", c.ExtensionRequestBody,
                  "Ask for a later deadline (focal point)"),
    _task_command("extension-grant", c.ExtensionGrantBody,
                  "Grant the request, or extend (coordinator)"),
    _task_command("extension-refuse", c.ExtensionRefuseBody, "Refuse the request (coordinator)"),
    _task_command("reassign", c.ReassignBody, "Give the task to another agency (coordinator)"),
    _task_command("share", c.ShareBody,
                  "Show the agency now responsible a result an earlier agency submitted "
                  "(coordinator)"),
    _task_command("cancel", c.CancelBody, "Cancel the task (coordinator)"),
    _task_command("comments", c.CommentBody, "Comment on the task"),
    Operation("post", "/agencies/{agency_id}/reassign-open-tasks", "reassign_open_tasks",
              "Move every open task of an agency to another, all or none (coordinator)",
              "task commands", c.BulkReassignedSchema, body=c.BulkReassignBody, errors=COMMAND),
    Operation("get", "/agencies", "list_agencies", "The agency registry", "agencies",
              a.AgencyListSchema, query=a.AgencyQuerySchema, errors=READ),
    Operation("get", "/stats/classification", "classification",
              "Done on time / late, in progress on time / overdue, per agency and plan",
              "stats", a.ClassificationSchema, query=a.StatsQuerySchema, errors=READ),
]
