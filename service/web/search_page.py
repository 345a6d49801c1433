"""Tìm kiếm: plans, tasks and agencies matching the words typed, within what the person sees."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from service.queries.search import LIMIT, search
from service.web import queries_tasks as q
from service.web.context import actor, reading
from service.web.timeline_text import state_name

bp = Blueprint("search_page", __name__)


@bp.get("/tim-kiem")
@login_required
def index():
    query = (request.args.get("q") or "").strip()
    with reading() as conn:
        found = search(conn, actor(), query)
        names = q.agency_names(conn) if found.tasks else {}
        plans = q.plan_titles(conn) if found.tasks else {}
    return render_template("search.html", query=query, found=found, agencies=names, plans=plans,
                           limit=LIMIT, state_name=state_name)
