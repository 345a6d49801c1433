"""Targets on the plan page (progress, history of figures, a coordinator's correction) and the
consolidated report's download."""
from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_login import login_required

from service.web.messages import describe_vi
from service.queries.target_board import board
from service.web import queries_tasks as q
from service.web.context import actor, dd, now, reading
from service.web.i18n import _
from workflows.localtime import local_date
from workflows.numbers import parse_number
from workflows.targets import format_number
from workflows.target_commands import CorrectTargetFigure, DraftReport

bp = Blueprint("targets_page", __name__)


@bp.app_template_filter("vnnumber")
def vn_number(value) -> str:
    """1600 -> "1.600", 43.6 -> "43,6"."""
    return format_number(Decimal(str(value))) if value is not None else ""


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_board(plan_id: str) -> dict | None:
    """What the plan page shows of the plan's targets (None: it tracks none)."""
    with reading() as conn:
        shown = board(conn, plan_id, local_date(now()))
        if shown is not None:
            shown["agencies"] = q.agency_names(conn)
        return shown


@bp.post("/ke-hoach/<plan_id>/bao-cao")
@login_required
def report(plan_id: str):
    """Generate the consolidated report (an event) and send it as a Word file."""
    period = (request.form.get("period") or "").strip()
    try:
        result = dd().bus.handle(DraftReport(plan_id, period, request.form.get("cap_duoi") == "1"), actor())
    except Exception as exc:
        if (why := describe_vi(exc)) is None:
            raise
        flash(_("Không tạo được báo cáo: {reason}", reason=why), "error")
        return redirect(url_for("plans_import.draft", plan_id=plan_id) + "#chi-tieu")
    return Response(result.data, mimetype=DOCX, headers={
        "Content-Disposition": f'attachment; filename="{result.filename}"'})


@bp.post("/ke-hoach/<plan_id>/chi-tieu/sua")
@login_required
def correct(plan_id: str):
    form = request.form
    raw = [(form.get(name) or "").strip() for name in ("value", "numerator", "denominator")]
    try:
        value, numerator, denominator = (parse_number(r) if r else None for r in raw)
        command = CorrectTargetFigure(plan_id, form.get("target_id") or "", form.get("agency_id") or "",
                                      (form.get("period") or "").strip(), value, numerator, denominator,
                                      note=(form.get("note") or "").strip() or None)
        dd().bus.handle(command, actor())
        flash(_("Đã sửa số liệu."), "ok")
    except Exception as exc:
        if (why := describe_vi(exc)) is None:
            raise
        flash(why, "error")
    return redirect(url_for("plans_import.draft", plan_id=plan_id) + "#chi-tieu")
