"""Gửi tin: messages that never arrived and people nobody can reach, for the coordinator to fix
(a wrong number, a missing email, an agency with no focal point)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from sqlalchemy import select

from service.outbox.queries import failed_deliveries, status_counts, unreachable_people
from service.projections.tasks import tasks
from service.web import queries_tasks as q
from service.web.context import actor, is_admin, reading, require_roles

bp = Blueprint("deliveries", __name__)


def _agencies_of(conn, plan_ids: list[str]) -> list[str]:
    """The agencies with a task in these plans: the only people a coordinator may be shown."""
    return list(conn.execute(select(tasks.c.agency_id).where(tasks.c.plan_id.in_(plan_ids))
                             .distinct()).scalars())


@bp.get("/gui-tin")
@login_required
def index():
    require_roles("coordinator", "administrator")
    plan_ids = None if is_admin() else sorted(actor().plan_ids)
    with reading() as conn:
        failed = failed_deliveries(conn, plan_ids)
        unreachable = unreachable_people(conn, None if plan_ids is None else _agencies_of(conn, plan_ids))
        counts = status_counts(conn)
        agencies = q.agency_names(conn)
    return render_template("deliveries.html", failed=failed, unreachable=unreachable,
                           counts=counts, agencies=agencies)
