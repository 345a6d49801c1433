"""Kế hoạch: import a plan file in the browser, correct its draft beside the source lines,
activate it. Each correction is one CorrectDraft command (the log keeps who changed what)."""
from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from service.queries.plans import get_plan, list_plans
from service.queries.visibility import can_review_plan
from service.web import plan_sources
from service.web.plan_cascade import cascade_context
from service.web.collective_duties import plan_collectives
from service.web.context import actor, run, reading
from service.web.draft_warnings import shown_warnings
from service.web.formatting import parse_vn_date
from service.web.i18n import _
from service.web.my_settings import KIND_NAMES
from service.web.targets_page import plan_board
from service.web.timeline_text import kind_name
from workflows import commands as c
from workflows.message_prefs import OPTIONAL_KINDS
from workflows.permissions import PlanRef, can
from workflows.plan_events import Correction

bp = Blueprint("plans_import", __name__)
MAX_PLAN_BYTES = 15 * 1024 * 1024
PLAN_KINDS = {"txt": None, "md": None, "docx": b"PK\x03\x04", "pdf": b"%PDF-"}
CADENCES = ("monthly", "quarterly", "semiannual", "nine_months", "annual")
# the draft fields a person may correct here, and how the form's text becomes the value
EDITABLE = [
    (re.compile(r"(number|title|issuer)"), "text"),
    (re.compile(r"issued_on|assignments/\d+/duties/\d+/due"), "date"),
    (re.compile(r"period"), "period"),
    (re.compile(r"reporting/\d+/cadence"), "cadence"),
    (re.compile(r"reporting/\d+/from"), "lines"),
    (re.compile(r"reporting/\d+/recipient"), "optional_text"),
    (re.compile(r"reporting/\d+/due"), "report_due"),
    (re.compile(r"assignments/\d+/agencies"), "lines"),
    (re.compile(r"assignments/\d+/role"), "role"),
    (re.compile(r"assignments/\d+/duties/\d+/text"), "text"),
    (re.compile(r"assignments/\d+/duties/\d+/kind"), "kind"),
]
REMOVABLE = re.compile(r"reporting/\d+|assignments/\d+/duties/\d+")


@bp.get("/ke-hoach")
@login_required
def index():
    with reading() as conn:
        plans = list_plans(conn, actor())
    return render_template("plans.html", plans=plans, may_import=can(actor(), "import_plan"))


@bp.post("/ke-hoach/nhap")
@login_required
def upload():
    if not can(actor(), "import_plan"):
        abort(403)
    file = request.files.get("file")
    name = (file.filename or "").rsplit("/", 1)[-1] if file else ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    data = file.stream.read(MAX_PLAN_BYTES + 1) if file else b""
    problem = _problem(name, ext, data)
    if problem:
        flash(problem, "error")
        return redirect(url_for("plans_import.index"))
    ok, imported = run(c.ImportPlan(name, data))
    if not ok:
        return redirect(url_for("plans_import.index"))
    flash(_("Đã đọc kế hoạch. Hãy kiểm tra và sửa trước khi kích hoạt."), "ok")
    return redirect(url_for("plans_import.draft", plan_id=imported.plan_id))


