"""Tổng hợp: the coordinator's dashboard, for one plan or for all of theirs, with filters."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from service.queries.dashboard import Filters
from service.queries.plans import list_plans
from service.queries.target_board import latest_rows
from service.web import charts
from service.web import queries_tasks as q
from service.web.dashboard_cache import cached_dashboard
from service.web.context import actor, now, require_roles, reading
from service.web.formatting import parse_vn_date
from service.web.i18n import _
from service.web.timeline_text import kind_name
from workflows.classification import Status
from workflows.localtime import end_of_day_utc, local_date

bp = Blueprint("dashboard", __name__)
REVIEWERS = ("coordinator", "administrator", "leader")


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
    return Filters(plan_id=args.get("plan") or None, agency_id=args.get("agency") or None,
                   kind=kind, status=status), instant


@bp.get("/tong-hop")
@login_required
def index():
    require_roles(*REVIEWERS)
    filters, instant = read_filters()
    with reading() as conn:
        board = cached_dashboard(conn, actor(), instant, filters)
        plans = list_plans(conn, actor())
        agencies = q.agency_names(conn)
        targets = latest_rows(conn, [p.plan_id for p in plans if filters.plan_id in (None, p.plan_id)],
                              local_date(instant))  # only the plans this person may see
    labels = status_labels()
    four = charts.bars([(labels[k], board.total.get(Status(k)), charts.COLOURS[k]) for k in charts.ORDER],
                       _("Phân loại nhiệm vụ"))
    worst = sorted(board.by_agency.items(), key=lambda kv: (-kv[1].in_progress_overdue, -kv[1].total))[:15]
    per_agency = charts.stacked([(agencies.get(a, a), {k: c.get(Status(k)) for k in charts.ORDER})
                                 for a, c in worst], labels, _("Theo cơ quan"))
    return render_template("dashboard.html", board=board, plans=plans, agencies=agencies,
                           labels=labels, four=four, per_agency=per_agency, filters=filters,
                           as_of=instant, kind_name=kind_name, args=request.args.to_dict(),
                           targets=targets)
