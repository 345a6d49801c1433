"""The draft editor a part at a time: the header (number, title, issuer, date of issue,
period), a reporting entry, an assignment with its duties, each one form. A form posts its
fields as ``f:<path>``; what changed becomes one correction event (DraftCorrected) with every
change of the part, or, if any field is not valid, nothing is written and each bad field is
named with what to type (dates dd/mm/yyyy, as in `plan correct`)."""
from __future__ import annotations

import re

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import login_required

from service.texts import N_
from service.web.context import reading, run
from service.web.i18n import _
from service.web.plans_import import EDITABLE, INVALID, field_value, int_or_none, reviewable_plan
from workflows import commands as c
from workflows.plan_events import Correction

bp = Blueprint("draft_parts", __name__)
FIELD = "f:"
# What each field is called, and what to type when it is refused.
LABELS = [
    (re.compile(r"number"), N_("Số")), (re.compile(r"title"), N_("Tên")),
    (re.compile(r"issuer"), N_("Cơ quan ban hành")), (re.compile(r"issued_on"), N_("Ngày ban hành")),
    (re.compile(r"period"), N_("Thời gian thực hiện")),
    (re.compile(r"reporting/\d+/cadence"), N_("Định kỳ")),
    (re.compile(r"reporting/\d+/from"), N_("Cơ quan gửi báo cáo")),
    (re.compile(r"reporting/\d+/recipient"), N_("Gửi về")),
    (re.compile(r"reporting/\d+/due"), N_("Hạn theo kế hoạch")),
    (re.compile(r"assignments/\d+/agencies"), N_("Cơ quan")),
    (re.compile(r"assignments/\d+/role"), N_("Vai trò")),
    (re.compile(r"assignments/\d+/duties/\d+/text"), N_("Nội dung nhiệm vụ")),
    (re.compile(r"assignments/\d+/duties/\d+/kind"), N_("Loại")),
    (re.compile(r"assignments/\d+/duties/\d+/due"), N_("Hạn")),
]
HINTS = {"date": N_("nhập ngày theo dạng dd/mm/yyyy"),
         "period": N_("nhập từ ngày và đến ngày theo dạng dd/mm/yyyy, đến ngày không trước từ ngày"),
         "report_due": N_("nhập 15/12 (hằng năm), 20 (hằng tháng) hoặc 15/12/2025 (một ngày)"),
         "text": N_("không được để trống"), "lines": N_("mỗi dòng một cơ quan, ít nhất một")}


@bp.post("/ke-hoach/<plan_id>/sua-phan")
@login_required
def correct_part(plan_id: str):
    with reading() as conn:
        plan = reviewable_plan(conn, plan_id)
    corrections, problems = changes(plan.draft, request.form)
    if problems:
        for text in problems:
            flash(text, "error")
    elif not corrections:
        flash(_("Không có gì thay đổi."), "ok")
    else:
        run(c.CorrectDraft(plan_id, tuple(corrections),
                           expected_version=int_or_none(request.form.get("version"))),
            _("Đã lưu {n} thay đổi.", n=len(corrections)))
    anchor = request.form.get("anchor") or ""
    return redirect(url_for("plans_import.draft", plan_id=plan_id) + (f"#{anchor}" if anchor else ""))


def changes(draft: dict, form) -> tuple[list[Correction], list[str]]:
    """The corrections the form's fields make to ``draft`` (unchanged fields make none), and
    the problems of the fields that are not valid."""
    paths = [k[len(FIELD):] for k in form if k.startswith(FIELD)]
    if any(p.startswith("period/") for p in paths):
        paths = [p for p in paths if not p.startswith("period/")] + ["period"]
    corrections, problems = [], []
    for path in paths:
        kind = next((k for pattern, k in EDITABLE if pattern.fullmatch(path)), None)
        if kind is None:
            problems.append(_("Không sửa được trường {path}.", path=path))
            continue
        given = ({"start": form.get(f"{FIELD}period/start", ""), "end": form.get(f"{FIELD}period/end", "")}
                 if kind == "period" else {"value": form.get(FIELD + path, "")})
        if not any(v.strip() for v in given.values()) and current(draft, path) in (None, "", [], {}):
            continue  # left empty as it was (a plan with no number): not a change, not an error
        value = field_value(kind, given)
        if value is INVALID:
            problems.append(_("{field}: {hint}.", field=_(label(path)), hint=_(HINTS.get(kind, N_("giá trị không hợp lệ")))))
        elif value != current(draft, path):
            corrections.append(Correction("set", path, value))
    return corrections, problems


def label(path: str) -> str:
    return next((text for pattern, text in LABELS if pattern.fullmatch(path)), path)


def current(draft: dict, path: str):
    """The draft's value at ``path`` (``reporting/0/from``), or None where there is none."""
    node = draft
    for part in path.split("/"):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node
