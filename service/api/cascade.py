"""The cascade between plans, as the plan's page shows it: GET which plans a plan implements
and the lower plans that implement it; POST a link (this plan implements that one) or an
unlink (a wrong match, with the reason). Both are the commands the page and `dondoc plan
correct --link/--unlink` send; a link between two active plans completes the higher plan's
"write your own plan" task of the lower plan's issuer."""
from __future__ import annotations

from dataclasses import asdict

from flask import jsonify
from sqlalchemy import select

from service.api import bp
from service.api.auth import current_actor, reading
from service.api.errors import not_found
from service.api.present import counts_json, dd, now
from service.api.requests import json_body, request_id
from service.api.schemas import cascade as s
from service.projections.plan_links import plan_links
from service.projections.plans import plans
from service.queries.cascade import Cascade, plan_cascade
from service.queries.plans import get_plan
from workflows import commands as c
from workflows.localtime import local_date

_CASCADE, _CHANGED = s.CascadeSchema(), s.CascadeChangedSchema()
_LINK, _UNLINK = s.LinkPlanBody(), s.UnlinkPlanBody()


@bp.get("/plans/<plan_id>/cascade")
def plan_cascade_view(plan_id: str):
    with reading() as conn:
        return jsonify(_CASCADE.dump(_cascade_of(conn, plan_id)))


@bp.post("/plans/<plan_id>/links")
def link_plan(plan_id: str):
    body = json_body(_LINK)
    _visible(plan_id)
    completed = dd().bus.handle(c.LinkPlan(plan_id, body["higher_plan_id"], body["note"]),
                                current_actor(), request_id())
    return _changed(plan_id, completed=completed)


@bp.post("/plans/<plan_id>/unlink")
def unlink_plan(plan_id: str):
    body = json_body(_UNLINK)
    _visible(plan_id)
    reopened = dd().bus.handle(c.UnlinkPlan(plan_id, body["higher_plan_id"], body["reason"]),
                               current_actor(), request_id())
    return _changed(plan_id, reopened=reopened)


def _changed(plan_id: str, **extra):
    with dd().engine.connect() as conn:
        return jsonify(_CHANGED.dump({**_cascade_of(conn, plan_id), **extra}))


def _visible(plan_id: str) -> None:
    with reading() as conn:
        if get_plan(conn, current_actor(), plan_id) is None:
            raise not_found("plan")


def _cascade_of(conn, plan_id: str) -> dict:
    """The plan's cascade (404 if the actor may not view the plan): what its page shows."""
    plan = get_plan(conn, current_actor(), plan_id)
    if plan is None:
        raise not_found("plan")
    higher = conn.execute(
        select(plans.c.plan_id, plans.c.number, plans.c.title, plans.c.issuer, plans.c.status,
               plan_links.c.reference, plan_links.c.how, plan_links.c.linked_at)
        .join(plans, plans.c.plan_id == plan_links.c.higher_plan_id)
        .where(plan_links.c.lower_plan_id == plan_id)
        .order_by(plan_links.c.linked_at, plans.c.plan_id)).mappings().all()
    below = plan_cascade(conn, plan_id, local_date(now())) if plan.status == "active" else Cascade()
    return {"plan_id": plan_id, "implements": [dict(r) for r in higher],
            "lower": [{**asdict(lp), "own": counts_json(lp.own), "rolled_up": counts_json(lp.rolled_up)}
                      for lp in below.lower],
            "missing": [asdict(m) for m in below.missing], "total": counts_json(below.total)}
