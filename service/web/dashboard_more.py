"""The dashboard's second screens: the four-way classification (totals, charts, by agency,
targets, exports) and the grid of periodic reports (paged by agency). Each is counted by the
database once per change of the log and day (``dashboard_cache``); the classification as of
today from the counts the tasks projection keeps (``service.queries.class_board``)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from service.queries.class_board import present_classification
from service.queries.dashboard_sql import classification_board, grid_board
from service.queries.target_board import latest_rows
from service.web import charts
from service.web.context import actor, now, require_roles, reading
from service.web.dashboard import REVIEWERS, common, read_filters
from service.web.dashboard_cache import cached
from service.web.formatting import by_name
from service.web.i18n import _
from service.web.paging import page_number
from workflows.classification import Status
from workflows.localtime import local_date

bp = Blueprint("dashboard_more", __name__)
AGENCIES_PER_GRID = 20


@bp.get("/tong-hop/phan-loai")
@login_required
def classes():
    require_roles(*REVIEWERS)
    filters, instant = read_filters()
    with reading() as conn:
        # as of today: from the counts the tasks projection keeps; a past day: from the rows
        present = local_date(instant) == local_date(now())
        board = cached(conn, present_classification if present else classification_board, actor(), instant, filters)
        names = common(conn)
        targets = latest_rows(conn, [p.plan_id for p in names["plans"] if filters.plan_id in (None, p.plan_id)],
                              local_date(instant))  # only the plans this person may see
    labels, agencies = names["labels"], names["agencies"]
    four = charts.bars([(labels[k], board.total.get(Status(k)), charts.COLOURS[k]) for k in charts.ORDER],
                       _("Phân loại nhiệm vụ"))
    worst = sorted(board.by_agency.items(), key=lambda kv: (-kv[1].in_progress_overdue, -kv[1].total))[:15]
    per_agency = charts.stacked([(agencies.get(a, a), {k: c.get(Status(k)) for k in charts.ORDER})
                                 for a, c in worst], labels, _("Theo cơ quan"))
    by_agency = [(aid, name, board.by_agency[aid])
                 for aid, name in by_name({a: agencies.get(a, a) for a in board.by_agency})]
    return render_template("dashboard_classes.html", board=board, four=four, per_agency=per_agency,
                           by_agency=by_agency,
                           filters=filters, as_of=instant, targets=targets, **names)


@bp.get("/tong-hop/bao-cao")
@login_required
def reports():
    require_roles(*REVIEWERS)
    filters, instant = read_filters()
    page = page_number()
    with reading() as conn:
        board = cached(conn, grid_board, actor(), instant, filters)
        names = common(conn)
    agencies = names["agencies"]
    ordered = [aid for aid, _name in by_name({a: agencies.get(a, a) for a in board.grid})]
    shown = ordered[(page - 1) * AGENCIES_PER_GRID:page * AGENCIES_PER_GRID]
    return render_template("dashboard_reports.html", board=board, shown=shown, page=page,
                           pages=max(1, -(-len(ordered) // AGENCIES_PER_GRID)), filters=filters,
                           as_of=instant, **names)
