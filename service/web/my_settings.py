"""A person's own message choices: channels, the daily digest's time, the kinds they do without
(workflows.message_prefs), and the way to their calendar feeds."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required

from service.web.auth import load_person
from service.web.context import actor, reading, run
from service.web.i18n import _
from workflows import commands as c
from workflows.message_prefs import DEFAULT_DIGEST_AT, OPTIONAL_KINDS
from workflows.people_events import CHANNELS
from workflows.reminders import DIGEST_TIMES
from service.texts import N_

bp = Blueprint("my_settings", __name__)

KIND_NAMES = {
    "reminder": N_("Nhắc việc trước hạn và đúng hạn"),
    "overdue": N_("Báo nhiệm vụ quá hạn"),
    "returned": N_("Kết quả bị trả lại"),
    "extension_answered": N_("Trả lời đề nghị gia hạn"),
}
CHANNEL_NAMES = {"email": "Email", "sms": "SMS", "zalo": "Zalo"}


def digest_slots() -> list[str]:
    return [at.strftime("%H:%M") for at in DIGEST_TIMES]


@bp.get("/ca-nhan")
@login_required
def index():
    with reading() as conn:
        person = dict(load_person(conn, person_id=actor().user_id))
    return render_template(
        "my_settings.html", person=person, channels=CHANNELS, channel_names=CHANNEL_NAMES,
        kinds=OPTIONAL_KINDS, kind_names=KIND_NAMES, slots=digest_slots(),
        digest_at=person.get("digest_at") or DEFAULT_DIGEST_AT.strftime("%H:%M"))


@bp.post("/ca-nhan")
@login_required
def save():
    receive = set(request.form.getlist("receive"))
    digest_at = request.form.get("digest_at") or None
    if digest_at == DEFAULT_DIGEST_AT.strftime("%H:%M"):
        digest_at = None
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        version = None
    run(c.ChangeMessageChoices(
        actor().user_id, tuple(ch for ch in CHANNELS if ch in request.form.getlist("channels")),
        digest_at, tuple(k for k in OPTIONAL_KINDS if k not in receive), version),
        _("Đã lưu lựa chọn nhận tin."))
    return redirect(url_for("my_settings.index"))
