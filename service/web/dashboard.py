"""Tổng hợp: the coordinator's dashboard. The first screen answers what is overdue, whose and
since when (agencies with the most overdue first, a few agencies a page, each with its oldest
tasks); an agency's whole overdue list is paged (``/tong-hop/qua-han``). The classification,
charts, targets and the report grid are a click away (``dashboard_more``). The overdue counts
are kept per process until the log moves or the day changes (``dashboard_cache``); the tasks
shown are read on every request.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from service.queries.dashboard import Filters
from service.queries.overdue_board import oldest_overdue, overdue_counts
from service.queries.plans import plan_choices
from service.queries.tasks import BadCursor, TaskFilters, list_tasks
from service.web import queries_tasks as q
from service.web.context import actor, now, require_roles, reading
from service.web.dashboard_cache import cached
from service.web.formatting import by_name, parse_vn_date
from service.web.i18n import _
from service.web.paging import filter_args, page_number
from service.web.timeline_text import kind_name
from workflows.classification import Status
from workflows.localtime import end_of_day_utc, local_date

bp = Blueprint("dashboard", __name__)
REVIEWERS = ("coordinator", "administrator", "leader")
AGENCIES_PER_PAGE, TASKS_SHOWN, TASKS_PER_PAGE = 10, 3, 20


def status_labels() -> dict[str, str]:
    return {"done_on_time": _("Hoàn thành đúng hạn"), "done_late": _("Hoàn thành quá hạn"),
            "in_progress_on_time": _("Đang làm trong hạn"), "in_progress_overdue": _("Đang làm quá hạn")}


def read_filters() -> tuple[Filters, object]:
    """The filters of the query string, and the instant counted as of (end of the as-of day)."""
    args = request.args
    status = args.get("status") or None
    if status not in {s.value for s in Status}:
        status = None
    kind = args.get("kind") if args.get("kind") in ("one_off", "continuous", "report") else None
    as_of = parse_vn_date(args.get("as_of", ""))
    instant = min(end_of_day_utc(as_of), now()) if as_of else now()
    plan = args.get("plan") or None
    return Filters(plan_id=plan, agency_id=args.get("agency") or None, kind=kind, status=status,
                   plan_ids=_with_lower(plan) if plan and args.get("cap_duoi") == "1" else ()), instant


def _with_lower(plan_id: str) -> tuple[str, ...]:
    """The plan and every plan below it in the cascade (service.queries.cascade)."""
    from service.queries.cascade import below

    with reading() as conn:
        return (plan_id, *below(conn, plan_id))


def common(conn) -> dict:
    """What every dashboard page shows: the filter form's choices and names."""
    return dict(cached(conn, names_shown, actor(), now(), Filters()), labels=status_labels(), kind_name=kind_name,
                args=filter_args())


def names_shown(conn, a, instant, f) -> dict:
    """The plans the actor may view, every agency's name (and in the filter's order) and every
    plan's: read models, so kept as the counts are, until the log moves (``dashboard_cache``)."""
    agencies = q.agency_names(conn)
    return dict(plans=plan_choices(conn, a), agencies=agencies, agency_choices=by_name(agencies),
                plan_names=q.plan_titles(conn))


def overdue_filters(f: Filters, agency_id: str | None = None) -> TaskFilters:
    return TaskFilters(plan_id=f.plan_id, agency_id=agency_id or f.agency_id, kind=f.kind, overdue=True)


@bp.get("/tong-hop")
@login_required
def index():
    require_roles(*REVIEWERS)
    filters, instant = read_filters()
    today, page = local_date(instant), page_number()
    with reading() as conn:
        late = cached(conn, overdue_counts, actor(), instant, filters)  # kept until the log moves
        shown = late[(page - 1) * AGENCIES_PER_PAGE:page * AGENCIES_PER_PAGE]
        rows = oldest_overdue(conn, actor(), filters, [a.agency_id for a in shown], instant, TASKS_SHOWN)
        names = common(conn)
    return render_template("dashboard.html", late=late, shown=shown, rows=rows, page=page,
                           pages=max(1, -(-len(late) // AGENCIES_PER_PAGE)), total=sum(a.count for a in late),
                           filters=filters, as_of=instant, today=today, one_day=timedelta(days=1), **names)


@bp.get("/tong-hop/qua-han")
@login_required
def overdue():
    """One agency's (or every visible) overdue tasks, oldest deadline first, a page at a time."""
    require_roles(*REVIEWERS)
    filters, instant = read_filters()
    try:
        with reading() as conn:
            page = list_tasks(conn, actor(), overdue_filters(filters), instant, limit=TASKS_PER_PAGE,
                              cursor=request.args.get("sau") or None)
            names = common(conn)
    except BadCursor:
        abort(404)
    return render_template("dashboard_overdue.html", rows=page.items, next_cursor=page.next_cursor,
                           filters=filters, as_of=instant, today=local_date(instant), **names)
