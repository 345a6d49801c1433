"""The targets' progress as a spreadsheet (.xlsx) or CSV: every target of the plans in view,
at every period with figures."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response
from flask_login import login_required
from openpyxl import Workbook
from openpyxl.styles import Font

from service.queries.plans import list_plans
from service.queries.targets import plan_progress
from service.queries.target_board import cell, target_value
from service.web.context import actor, require_roles, reading
from service.web.dashboard import REVIEWERS, read_filters
from service.web.i18n import _
from workflows.localtime import local_date

bp = Blueprint("target_exports", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    return header, [[_plain(v) for v in row] for row in rows]


def _plain(value: str) -> str:
    """A plan's text starting like a formula is shown as text, never run by a spreadsheet."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


@bp.get("/tong-hop/chi-tieu.xlsx")
@login_required
def targets_xlsx():
    header, rows = _table()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Chỉ tiêu")
    sheet.append(header)
    for c in sheet[1]:
        c.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for letter, width in zip("ABCDEFGH", (18, 60, 14, 22, 14, 10, 16, 12)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(), mimetype=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="chi-tieu.xlsx"'})


@bp.get("/tong-hop/chi-tieu.csv")
@login_required
def targets_csv():
    header, rows = _table()
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="chi-tieu.csv"'})
