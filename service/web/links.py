"""The signed link that stops a channel: /huy-nhan/<token> (RFC 8058 one-click: a mail client
POSTs it with no session and no form token). The task link, /l/<token>, is service.web.task_link."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, render_template, request
from service.links import links_for
from service.web.context import dd
from workflows import commands as c
from workflows.permissions import Actor

bp = Blueprint("links", __name__)
UNSUBSCRIBER = Actor("system:unsubscribe-link", "administrator")
CHANNEL_NAMES = {"email": "email", "sms": "SMS"}


@bp.route("/huy-nhan/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    found = links_for(dd()).read_unsubscribe(token)
    if found is None:
        abort(404)
    person_id, channel = found
    name = CHANNEL_NAMES.get(channel, channel)
    if request.method == "GET":
        return render_template("unsubscribe.html", channel=name, done=False)
    with dd().uow() as uow:
        history = uow.events.read_stream(f"person-{person_id}")
    if not history:
        abort(404)
    profile = history[-1].event.profile
    if channel in profile.channels:
        channels = tuple(ch for ch in profile.channels if ch != channel)
        dd().bus.handle(c.UpdatePerson(person_id, replace(profile, channels=channels),
                                       expected_version=history[-1].version), UNSUBSCRIBER)
    return render_template("unsubscribe.html", channel=name, done=True)
