"""Duyệt: results waiting for review and extension requests, and moving an agency's open tasks."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select

from service.eventlog.codec import decode_event, schema_of
from service.eventlog.tables import events
from service.web import queries_tasks as q
from service.web.context import actor, is_admin, require_roles, run, reading
from service.web.i18n import _
from service.web.timeline_text import kind_name
from workflows import commands as c

bp = Blueprint("review", __name__)


@bp.get("/duyet")
@login_required
def index():
    require_roles("coordinator", "administrator")
    scope = None if is_admin() else sorted(actor().plan_ids)
    with reading() as conn:
        submitted, extensions = q.awaiting_review(conn, scope)
        agencies, plans = q.agency_names(conn), q.plan_titles(conn)
        previews = latest_results(conn, [t["task_id"] for t in submitted])
    return render_template("review.html", submitted=submitted, extensions=extensions,
                           agencies=agencies, plans=plans, kind_name=kind_name, previews=previews)


def latest_results(conn, task_ids: list[str]) -> dict[str, dict]:
    """The result each task waits with (text, figures, files), for a preview in the queue; the
    queue is the plan's coordinators', who read every agency's results."""
    if not task_ids:
        return {}
    rows = conn.execute(select(events.c.stream_id, events.c.version, events.c.data, events.c.meta)
                        .where(events.c.stream_id.in_([f"task-{t}" for t in task_ids]),
                               events.c.type == "ResultSubmitted")
                        .order_by(events.c.stream_id, events.c.version)).all()
    latest = {}
    for r in rows:
        latest[r.stream_id.removeprefix("task-")] = r
    out = {}
    for task_id, r in latest.items():
        result = decode_event("ResultSubmitted", r.data, schema_of(r.meta))  # any shape ever written
        out[task_id] = {"text": result.text.strip(),
                        "figures": [(f.target, f.value) for f in result.figures],
                        "files": [a.name for a in result.attachments]}
    return out


@bp.post("/duyet/chuyen-co-quan")
@login_required
def reassign_agency():
    require_roles("coordinator", "administrator")
    source, dest = request.form.get("from_agency_id", ""), request.form.get("to_agency_id", "")
    ok, moved = run(c.ReassignAgencyTasks(source, dest, (request.form.get("reason") or "").strip()))
    if ok:
        from flask import flash

        flash(_("Đã chuyển {n} nhiệm vụ.", n=moved), "ok")
    return redirect(url_for("review.index"))
