"""A task: the duty and its source line, the timeline, and the actions allowed now."""
from __future__ import annotations

import re
import uuid
from urllib.parse import quote
from dataclasses import replace
from datetime import datetime

from flask import Blueprint, abort, g, render_template, request, send_file, url_for

from service.file_reads import reads_of, record_read
from service.queries.collectives import collective_progress
from service.queries.tasks import get_task
from service.queries.timeline import task_timeline
from service.queries.visibility import can_review_plan
from service.web import queries_tasks as q
from service.web.consolidation import reports_received
from service.web.context import actor, allowed, dd, now, reading
from service.web.formatting import vn_date, vn_datetime
from service.web.i18n import _
from service.web.plan_sources import source_line
from service.web.target_fields import figure_fields
from service.web.task_actions import available
from service.web.task_link import task_access
from service.web.timeline_text import describe, kind_name, messages_for, state_name, who
from service.web.uploads import stored_path

bp = Blueprint("task_page", __name__)


@bp.app_template_global()
def task_href(task_id: str) -> str:
    """``url_for("task_page.show", task_id=...)`` for the many links of a list: the path is
    built once per request and the id quoted as the route's converter quotes it (werkzeug's
    ``BaseConverter.to_url``)."""
    base = g.get("_task_href")
    if base is None:
        base = g._task_href = url_for("task_page.show", task_id="_")[:-1]
    return base + quote(str(task_id), safe="!$&'()*+,/:;=@")


def visible_task(conn, task_id: str) -> dict:
    """The task's row if the signed-in person may view it; otherwise 404, as if there were none
    (a focal point learns nothing of another agency's tasks by editing the URL)."""
    row = get_task(conn, actor(), task_id)
    if row is None:
        abort(404)
    return dict(row._mapping)


def _oversees(task) -> bool:
    """The task's own agency and its coordinators (administrators too): they see where
    messages went and who opened the submitted files; a cooperating agency does not."""
    who = actor()
    return who.role.value in ("coordinator", "administrator") or who.agency_id == task["agency_id"]


def _collective(conn, plan: dict, task: dict):
    """The task's collective duty, N of M done: who is missing is named to the plan's
    reviewers only (a commune's focal point sees the count, not the other communes)."""
    found = collective_progress(conn, plan, task["duty_id"], task["period_key"]) if plan else []
    if not found:
        return None
    return found[0] if can_review_plan(actor(), task["plan_id"]) else replace(found[0], missing=())


def erased_files(entries) -> dict[str, dict]:
    """storage key -> the data of the SubmissionFilesErased (timeline entries) that erased it."""
    return {a["storage_key"]: e.data for e in entries if e.type == "SubmissionFilesErased"
            for a in e.data.get("files") or () if "storage_key" in a}


def erased_when(data: dict) -> str:
    return vn_datetime(datetime.fromisoformat(data["erased_at"].replace("Z", "+00:00")))


def _file_reads(conn, task_id: str) -> list[dict]:
    reads = reads_of(conn, task_id)
    names = q.people_names(conn, (r.meta.get("actor") for r in reads))
    return [dict(at=r.recorded_at, who=names.get(r.meta.get("actor"), r.meta.get("actor")),
                 file=r.event.file_name, address=r.event.address) for r in reversed(reads)]


@bp.get("/nhiem-vu/<task_id>")
@task_access
def show(task_id: str):
    with reading() as conn:
        task = visible_task(conn, task_id)
        plan = q.plan_row(conn, task["plan_id"]) or {}
        agencies = q.agency_names(conn)
        entries = task_timeline(conn, task_id, actor())
        recipients = q.people_names(conn, (e.data.get("recipient") for e in entries
                                           if e.type.startswith("Message")))
        messages = messages_for(conn, task_id)
        file_reads = _file_reads(conn, task_id) if _oversees(task) else []
        fields = figure_fields(conn, task, plan)
        received = reports_received(conn, task, now())
        collective = _collective(conn, plan, task)
    if not _oversees(task):  # a cooperating agency sees that a message went, not where
        messages = [{**m, "address": None} for m in messages]
    duty = duty_in_draft(plan.get("draft") or {}, task["duty_id"])
    line = duty.get("line")
    erased = {k: erased_when(e) for k, e in erased_files(entries).items()}
    timeline = [dict(at=e.at, who=who(e.actor, e.actor_name), text=describe(e, agencies, recipients),
                     type=e.type, data=e.data, version=e.version, shareable=e.shareable)
                for e in entries]
    return render_template(
        "task.html", task=task, plan=plan, duty=duty, line=line,
        source=source_line(plan.get("source_sha256"), line) if line else None,
        agencies=agencies, timeline=timeline, messages=messages, file_reads=file_reads,
        received=received, erased=erased, collective=collective,
        urgency=q.urgency(task, now()), actions=available(task),
        fields=fields,
        can_share=allowed("share_submission", task),
        state_name=state_name, kind_name=kind_name)


@bp.get("/nhiem-vu/<task_id>/tep/<key>")
@task_access
def download(task_id: str, key: str):
    with reading() as conn:
        visible_task(conn, task_id)
        entries = task_timeline(conn, task_id, actor())
    attached = {a["storage_key"]: a for e in entries if e.type == "ResultSubmitted"
                for a in e.data.get("attachments") or ()}
    erased = erased_files(entries)
    if key in attached and key in erased:  # gone by the plan's retention: say so, and when
        return render_template("error.html", code=410, title=_("Tệp đã bị xóa"), detail=_(
            "Tệp {name} đã được xóa ngày {date} theo thời hạn lưu trữ của kế hoạch ({days} ngày "
            "sau khi kế hoạch kết thúc ngày {closed}). Không còn bản nào để tải về.",
            name=attached[key]["name"], date=erased_when(erased[key]),
            days=erased[key]["retention_days"], closed=vn_date(erased[key]["plan_closed_on"]))), 410
    path = stored_path(key) if key in attached else None
    if path is None:
        abort(404)
    # the read is in the log before the bytes leave (who, when, from where)
    record_read(dd(), task_id, attached[key], actor(), request.remote_addr or "?", uuid.uuid4().hex)
    response = send_file(path, as_attachment=True, download_name=attached[key]["name"],
                         mimetype="application/octet-stream")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def duty_in_draft(draft: dict, duty_id: str) -> dict:
    """The duty ``plan:aN:dM`` of the draft, or for a periodic report (``plan:rN``, and its
    consolidation ``plan:rN:c``) the reporting entry N ({} when the draft no longer has it)."""
    report = re.search(r":r(\d+)(?::c)?$", duty_id or "")
    if report:
        entries = draft.get("reporting") or []
        n = int(report.group(1))
        return dict(entries[n]) if n < len(entries) and isinstance(entries[n], dict) else {}
    try:
        _, a, d = duty_id.rsplit(":", 2)
        assignment = draft["assignments"][int(a[1:])]
        return {**assignment["duties"][int(d[1:])], "agencies": assignment.get("agencies", [])}
    except (ValueError, KeyError, IndexError, TypeError):
        return {}
