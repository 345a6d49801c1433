"""Collective duties on the plan page: N of M members done, who is missing, and the
coordinator's choice of when the duty counts complete (all members, or a number of them)."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import login_required

from service.queries.collectives import collective_progress
from service.queries.plans import get_plan
from service.web.context import actor, reading, run
from service.web.i18n import _
from workflows import commands as c
from workflows.permissions import PlanRef, can

bp = Blueprint("collective_duties", __name__)


def plan_collectives(conn, plan) -> dict:
    """What the plan page's section needs: the progress of each collective duty, and whether
    the reader may choose its quorum."""
    return {"duties": collective_progress(conn, dict(plan._mapping)),
            "may_choose": can(actor(), "accept", PlanRef(plan.plan_id))}


@bp.post("/ke-hoach/<plan_id>/tap-the")
@login_required
def set_quorum(plan_id: str):
    with reading() as conn:
        if get_plan(conn, actor(), plan_id) is None:
            abort(404)
    raw = (request.form.get("quorum") or "").strip()
    quorum = None if request.form.get("rule") == "all" or not raw else _number(raw)
    duty_id = request.form.get("duty_id") or ""
    run(c.SetCollectiveQuorum(plan_id, duty_id, quorum),
        _("Đã lưu: nhiệm vụ được tính là hoàn thành khi đủ {n} đơn vị.", n=quorum) if quorum
        else _("Đã lưu: nhiệm vụ được tính là hoàn thành khi tất cả đơn vị hoàn thành."))
    return redirect(url_for("plans_import.draft", plan_id=plan_id) + "#tap-the")


def _number(raw: str):
    try:
        return int(raw)
    except ValueError:
        return raw  # refused by the plan with its reason, in words
