"""Calendar feeds on the web: ``/lich/<token>.ics`` (no sign-in: the secret URL is the key),
and ``/lich``, where a signed-in person finds their feed's URL and their agency's, and resets
them (service.feeds.tokens)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from service.feeds import tokens
from service.feeds.ical import feed_for
from service.feeds.tasks import agency_tasks, person_tasks
from service.outbox.context import agency_name
from service.web.context import actor, dd, now, reading
from service.web.i18n import _

bp = Blueprint("calendar_feeds", __name__)


@bp.get("/lich/<token>.ics")
def feed(token: str):
    settings = dd().settings
    with reading() as conn:
        found = tokens.read_feed_token(conn, settings.secret_key, token)
        if found is None:
            abort(404)
        kind, owner_id = found
        if kind == tokens.AGENCY:
            name = agency_name(conn, owner_id)
            rows = agency_tasks(conn, owner_id) if name else None
        else:
            rows = person_tasks(conn, owner_id)
            name = "Việc của tôi"
        if rows is None:
            abort(404)
        body = feed_for(conn, rows, f"Đôn đốc · {name}", settings.base_url, dd().calendar, now())
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def _owners() -> dict[str, str]:
    a = actor()
    found = {tokens.PERSON: tokens.owner(tokens.PERSON, a.user_id)}
    if a.agency_id:
        found[tokens.AGENCY] = tokens.owner(tokens.AGENCY, a.agency_id)
    return found


@bp.get("/lich")
@login_required
def index():
    settings = dd().settings  # the address messages use, not the one this request came by
    with reading() as conn:
        urls = {kind: f"{settings.base_url.rstrip('/')}/lich/"
                      f"{tokens.feed_token(conn, settings.secret_key, who)}.ics"
                for kind, who in _owners().items()}
        agency = agency_name(conn, actor().agency_id)
    return render_template("calendar_feeds.html", urls=urls, agency=agency)


@bp.post("/lich/dat-lai")
@login_required
def reset():
    which = request.form.get("which", "")
    who = _owners().get(which)
    if who is None:
        flash(_("Không có lịch “{which}” để đặt lại.", which=which), "error")
        return redirect(url_for("calendar_feeds.index"))
    with dd().engine.begin() as conn:
        tokens.reset(conn, who, now())
    flash(_("Đã đặt lại địa chỉ lịch: địa chỉ cũ không còn dùng được."), "ok")
    return redirect(url_for("calendar_feeds.index"))
