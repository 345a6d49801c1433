"""Plans, their duties, and the plan commands' bodies."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.schemas.common import MAX_TEXT, Strict, Text, Version
from service.api.schemas.tasks import TaskSchema


class PlanSchema(Schema):
    plan_id = fields.String(required=True)
    number = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    issuer = fields.String(allow_none=True)
    place = fields.String(allow_none=True)
    issued_on = fields.Date(allow_none=True)
    period_start = fields.Date(allow_none=True)
    period_end = fields.Date(allow_none=True)
    status = fields.String(required=True, metadata={"enum": ["draft", "active"]})
    filename = fields.String(required=True)
    imported_at = fields.DateTime(required=True)
    activated_at = fields.DateTime(allow_none=True)
    task_count = fields.Integer(required=True)
    settings = fields.Dict(allow_none=True)
    version = fields.Integer(required=True)


class PlanDetailSchema(PlanSchema):
    draft = fields.Dict(allow_none=True, required=True, metadata={"description": (
        "the importer's draft with corrections applied (shared/DESIGN.md 'Plan draft'); null "
        "for those who do not review the plan (focal points, leaders outside the plan)")})


class PlanListSchema(Schema):
    items = fields.List(fields.Nested(PlanSchema), required=True)


class PlanQuerySchema(Strict):
    status = fields.String(validate=validate.OneOf(["draft", "active"]))


class DutySchema(Schema):
    duty_id = fields.String(required=True)
    period_key = fields.String(allow_none=True)
    period_label = fields.String(allow_none=True)
    duty_text = fields.String(required=True)
    kind = fields.String(required=True)
    role = fields.String(required=True)
    done = fields.Integer(required=True, metadata={"description": "agencies done (N of M)"})
    total = fields.Integer(required=True, metadata={"description": "agencies sharing it (M)"})
    done_agencies = fields.List(fields.String(), required=True)
    pending_agencies = fields.List(fields.String(), required=True)
    collectives = fields.List(fields.String(), allow_none=True, metadata={
        "description": "a duty given to a collective (\"UBND các xã, phường\"), one task per member: "
                       "the collective's names as the plan wrote them; null for other duties"})
    quorum = fields.Integer(allow_none=True, metadata={
        "description": "members done for the collective duty to count complete (null: all of them)"})
    complete = fields.Boolean(metadata={"description": "done by all agencies, or by the quorum"})
    tasks = fields.List(fields.Nested(TaskSchema), required=True)


class DutyListSchema(Schema):
    plan_id = fields.String(required=True)
    items = fields.List(fields.Nested(DutySchema), required=True)


class CorrectionSchema(Strict):
    op = fields.String(required=True, validate=validate.OneOf(["set", "remove", "append"]))
    path = Text(required=True, validate=validate.Length(min=1, max=300), metadata={
        "description": "e.g. number or assignments/2/duties/0/kind"})
    value = fields.Raw(allow_none=True, metadata={"description": "any JSON value (set, append)"})


class CorrectDraftBody(Strict):
    expected_version = Version(required=True)
    corrections = fields.List(fields.Nested(CorrectionSchema), required=True,
                              validate=validate.Length(min=1, max=500))
    note = Text(allow_none=True, validate=validate.Length(max=MAX_TEXT))


class ActivatePlanBody(Strict):
    expected_version = Version(required=True)
    days_after_cutoff = fields.Integer(strict=True, load_default=2, validate=validate.Range(0, 60))
    settings = fields.Dict(keys=Text(validate=validate.Length(max=100)), load_default=dict)


class PlanChangedSchema(Schema):
    version = fields.Integer(required=True)
    task_count = fields.Integer(metadata={"description": "activation: tasks created"})
    plan = fields.Nested(PlanDetailSchema, required=True)


class ImportPlanForm(Schema):
    file = fields.Raw(required=True, metadata={
        "type": "string", "format": "binary",
        "description": "the plan: .txt, .md, .docx or .pdf with text"})
