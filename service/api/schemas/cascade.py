"""The cascade between plans: which plans a plan implements, the lower plans that implement it
(rolled up), the bodies that have not written theirs; and the link and unlink bodies."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.schemas.common import MAX_TEXT, CountsSchema, Id, Strict, Text

_HOW = {"enum": ["import", "cited_later", "correction"], "description": (
    "import: matched when this plan was imported; cited_later: the higher plan came later and "
    "this plan cites it; correction: a person linked them")}


class HigherPlanSchema(Schema):
    plan_id = fields.String(required=True)
    number = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    issuer = fields.String(allow_none=True)
    status = fields.String(required=True)
    reference = fields.String(required=True, metadata={
        "description": "the legal-basis clause that cites it, or the note of whoever linked them"})
    how = fields.String(required=True, metadata=_HOW)
    linked_at = fields.DateTime(required=True)


class LowerPlanSchema(Schema):
    plan_id = fields.String(required=True)
    number = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    issuer = fields.String(allow_none=True)
    status = fields.String(required=True)
    implements = fields.String(required=True, metadata={
        "description": "the plan it implements: this one, or a lower plan listed before it"})
    reference = fields.String(required=True)
    how = fields.String(required=True, metadata=_HOW)
    depth = fields.Integer(required=True, metadata={"description": "1: implements this plan; 2: implements one that does; ..."})
    own = fields.Nested(CountsSchema, required=True, metadata={"description": "its own tasks, classified as of today"})
    rolled_up = fields.Nested(CountsSchema, required=True, metadata={
        "description": "its tasks and those of every plan below it"})


class MissingPlanSchema(Schema):
    task_id = fields.String(required=True)
    agency_id = fields.String(required=True)
    agency = fields.String(required=True)
    deadline = fields.Date(required=True)
    state = fields.String(required=True)


class CascadeSchema(Schema):
    plan_id = fields.String(required=True)
    implements = fields.List(fields.Nested(HigherPlanSchema), required=True)
    lower = fields.List(fields.Nested(LowerPlanSchema), required=True, metadata={
        "description": "every plan below this one, depth first (an active plan's only; empty for a draft)"})
    missing = fields.List(fields.Nested(MissingPlanSchema), required=True, metadata={
        "description": "bodies this plan ordered to write their own plan whose task is still open"})
    total = fields.Nested(CountsSchema, required=True, metadata={"description": "every lower plan's tasks"})


class CascadeChangedSchema(CascadeSchema):
    completed = fields.Integer(metadata={
        "description": "link: the higher plan's \"write your own plan\" tasks this link completed"})
    reopened = fields.Integer(metadata={
        "description": "unlink: the tasks the link had completed, open again (or done by another "
                       "plan of the same body still linked)"})


class LinkPlanBody(Strict):
    higher_plan_id = Id(required=True, metadata={"description": "the plan this one implements"})
    note = Text(validate=validate.Length(max=MAX_TEXT), load_default=None, allow_none=True)


class UnlinkPlanBody(Strict):
    higher_plan_id = Id(required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
