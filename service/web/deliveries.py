"""Gửi tin: messages that never arrived and people nobody can reach, for the coordinator to fix
(a wrong number, a missing email, an agency with no focal point)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from service.outbox.queries import failed_deliveries, status_counts, unreachable_people
from service.web import queries_tasks as q
from service.web.context import actor, is_admin, reading, require_roles

bp = Blueprint("deliveries", __name__)


@bp.get("/gui-tin")
@login_required
def index():
    require_roles("coordinator", "administrator")
    plan_ids = None if is_admin() else sorted(actor().plan_ids)
    with reading() as conn:
        failed = failed_deliveries(conn, plan_ids)
        unreachable = unreachable_people(conn)
        counts = status_counts(conn)
        agencies = q.agency_names(conn)
    return render_template("deliveries.html", failed=failed, unreachable=unreachable,
                           counts=counts, agencies=agencies)
