"""Gửi tin: messages that never arrived and people nobody can reach, for the coordinator to fix
(a wrong number, a missing email, an agency with no focal point)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from sqlalchemy import select

from service.outbox.queries import failed_deliveries, status_counts, unreachable_people
from service.projections.tasks import tasks
from service.web import queries_tasks as q
from service.web.context import actor, is_admin, reading, require_roles
from service.web.formatting import by_name
from service.web.i18n import _
from service.web.timeline_text import CHANNELS, MESSAGE_KINDS, why

bp = Blueprint("deliveries", __name__)


def _agencies_of(conn, plan_ids: list[str]) -> list[str]:
    """The agencies with a task in these plans: the only people a coordinator may be shown."""
    return list(conn.execute(select(tasks.c.agency_id).where(tasks.c.plan_id.in_(plan_ids))
                             .distinct()).scalars())


PAGE = 30  # failed messages a page


@bp.get("/gui-tin")
@login_required
def index():
    """Failed messages grouped by agency (the agency with most first), a page at a time, each
    with why in words; people nobody can reach; the counts of this coordinator's plans only."""
    require_roles("coordinator", "administrator")
    plan_ids = None if is_admin() else sorted(actor().plan_ids)
    raw = request.args.get("trang", "1")
    page = max(1, int(raw)) if raw.isdigit() else 1
    with reading() as conn:
        failed = failed_deliveries(conn, plan_ids, limit=1000)
        unreachable = unreachable_people(conn, None if plan_ids is None else _agencies_of(conn, plan_ids))
        counts = status_counts(conn, plan_ids)
        agencies = q.agency_names(conn)
    for m in failed:
        m["why"] = why(m)
        m["channel_name"] = _(CHANNELS.get(m["channel"], m["channel"]))
        m["kind_name"] = _(MESSAGE_KINDS.get(m["kind"], m["kind"]))
    for p in unreachable:
        p["channel_names"] = [_(CHANNELS.get(ch, ch)) for ch in p["channels"]]
    shown = failed[(page - 1) * PAGE:page * PAGE]
    groups: dict[str, list] = {}
    for m in shown:
        groups.setdefault(m.get("task_agency_id") or "", []).append(m)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return render_template("deliveries.html", groups=ordered, failed_total=len(failed),
                           page=page, pages=max(1, -(-len(failed) // PAGE)),
                           unreachable=by_name(unreachable, "name"), counts=counts,
                           agencies=agencies, may_add_people=is_admin())
