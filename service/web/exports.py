"""The dashboard's task table as a spreadsheet (.xlsx) or CSV, with the dashboard's filters;
the workbook has the grid of periodic reports (agency × period) as a second sheet."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, Response
from flask_login import login_required

from service.queries.dashboard import dashboard
from service.queries.dashboard_sql import grid_board
from service.web import queries_tasks as q
from service.web.context import actor, require_roles, reading
from service.web.dashboard import REVIEWERS, read_filters, status_labels
from service.texts import N_
from service.web.i18n import _
from service.web.formatting import by_name
from service.web.spreadsheet import XLSX, csv_text, download_name, xlsx_book
from service.web.timeline_text import kind_name, state_name
from workflows.classification import TaskFacts, classify
from workflows.localtime import local_date

bp = Blueprint("exports", __name__)


def _read(with_grid: bool):
    """Everything an export shows, read once under the dashboard's filters: the board with its
    rows, the grid of periodic reports (for the workbook), names, and the file's name
    (nhiem-vu_<plan number>_<as-of day>: what the file holds and when)."""
    require_roles(*REVIEWERS)
    filters, instant = read_filters()
    with reading() as conn:
        board = dashboard(conn, actor(), instant, filters, keep_rows=True)
        grid = grid_board(conn, actor(), instant, filters) if with_grid else None
        agencies, plans = q.agency_names(conn), q.plan_titles(conn)
    plan = plans.get(filters.plan_id) if filters.plan_id else None
    name = partial(download_name, "nhiem-vu", [plan or "tat-ca-ke-hoach"], local_date(instant))
    return board, grid, agencies, plans, instant, name


def _table(board, agencies, plans, instant) -> tuple[list[str], list[list]]:
    labels = status_labels()
    header = [_("Kế hoạch"), _("Cơ quan"), _("Nhiệm vụ"), _("Loại"), _("Kỳ"), _("Hạn"),
              _("Trạng thái"), _("Phân loại"), _("Ngày gửi kết quả")]
    rows = []
    for r in sorted(board.rows, key=lambda r: (r.deadline, r.task_id)):
        status = classify(TaskFacts(r.task_id, r.plan_id, r.agency_id, r.deadline, r.done_at,
                                    r.cancelled_at, r.created_at), instant)
        rows.append([plans.get(r.plan_id, r.plan_id), agencies.get(r.agency_id, r.agency_id),
                     r.duty_text, kind_name(r.kind), r.period_label or "", r.deadline,
                     state_name(r.state), labels[status.value] if status else "",
                     local_date(r.submitted_at) if r.submitted_at else None])
    return header, rows


GRID_MARKS = {"on_time": N_("Đúng hạn"), "late": N_("Muộn"), "missing": N_("Chưa gửi, quá hạn"),
              "pending": N_("Chưa đến hạn")}


def _grid(board, agencies) -> tuple[list[str], list[list]]:
    """The grid of periodic reports: an agency a row, a period a column, what was sent."""
    header = [_("Cơ quan")] + [label for _key, label in board.periods]
    rows = [[name] + [_(GRID_MARKS[s]) if (s := board.grid[aid].get(key)) else ""
                      for key, _label in board.periods]
            for aid, name in by_name({aid: agencies.get(aid, aid) for aid in board.grid})]
    return header, rows


@bp.get("/tong-hop/nhiem-vu.xlsx")
@login_required
def tasks_xlsx():
    board, grid, agencies, plans, instant, name = _read(with_grid=True)
    header, rows = _table(board, agencies, plans, instant)
    grid_header, grid_rows = _grid(grid, agencies)
    data = xlsx_book([(_("Nhiệm vụ"), header, rows, (18, 30, 60, 14, 14, 12, 16, 22, 14)),
                      (_("Báo cáo định kỳ"), grid_header, grid_rows,
                       (40, *(12 for _h in grid_header[1:])))])
    return Response(data, mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name("xlsx")}"'})


@bp.get("/tong-hop/nhiem-vu.csv")
@login_required
def tasks_csv():
    board, _grid_board, agencies, plans, instant, name = _read(with_grid=False)
    header, rows = _table(board, agencies, plans, instant)
    return Response(csv_text(header, rows), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name("csv")}"'})
