"""Reading a request: its JSON body or query string through a schema, its size limit."""
from __future__ import annotations

import uuid

from flask import current_app, request
from werkzeug.exceptions import BadRequest

from service.api.errors import ApiError

DEFAULT_MAX_BODY = 1024 * 1024  # a command body is a few hundred bytes
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024  # a plan as PDF


def limit_body_size() -> None:
    """before_request: 1 MiB for JSON bodies, more for a plan upload (413 beyond). Set per
    request, so the web pages keep their own limits."""
    config = current_app.config
    if request.endpoint == "api.import_plan":
        request.max_content_length = config.get("API_MAX_UPLOAD_LENGTH", DEFAULT_MAX_UPLOAD)
    else:
        request.max_content_length = config.get("API_MAX_CONTENT_LENGTH", DEFAULT_MAX_BODY)


def json_body(schema) -> dict:
    """The body loaded through ``schema``: 415 if not JSON, 400 if malformed or invalid."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    try:
        data = request.get_json()
    except BadRequest:
        raise ApiError(400, "malformed_json", "the body is not valid JSON") from None
    except RecursionError:  # the parser's own stack: [[[[...]]]] a hundred thousand deep
        raise ApiError(400, "malformed_json", "the body nests too deeply") from None
    if _depth_beyond(data, MAX_DEPTH):
        raise ApiError(400, "malformed_json", f"the body nests deeper than {MAX_DEPTH} levels")
    return schema.load(data)


MAX_DEPTH = 20  # a command is a flat object with a list or two (figures, attachments)


def _depth_beyond(data, limit: int) -> bool:
    """Whether the JSON value nests deeper than ``limit`` (walked without recursion, so that
    marshmallow never recurses into it either)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def query_args(schema) -> dict:
    """The query string loaded through ``schema`` (a repeated parameter counts once: the last).

    What a query schema loads is a function of the raw query string alone (no field reads the
    clock, the actor or the database; every value loaded is immutable), and clients ask the
    same few strings again and again ("limit=20"): marshmallow's load cost 90 µs of a page
    of tasks. So a valid string's result is kept, per schema class, in a bounded memo, and a
    copy given each time. An invalid one is not kept: it is loaded again and answers the same
    400 naming its field."""
    raw = request.query_string
    key = (type(schema), raw)
    found = _QUERY_MEMO.get(key)
    if found is None:
        found = schema.load({k: v for k, v in request.args.items(multi=True)})
        if len(raw) <= MEMO_QUERY_LENGTH:
            if len(_QUERY_MEMO) >= MEMO_SIZE:
                _QUERY_MEMO.clear()  # (one step, safe beside other threads)
            _QUERY_MEMO[key] = found
    return dict(found)


MEMO_SIZE = 1024  # query strings kept (each at most MEMO_QUERY_LENGTH bytes: 1 MiB at most)
MEMO_QUERY_LENGTH = 1024
_QUERY_MEMO: dict[tuple, dict] = {}


def request_id() -> str:
    return request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex


def check_path_ids() -> None:
    """before_request: an id with a NUL in it names nothing (and PostgreSQL cannot compare it)."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and "\x00" in value:
            raise ApiError(404, "not_found", "no such thing, or not one you may see")
