"""Agencies and the classification statistics."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.schemas.common import CountsSchema, Id, Strict
from workflows.agency_names import LEVELS


class AgencySchema(Schema):
    agency_id = fields.String(required=True)
    name = fields.String(required=True)
    level = fields.String(required=True)
    parent_id = fields.String(allow_none=True)
    aliases = fields.List(fields.String(), required=True)


class AgencyListSchema(Schema):
    items = fields.List(fields.Nested(AgencySchema), required=True)


class AgencyQuerySchema(Strict):
    level = fields.String(validate=validate.OneOf(LEVELS))


class StatsQuerySchema(Strict):
    plan = Id()
    agency = Id()
    as_of = fields.Date(metadata={"description": "YYYY-MM-DD, end of that day in Vietnam; "
                                                 "default today"})


class AgencyCountsSchema(CountsSchema):
    agency_id = fields.String(required=True)
    name = fields.String(allow_none=True)


class PlanCountsSchema(CountsSchema):
    plan_id = fields.String(required=True)
    number = fields.String(allow_none=True)


class ClassificationSchema(Schema):
    as_of = fields.Date(required=True)
    total = fields.Nested(CountsSchema, required=True)
    by_agency = fields.List(fields.Nested(AgencyCountsSchema), required=True)
    by_plan = fields.List(fields.Nested(PlanCountsSchema), required=True)
