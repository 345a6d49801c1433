"""The forms of a task page: each one command, with the version of the task the person saw."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required

from service.web import queries_tasks as q
from service.web.context import run, reading
from service.web.formatting import parse_vn_date
from service.web.i18n import _
from service.web.target_fields import figure_fields, submitted_figures
from service.web.task_page import visible_task
from service.web.uploads import MAX_FILES, UploadRefused, check, store, upload_dir
from workflows import commands as c
from workflows.numbers import NotANumber, parse_number
from workflows.task_events import Figure

bp = Blueprint("task_post", __name__)


def _version() -> int:
    """The version of the task the person saw; a form without it is refused (400), never run
    without the concurrency check."""
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        abort(400, description="version")


def _int(field: str) -> int:
    try:
        return int(request.form.get(field, ""))
    except ValueError:
        return 0


def _back(task_id: str):
    return redirect(url_for("task_page.show", task_id=task_id))


def _reason() -> str:
    return (request.form.get("reason") or "").strip()


SIMPLE = {
    "start": (lambda tid, v: c.StartTask(tid, v), "Đã bắt đầu thực hiện."),
    "accept": (lambda tid, v: c.AcceptSubmission(tid, v), "Đã chấp nhận kết quả."),
    "return": (lambda tid, v: c.ReturnSubmission(tid, v, reason=_reason()), "Đã trả lại kết quả."),
    "refuse_extension": (lambda tid, v: c.RefuseExtension(tid, v, reason=_reason()),
                         "Đã từ chối gia hạn."),
    "cancel": (lambda tid, v: c.CancelTask(tid, v, reason=_reason()), "Đã hủy nhiệm vụ."),
    "comment": (lambda tid, v: c.CommentOnTask(tid, v, text=(request.form.get("text") or "").strip()),
                "Đã gửi ý kiến."),
    "share_submission": (lambda tid, v: c.ShareSubmission(tid, v, _int("submission_version")),
                         "Đã chia sẻ kết quả cho đơn vị đang thực hiện."),
    "reassign": (lambda tid, v: c.ReassignTask(tid, v, to_agency_id=request.form.get("agency_id", ""),
                                               reason=_reason()), "Đã chuyển nhiệm vụ."),
}


@bp.post("/nhiem-vu/<task_id>/<action>")
@login_required
def act(task_id: str, action: str):
    with reading() as conn:
        task = visible_task(conn, task_id)
    if action == "submit":
        return _submit(task)
    if action in ("request_extension", "grant_extension"):
        return _extension(task, action)
    if action not in SIMPLE:
        return _back(task_id)
    make, message = SIMPLE[action]
    run(make(task_id, _version()), _(message))
    return _back(task_id)


def _extension(task: dict, action: str):
    tid = task["task_id"]
    text = request.form.get("new_deadline", "")
    new = parse_vn_date(text)
    if text.strip() and new is None:
        flash(_("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."), "error")
        return _back(tid)
    if action == "request_extension":
        run(c.RequestExtension(tid, _version(), new_deadline=new, reason=_reason()),
            _("Đã gửi đề nghị gia hạn."))
    else:
        run(c.GrantExtension(tid, _version(), new_deadline=new), _("Đã gia hạn."))
    return _back(tid)


def _submit(task: dict):
    tid = task["task_id"]
    files = [f for f in request.files.getlist("files") if f and f.filename]
    if len(files) > MAX_FILES:
        flash(_("Tối đa {n} tệp cho một lần gửi.", n=MAX_FILES), "error")
        return _back(tid)
    try:
        checked = [check(f) for f in files]
        figures = _figures(task)
    except UploadRefused as exc:
        flash(str(exc), "error")
        return _back(tid)
    attachments = [store(f) for f in checked]
    ok, _result = run(c.SubmitResult(tid, _version(), text=(request.form.get("text") or "").strip(),
                                     figures=tuple(figures), attachments=tuple(attachments)),
                      _("Đã gửi kết quả."))
    if not ok:  # nothing refers to the files: do not keep them
        for a in attachments:
            (upload_dir() / a.storage_key).unlink(missing_ok=True)
    return _back(tid)


def _figures(task: dict) -> list[Figure]:
    with reading() as conn:
        plan = q.plan_row(conn, task["plan_id"]) or {}
        fields = figure_fields(conn, task, plan)
    return submitted_figures(fields, _figure_value)


def _figure_value(raw: str):
    try:
        return parse_number(raw)
    except NotANumber:
        raise UploadRefused(_("Số liệu không hợp lệ: {raw}", raw=raw)) from None
