"""The cascade between plans, as the plan's page shows it: GET which plans a plan implements
and the lower plans that implement it; POST a link (this plan implements that one) or an
unlink (a wrong match, with the reason). Both are the commands the page and `dondoc plan
correct --link/--unlink` send; a link between two active plans completes the higher plan's
"write your own plan" task of the lower plan's issuer."""
from __future__ import annotations

from dataclasses import asdict

from flask import jsonify
from service.api import bp
from service.api.auth import current_actor, reading
from service.api.plans import visible_plan
from service.api.present import counts_json, dd, now
from service.api.requests import json_body, request_id
from service.api.schemas import cascade as s
from service.queries.cascade import Cascade, implemented, plan_cascade
from workflows import commands as c
from workflows.localtime import local_date

_CASCADE, _CHANGED = s.CascadeSchema(), s.CascadeChangedSchema()
_LINK, _UNLINK = s.LinkPlanBody(), s.UnlinkPlanBody()


@bp.get("/plans/<plan_id>/cascade")
def plan_cascade_view(plan_id: str):
    plan = visible_plan(plan_id)
    with reading() as conn:
        return jsonify(_CASCADE.dump(_cascade_of(conn, plan)))


@bp.post("/plans/<plan_id>/links")
def link_plan(plan_id: str):
    body = json_body(_LINK)
    plan = visible_plan(plan_id)
    completed = dd().bus.handle(c.LinkPlan(plan_id, body["higher_plan_id"], body["note"]),
                                current_actor(), request_id())
    return _changed(plan, completed=completed)


@bp.post("/plans/<plan_id>/unlink")
def unlink_plan(plan_id: str):
    body = json_body(_UNLINK)
    plan = visible_plan(plan_id)
    reopened = dd().bus.handle(c.UnlinkPlan(plan_id, body["higher_plan_id"], body["reason"]),
                               current_actor(), request_id())
    return _changed(plan, reopened=reopened)


def _changed(plan, **extra):
    """The cascade after a link or an unlink (neither changes the plan's row)."""
    with dd().engine.connect() as conn:
        return jsonify(_CHANGED.dump({**_cascade_of(conn, plan), **extra}))


def _cascade_of(conn, plan) -> dict:
    """What the plan's page shows of its cascade (``plan``: its row, visible to the actor)."""
    plan_id = plan.plan_id
    below = plan_cascade(conn, plan_id, local_date(now())) if plan.status == "active" else Cascade()
    return {"plan_id": plan_id, "implements": [dict(r._mapping) for r in implemented(conn, plan_id)],
            "lower": [{**asdict(lp), "own": counts_json(lp.own), "rolled_up": counts_json(lp.rolled_up)}
                      for lp in below.lower],
            "missing": [asdict(m) for m in below.missing], "total": counts_json(below.total)}
