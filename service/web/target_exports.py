"""The targets' progress as a spreadsheet (.xlsx) or CSV: every target of the plans in view,
at every period with figures."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import login_required

from service.queries.plans import list_plans
from service.queries.targets import plan_progress
from service.queries.target_board import cell, target_value
from service.web.context import actor, require_roles, reading
from service.web.dashboard import REVIEWERS, read_filters
from service.web.i18n import _
from service.web.spreadsheet import XLSX, csv_text, download_name, xlsx_bytes
from workflows.localtime import local_date

bp = Blueprint("target_exports", __name__)


def _table() -> tuple[list[str], list[list]]:
    require_roles(*REVIEWERS)
    filters, instant = read_filters()
    with reading() as conn:
        plans = {p.plan_id: p.number or p.title or p.plan_id for p in list_plans(conn, actor())}
        wanted = [filters.plan_id] if filters.plan_id in plans else list(plans)
        progress = {pid: plan_progress(conn, pid, local_date(instant)) for pid in wanted}
    header = [_("Kế hoạch"), _("Chỉ tiêu"), _("Kế hoạch đặt"), _("Kỳ"), _("Thực hiện"), _("Tỷ lệ đạt"),
              _("Đánh giá"), _("Cơ quan đã báo cáo")]
    words = {True: _("Đúng tiến độ"), False: _("Chậm tiến độ"), None: _("Chưa có số liệu")}
    rows = []
    for plan_id, items in progress.items():
        for tp in items:
            c = cell(tp)
            rows.append([plans[plan_id], tp.target.text, target_value(tp.target), tp.period.label,
                         c["achieved"], c["share"], words[c["on_track"]], f"{c['reported']}/{c['answering']}"])
    return header, rows


@bp.get("/tong-hop/chi-tieu.xlsx")
@login_required
def targets_xlsx():
    header, rows = _table()
    body = xlsx_bytes(_("Chỉ tiêu"), header, rows, (18, 60, 14, 22, 14, 10, 16, 12))
    return Response(body, mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{_name("xlsx")}"'})


@bp.get("/tong-hop/chi-tieu.csv")
@login_required
def targets_csv():
    return Response(csv_text(*_table()), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_name("csv")}"'})


def _name(ext: str) -> str:
    filters, instant = read_filters()
    return download_name("chi-tieu", [filters.plan_id], local_date(instant), ext)
