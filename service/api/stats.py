"""GET /stats/classification: done on time, done late, in progress on time, in progress
overdue, as of a day, over the tasks the actor may view, per agency and per plan."""
from __future__ import annotations

from flask import jsonify
from sqlalchemy import select

from service.api import bp
from service.api.auth import current_actor, reading
from service.api.present import counts_json, now
from service.api.requests import query_args
from service.api.schemas.agencies import ClassificationSchema, StatsQuerySchema
from service.projections.plans import plans
from service.queries.agencies import agency_names
from service.queries.stats import classification
from workflows.localtime import local_date


@bp.get("/stats/classification")
def classification_view():
    q = query_args(StatsQuerySchema())
    as_of = q.get("as_of") or local_date(now())
    with reading() as conn:
        result = classification(conn, current_actor(), as_of, q.get("plan"), q.get("agency"))
        names = agency_names(conn, result.by_agency)
        numbers = dict(conn.execute(select(plans.c.plan_id, plans.c.number)
                                    .where(plans.c.plan_id.in_(sorted(result.by_plan)))).all())
    return jsonify(ClassificationSchema().dump({
        "as_of": as_of, "total": counts_json(result.total),
        "by_agency": [{"agency_id": k, "name": names.get(k), **counts_json(v)}
                      for k, v in result.by_agency.items()],
        "by_plan": [{"plan_id": k, "number": numbers.get(k), **counts_json(v)}
                    for k, v in result.by_plan.items()],
    }))
