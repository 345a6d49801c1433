"""Bodies of the task commands. ``expected_version`` is the task version the person saw: a
stale one is refused with 409, so two people never overwrite each other unknowingly."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.api.schemas.common import MAX_TEXT, Id, Strict, Text, Version
from service.api.schemas.tasks import TaskSchema
from workflows.numbers import NotANumber, parse_number


LIMIT = 10**15


def _bounded(value) -> None:
    if not -LIMIT <= value <= LIMIT:
        raise ValidationError(f"Must be between {-LIMIT} and {LIMIT}.")


def Reason(**kwargs):
    return Text(required=True, validate=validate.Length(max=MAX_TEXT), **kwargs)


class VersionedBody(Strict):
    expected_version = Version(required=True)


class Number(fields.Decimal):
    """A JSON number, or a string of one written as Vietnamese documents write numbers
    ("1.600" is 1600, "43,6" is 43.6: the rule is workflows.numbers)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            try:
                value = parse_number(value)
            except NotANumber as exc:
                raise ValidationError(str(exc)) from None
        return super()._deserialize(value, attr, data, **kwargs)


class FigureSchema(Strict):
    target = Text(required=True, validate=validate.Length(min=1, max=500))
    value = Number(load_default=None, allow_nan=False, validate=_bounded, metadata={
        "minimum": -LIMIT, "maximum": LIMIT, "description": (
            'a number, or a string of one written the Vietnamese way: "1.600" is 1600, '
            '"43,6" is 43.6; may be left out for a share given as numerator and denominator')})
    numerator = Number(load_default=None, allow_nan=False, validate=_bounded, metadata={
        "description": "for a share: how many (e.g. people counselled); with denominator"})
    denominator = Number(load_default=None, allow_nan=False, validate=_bounded, metadata={
        "description": "for a share: of how many; value is then numerator * 100 / denominator"})

    @validates_schema
    def _value_or_parts(self, data, **kwargs):
        if data.get("value") is None and (data.get("numerator") is None or not data.get("denominator")):
            raise ValidationError("Give a value, or a numerator and a denominator above 0.", "value")


class SubmitBody(VersionedBody):
    text = Text(load_default="", validate=validate.Length(max=MAX_TEXT))
    figures = fields.List(fields.Nested(FigureSchema), load_default=list,
                          validate=validate.Length(max=200))


class ReturnBody(VersionedBody):
    reason = Reason()


class ExtensionRequestBody(VersionedBody):
    new_deadline = fields.Date(required=True)
    reason = Reason()


class ExtensionGrantBody(VersionedBody):
    new_deadline = fields.Date(allow_none=True, load_default=None, metadata={
        "description": "null or absent: the date the agency asked for"})


class ExtensionRefuseBody(VersionedBody):
    reason = Reason()


class ReassignBody(VersionedBody):
    to_agency_id = Id(required=True)
    reason = Reason()


class ShareBody(VersionedBody):
    submission_version = fields.Integer(required=True, strict=True,
                                        validate=validate.Range(min=1), metadata={
        "description": "the timeline version of the earlier agency's ResultSubmitted"})


class CancelBody(VersionedBody):
    reason = Reason()


class CommentBody(VersionedBody):
    text = Text(required=True, validate=validate.Length(max=MAX_TEXT))


class BulkReassignBody(Strict):
    to_agency_id = Id(required=True)
    reason = Reason()


class TaskChangedSchema(Schema):
    version = fields.Integer(required=True, metadata={"description": "the task's new version"})
    task = fields.Nested(TaskSchema, required=True)


class BulkReassignedSchema(Schema):
    moved = fields.Integer(required=True)
    from_agency_id = fields.String(required=True)
    to_agency_id = fields.String(required=True)
