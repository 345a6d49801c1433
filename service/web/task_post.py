"""The forms of a task page: each one command, with the version of the task the person saw."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from service.web import queries_tasks as q
from service.web.context import run, reading
from service.web.formatting import parse_vn_date
from service.web.i18n import _
from service.web.target_fields import figure_fields, submitted_figures
from service.web.task_actions import available
from service.web.task_link import task_access
from service.web.task_page import visible_task
from service.upload_checks import UploadRefused, check, check_count
from service.web.messages import describe_vi
from service.web.uploads import store, upload_dir
from workflows import commands as c
from workflows.numbers import NotANumber, parse_number
from workflows.task_events import Figure
from service.texts import N_

bp = Blueprint("task_post", __name__)


def _version() -> int:
    """The version of the task the person saw; a form without it is refused (400), never run
    without the concurrency check."""
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        abort(400, description="version")


def _back(task_id: str):
    return redirect(url_for("task_page.show", task_id=task_id))


# what the page says once an action has been carried out (the commands are workflows.commands')
DONE = {
    "start": N_("Đã bắt đầu thực hiện."),
    "accept": N_("Đã chấp nhận kết quả."),
    "return": N_("Đã trả lại kết quả."),
    "refuse_extension": N_("Đã từ chối gia hạn."),
    "cancel": N_("Đã hủy nhiệm vụ."),
    "comment": N_("Đã gửi ý kiến."),
    "share_submission": N_("Đã chia sẻ kết quả cho đơn vị đang thực hiện."),
    "reassign": N_("Đã chuyển nhiệm vụ."),
    "request_extension": N_("Đã gửi đề nghị gia hạn."),
    "grant_extension": N_("Đã gia hạn."),
    "submit": N_("Đã gửi kết quả."),
}


def _text_fields(action: str) -> dict:
    """The command's fields as the form holds them under the same names: text stripped,
    counts as integers (a missing or garbled count is 0, which the task refuses clearly)."""
    values = {}
    for name in c.command_fields(action):
        raw = (request.form.get(name) or "").strip()
        if name.endswith("_version"):
            values[name] = int(raw) if raw.isdigit() else 0
        else:
            values[name] = raw
    return values


@bp.post("/nhiem-vu/<task_id>/<action>")
@task_access
def act(task_id: str, action: str):
    with reading() as conn:
        task = visible_task(conn, task_id)
    if action == "submit":
        return _submit(task)
    if action in ("request_extension", "grant_extension"):
        return _extension(task, action)
    if action not in c.TASK_COMMANDS:
        return _back(task_id)
    if action == "cancel" and action in available(task) and not request.form.get("confirm"):
        flash(_("Hãy đánh dấu ô xác nhận trước khi hủy nhiệm vụ: việc hủy không hoàn tác được."), "error")
        return _back(task_id)
    run(c.task_command(action, task_id, _version(), **_text_fields(action)), _(DONE[action]))
    return _back(task_id)


def _extension(task: dict, action: str):
    tid = task["task_id"]
    text = request.form.get("new_deadline", "")
    new = parse_vn_date(text)
    if text.strip() and new is None:
        flash(_("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."), "error")
        return _back(tid)
    fields = {**_text_fields(action), "new_deadline": new}
    run(c.task_command(action, tid, _version(), **fields), _(DONE[action]))
    return _back(tid)


def _submit(task: dict):
    tid = task["task_id"]
    files = [f for f in request.files.getlist("files") if f and f.filename]
    try:
        check_count(len(files))
        checked = [check(f) for f in files]
        figures = _figures(task)
    except (UploadRefused, NotANumber) as exc:  # refused before anything is stored
        flash(describe_vi(exc), "error")
        return _back(tid)
    attachments = [store(f) for f in checked]
    ok, _result = run(c.task_command("submit", tid, _version(),
                                     text=(request.form.get("text") or "").strip(),
                                     figures=tuple(figures), attachments=tuple(attachments)),
                      _(DONE["submit"]))
    if not ok:  # nothing refers to the files: do not keep them
        for a in attachments:
            (upload_dir() / a.storage_key).unlink(missing_ok=True)
    return _back(tid)


def _figures(task: dict) -> list[Figure]:
    with reading() as conn:
        plan = q.plan_row(conn, task["plan_id"]) or {}
        fields = figure_fields(conn, task, plan)
    return submitted_figures(fields, parse_number)