def _problem(name: str, ext: str, data: bytes) -> str | None:
    if ext not in PLAN_KINDS:
        return _("Chỉ nhận tệp .txt, .md, .docx hoặc .pdf.")
    if not data:
        return _("Tệp rỗng.")
    if len(data) > MAX_PLAN_BYTES:
        return _("Tệp lớn hơn {mb} MB.", mb=MAX_PLAN_BYTES // 2**20)
    magic = PLAN_KINDS[ext]
    if magic is not None and not data.startswith(magic):
        return _("Nội dung tệp không khớp với đuôi .{ext}.", ext=ext)
    if magic is None and b"\x00" in data[:8192]:
        return _("Tệp .{ext} phải là văn bản.", ext=ext)
    return None


def reviewable_plan(conn, plan_id: str):
    plan = get_plan(conn, actor(), plan_id)
    if plan is None or not can_review_plan(actor(), plan_id):
        abort(404)
    return plan


@bp.get("/ke-hoach/<plan_id>")
@login_required
def draft(plan_id: str):
    with reading() as conn:
        plan = reviewable_plan(conn, plan_id)
        cascade = cascade_context(conn, plan)
        collectives = plan_collectives(conn, plan) if plan.status == "active" else None
    lines = plan_sources.source_lines(plan.source_sha256)
    editable = plan.status == "draft" and can(actor(), "activate_plan", PlanRef(plan_id))
    warnings = shown_warnings(plan.draft) if plan.status == "draft" else []
    return render_template("plan_draft.html", plan=plan, d=plan.draft, lines=lines, warnings=warnings,
                           editable=editable, cadences=CADENCES, kind_name=kind_name, due_text=due_text,
                           due_input=due_input, kinds=("one_off", "continuous", "report"),
                           targets=plan_board(plan_id) if plan.status == "active" else None,
                           may_report=can(actor(), "accept", PlanRef(plan_id)),
                           message_kinds=KIND_NAMES, collectives=collectives, **cascade)


@bp.post("/ke-hoach/<plan_id>/sua")
@login_required
def correct(plan_id: str):
    with reading() as conn:
        reviewable_plan(conn, plan_id)
    correction = _correction(request.form)
    if correction is None:
        flash(_("Giá trị không hợp lệ."), "error")
    else:
        run(c.CorrectDraft(plan_id, (correction,), expected_version=int_or_none(request.form.get("version"))),
            _("Đã sửa."))
    anchor = request.form.get("anchor") or ""
    return redirect(url_for("plans_import.draft", plan_id=plan_id) + (f"#{anchor}" if anchor else ""))


def _correction(form) -> Correction | None:
    op, path = form.get("op", "set"), form.get("path", "")
    if op == "remove":
        return Correction("remove", path) if REMOVABLE.fullmatch(path) else None
    if op == "append" and path == "reporting":
        cadence = form.get("value")
        return Correction("append", "reporting", {"cadence": cadence, "recipient": None, "from": [],
                                                  "due": None, "line": None}) if cadence in CADENCES else None
    for pattern, kind in EDITABLE:
        if op == "set" and pattern.fullmatch(path):
            value = field_value(kind, form)
            return None if value is INVALID else Correction("set", path, value)
    return None


INVALID = object()


def field_value(kind: str, form):
    raw = (form.get("value") or "").strip()
    if kind == "text":
        return raw or INVALID
    if kind == "optional_text":
        return raw or None
    if kind == "report_due":
        return report_due(raw)
    if kind == "date":
        day = parse_vn_date(raw)
        return day.isoformat() if day else (None if not raw else INVALID)
    if kind == "period":
        start, end = parse_vn_date(form.get("start", "")), parse_vn_date(form.get("end", ""))
        return {"start": start.isoformat(), "end": end.isoformat()} if start and end and start <= end else INVALID
    if kind == "lines":
        names = [n.strip() for n in re.split(r"[\n;]", raw) if n.strip()]
        return names or INVALID
    allowed = {"cadence": CADENCES, "role": ("lead", "requested"),
               "kind": ("one_off", "continuous", "report")}[kind]
    return raw if raw in allowed else INVALID


def report_due(raw: str):
    """What a reviewer types for a report's date -> the draft's `due`: '15/12' a day each year
    ("12-15"), '20' a day each month ("20"), '15/12/2025' one date; empty clears it."""
    raw = re.sub(r"^(?:trước\s+)?ngày\s+|\s+(?:hằng|hàng)\s+(?:năm|tháng)$", "", raw.strip(), flags=re.IGNORECASE)
    if not raw:
        return None
    m = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})", raw)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return f"{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    if re.fullmatch(r"\d{1,2}", raw) and 1 <= int(raw) <= 31:
        return f"{int(raw):02d}"
    day = parse_vn_date(raw)
    return day.isoformat() if day else INVALID


def due_input(due) -> str:
    """The draft's `due` the way the form takes it back ('15/12', '20', '15/12/2025')."""
    due = str(due or "")
    m = re.fullmatch(r"(?:(\d{4})-)?(\d{2})-(\d{2})", due)
    if m:
        return f"{m.group(3)}/{m.group(2)}" + (f"/{m.group(1)}" if m.group(1) else "")
    return due


def due_text(due) -> str:
    """The draft's `due` as a Vietnamese reader writes it."""
    due = str(due or "")
    if re.fullmatch(r"\d{1,2}", due):
        return _("ngày {d} hằng tháng", d=int(due))
    m = re.fullmatch(r"(\d{2})-(\d{2})", due)
    if m:
        return _("ngày {d}/{m} hằng năm", d=int(m.group(2)), m=int(m.group(1)))
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", due)
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else due


@bp.post("/ke-hoach/<plan_id>/kich-hoat")
@login_required
def activate(plan_id: str):
    with reading() as conn:
        reviewable_plan(conn, plan_id)
    days = int_or_none(request.form.get("days_after_cutoff")) or 2
    kept = (request.form.get("retention_days") or "").strip()  # empty: the files are kept
    settings = {"retention_days": kept if int_or_none(kept) is None else int_or_none(kept)} if kept else {}
    # kinds of message nobody may turn off for this plan's tasks (workflows.message_prefs)
    required = [k for k in OPTIONAL_KINDS if k in request.form.getlist("required_kinds")]
    if required:
        settings["messages"] = {"required": required}
    ok, count = run(c.ActivatePlan(plan_id, days_after_cutoff=max(0, min(days, 30)),
                                   settings=settings,
                                   expected_version=int_or_none(request.form.get("version"))))
    if ok:
        flash(_("Đã kích hoạt kế hoạch: {n} nhiệm vụ.", n=count), "ok")
        return redirect(url_for("dashboard.index", plan=plan_id))
    return redirect(url_for("plans_import.draft", plan_id=plan_id))


def int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
