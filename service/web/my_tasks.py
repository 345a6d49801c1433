"""Việc của tôi: the focal point's agency's open tasks, by deadline, overdue ones marked."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from service.web import queries_tasks as q
from service.web.context import actor, now, reading
from workflows.localtime import local_date
from service.web.timeline_text import kind_name, state_name

bp = Blueprint("my_tasks", __name__)


@bp.get("/viec-cua-toi")
@login_required
def index():
    a = actor()
    if not a.agency_id:
        abort(403)
    show_done = request.args.get("xong") == "1"
    states = (*q.WORKING, "done") if show_done else q.WORKING
    with reading() as conn:
        rows = q.agency_tasks(conn, a.agency_id, states)
        plans = q.plan_titles(conn)
        agency = q.agency_names(conn).get(a.agency_id, a.agency_id)
    today, at = local_date(now()), now()
    for r in rows:
        r["urgency"] = q.urgency(r, at)
    counts = {u: sum(1 for r in rows if r["urgency"] == u) for u in ("overdue", "due_today", "due_soon")}
    return render_template("my_tasks.html", rows=rows, plans=plans, agency=agency, today=today,
                           counts=counts, show_done=show_done, state_name=state_name,
                           kind_name=kind_name)
