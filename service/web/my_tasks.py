"""Việc của tôi: the focal point's agency's tasks, by deadline, overdue ones marked; filtered
by plan, urgency, kind and state, twenty a page.

An agency's list is small (its tasks of a few years: hundreds), so it is read whole, counted
by urgency for the summary and filtered here; the summary counts all of it, not the page."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from service.web import queries_tasks as q
from service.web.context import actor, now, reading
from service.web.paging import paged
from service.web.timeline_text import kind_name, state_name
from workflows.localtime import local_date

bp = Blueprint("my_tasks", __name__)
PAGE = 20
URGENCIES = ("overdue", "due_today", "due_soon")
KINDS = ("one_off", "continuous", "report")


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
    counts = {u: sum(1 for r in rows if r["urgency"] == u) for u in URGENCIES}
    filters = _filters(states)
    shown = [r for r in rows if _matches(r, filters)]
    page_rows, page, pages = paged(shown, PAGE)
    args = {k: v for k, v in request.args.items() if k != "trang" and v}
    return render_template("my_tasks.html", rows=page_rows,
                           total=len(shown), plans=plans, agency=agency, today=today,
                           counts=counts, show_done=show_done, state_name=state_name,
                           kind_name=kind_name, filters=filters, page=page, pages=pages, args=args,
                           plan_choices=sorted({r["plan_id"] for r in rows}),
                           state_choices=states, kinds=KINDS, urgencies=URGENCIES)


def _filters(states) -> dict:
    got = request.args
    return {"plan_id": got.get("plan") or None,
            "urgency": got.get("muc") if got.get("muc") in URGENCIES else None,
            "kind": got.get("loai") if got.get("loai") in KINDS else None,
            "state": got.get("tt") if got.get("tt") in states else None}


def _matches(row: dict, f: dict) -> bool:
    return ((f["plan_id"] is None or row["plan_id"] == f["plan_id"])
            and (f["urgency"] is None or row["urgency"] == f["urgency"])
            and (f["kind"] is None or row["kind"] == f["kind"])
            and (f["state"] is None or row["state"] == f["state"]))
