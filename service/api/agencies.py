"""GET /agencies: the shared registry of agencies."""
from __future__ import annotations

from flask import jsonify

from service.api import bp
from service.api.auth import reading
from service.api.requests import query_args
from service.api.schemas.agencies import AgencyListSchema, AgencyQuerySchema
from service.queries.agencies import list_agencies


@bp.get("/agencies")
def list_agencies_view():
    q = query_args(AgencyQuerySchema())
    with reading() as conn:
        rows = list_agencies(conn, q.get("level"))
    return jsonify(AgencyListSchema().dump({"items": [dict(r._mapping) for r in rows]}))
