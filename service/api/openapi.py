"""The OpenAPI 3 document, generated from the marshmallow schemas (apispec), served at
/api/v1/openapi.json. Each operation lists its parameters, body, answer and errors."""
from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app, jsonify

from service.api import PREFIX, bp
from service.api.operations import OPERATIONS
from service.api.schemas.common import ErrorSchema

_ERRORS = {
    400: "invalid: malformed JSON or fields (see fields)",
    401: "no token, or not a valid one",
    403: "you may see it but not do this",
    404: "no such thing, or not one you may see",
    409: "conflict: stale expected_version, a state that forbids it now, a duplicate",
    413: "the body is too large",
    415: "the body is not of the media type this operation takes",
    422: "refused by the rules (code and reason say why)",
}


@bp.get("/openapi.json")
def openapi_document():
    spec = current_app.extensions.get("dondoc_openapi")
    if spec is None:
        spec = current_app.extensions["dondoc_openapi"] = build_spec()
    return jsonify(spec)


def build_spec() -> dict:
    spec = APISpec(title="dondoc API", version="1", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()], info={"description": _DESCRIPTION},
                   security=[{"bearerAuth": []}])
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer",
                                                   "description": "dondoc token issue USERNAME"})
    spec.components.schema("Error", schema=ErrorSchema)
    for path, ops in _by_path().items():
        spec.path(path=PREFIX + path, operations={m: _operation(op) for m, op in ops.items()})
    return spec.to_dict()


def _by_path() -> dict:
    paths: dict = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = op
    return paths


def _operation(op) -> dict:
    out = {"operationId": op.operation_id, "summary": op.summary, "tags": [op.tag],
           "parameters": [{"in": "path", "name": n, "required": True, "schema": {"type": "string"}}
                          for n in op.path_params],
           "responses": {str(op.status): _response(op.response, op.summary)}}
    if op.query is not None:
        out["parameters"].append({"in": "query", "schema": op.query})
    if op.body is not None:
        out["requestBody"] = {"required": True, "content": {op.media_type: {"schema": op.body}}}
    for status in op.errors:
        out["responses"][str(status)] = _response(ErrorSchema, _ERRORS[status])
    if not op.authenticated:
        out["security"] = []
    return out


def _response(schema, description: str) -> dict:
    if schema is None:
        return {"description": description, "content": {"application/json": {
            "schema": {"type": "object"}}}}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_DESCRIPTION = """\
Tracked tasks of government plans. Authenticate with `Authorization: Bearer <token>`.

Every error is JSON: `{"error": kind, "message": ..., "fields": {...}}`. A task or plan you may
not see answers 404, exactly like one that does not exist. Commands take the `expected_version`
you last saw and answer 409 (`code: stale_version`) when someone changed it meanwhile, or 409
with the domain's `code` when the task's state forbids the command now; a request the rules
refuse for itself (no reason given, a deadline not later) answers 422.
"""
