"""Fields and schemas every part of the API uses: text, ids, errors."""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

MAX_TEXT = 20_000


class Text(fields.String):
    """A string the databases can store: no NUL character, no lone surrogate."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain the NUL character.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Not valid Unicode text.") from None
        return text


def Id(**kwargs) -> Text:
    return Text(validate=validate.Length(min=1, max=64), **kwargs)


def Version(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=2**31 - 1), **kwargs)


class Strict(Schema):
    """A request body or query string: unknown fields are an error, not ignored."""

    class Meta:
        unknown = RAISE


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"description": (
        "validation, malformed_json, unauthorized, forbidden, not_found, conflict, refused, "
        "import_failed, duplicate, too_large, method_not_allowed, unsupported_media_type, "
        "internal")})
    message = fields.String(required=True, metadata={"description": "English, for a person"})
    fields_ = fields.Dict(data_key="fields", keys=fields.String(), metadata={
        "description": "validation: messages per field (nested for nested fields)"})
    code = fields.String(metadata={"description": "the domain's stable code (conflict, refused)"})
    field = fields.String(metadata={"description": "refused: the field whose value was refused"})
    reason = fields.String()
    expected_version = fields.Integer(allow_none=True)
    current_version = fields.Integer(allow_none=True)
    plan_id = fields.String(metadata={"description": "duplicate: the plan imported before"})


class CountsSchema(Schema):
    done_on_time = fields.Integer(required=True)
    done_late = fields.Integer(required=True)
    in_progress_on_time = fields.Integer(required=True)
    in_progress_overdue = fields.Integer(required=True)
    total = fields.Integer(required=True)
