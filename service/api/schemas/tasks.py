"""Tasks as the API shows them, their pages, their timeline, and the filters of GET /tasks."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.schemas.common import Id, Strict, Text
from service.queries.tasks import STATES


class TaskSchema(Schema):
    task_id = fields.String(required=True)
    plan_id = fields.String(required=True)
    duty_id = fields.String(required=True)
    duty_text = fields.String(required=True)
    agency_id = fields.String(required=True)
    role = fields.String(required=True, metadata={"enum": ["lead", "requested"]})
    kind = fields.String(required=True, metadata={"enum": ["one_off", "continuous", "report"]})
    period_key = fields.String(allow_none=True)
    period_label = fields.String(allow_none=True)
    cooperating = fields.List(fields.String(), required=True)
    former_agencies = fields.List(fields.String(), required=True, metadata={
        "description": "agencies the task was taken from (they still read it, and their own results)"})
    state = fields.String(required=True, metadata={"enum": list(STATES)})
    deadline = fields.Date(required=True)
    original_deadline = fields.Date(required=True)
    requested_deadline = fields.Date(allow_none=True, metadata={
        "description": "the deadline asked for in a pending extension request"})
    extension_reason = fields.String(allow_none=True, metadata={
        "description": "why the pending extension is asked for"})
    overdue = fields.Boolean(required=True, metadata={"description": "as of the request"})
    created_at = fields.DateTime(required=True)
    submitted_at = fields.DateTime(allow_none=True)
    done_at = fields.DateTime(allow_none=True, metadata={
        "description": "when the accepted result was submitted"})
    accepted_at = fields.DateTime(allow_none=True)
    cancelled_at = fields.DateTime(allow_none=True)
    overdue_since = fields.DateTime(allow_none=True)
    version = fields.Integer(required=True, metadata={
        "description": "send it back as expected_version with a command"})


class TaskPageSchema(Schema):
    items = fields.List(fields.Nested(TaskSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "pass as ?cursor= for the next page; null on the last page"})


class TimelineEntrySchema(Schema):
    version = fields.Integer(required=True)
    type = fields.String(required=True, metadata={"description": "the event type, e.g. TaskStarted"})
    at = fields.DateTime(required=True)
    actor = fields.String(allow_none=True, metadata={"description": "null: the system"})
    actor_name = fields.String(allow_none=True)
    agency_id = fields.String(allow_none=True)
    request_id = fields.String(allow_none=True)
    data = fields.Dict(required=True, metadata={
        "description": "the event's fields; a result another agency submitted and did not share "
                       "with yours is {\"redacted\": true, \"agency_id\": …}"})
    shareable = fields.Boolean(metadata={
        "description": "an earlier agency's result the agency now responsible cannot read yet"})


class TimelineSchema(Schema):
    task_id = fields.String(required=True)
    events = fields.List(fields.Nested(TimelineEntrySchema), required=True)


class TaskQuerySchema(Strict):
    agency = Id(metadata={"description": "agency id"})
    plan = Id(metadata={"description": "plan id"})
    state = fields.String(validate=validate.OneOf(STATES))
    overdue = fields.Boolean(metadata={"description": "true: only overdue; false: none overdue"})
    period = Text(validate=validate.Length(min=1, max=20), metadata={
        "description": "period key, e.g. 2022-H1"})
    deadline_before = fields.Date(metadata={"description": "deadline earlier than this day"})
    deadline_after = fields.Date(metadata={"description": "deadline later than this day"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    cursor = Text(validate=validate.Length(min=1, max=400))
