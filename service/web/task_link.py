"""The signed link in a message: ``/l/<token>`` opens that one task for that person, no password.

Following the link is a command (``OpenTaskLink``): the rule of workflows.task_links is judged
and the use recorded, with the address it came from, granted or not. A granted link puts the
task in the browser's session (``session["task_links"]``); the task page and its forms
(task_page, task_post) then accept that session for that task only, through
:func:`task_access`, and judge the rule again at every request, so a link stops working the
moment the task is done or changes hands. Everything else still needs signing in: the session
holds no signed-in user.
"""
from __future__ import annotations

import functools
from datetime import datetime, timezone

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from service.eventlog.store import ConcurrencyError
from service.links import links_for
from service.queries.task_links import link_facts
from service.web.context import dd, now, reading
from service.web.i18n import _
from workflows import commands as c
from workflows.permissions import Actor
from workflows.task_links import CLOSED, EXPIRED, GRANTED, HANDED_OVER, link_refusal
from service.texts import N_

bp = Blueprint("task_link", __name__)
KEPT = 20  # tasks a browser may hold open through links at once (a digest lists several)

REFUSALS = {
    EXPIRED: N_("Liên kết này đã hết hạn."),
    CLOSED: N_("Nhiệm vụ này đã hoàn thành hoặc đã hủy."),
    HANDED_OVER: N_("Nhiệm vụ này đã được chuyển cho đơn vị khác sau khi tin nhắn được gửi."),
}
NOT_ANY_MORE = N_("Liên kết này không còn mở được nhiệm vụ.")


@bp.get("/l/<token>")
def open_task(token: str):
    link = links_for(dd()).read_task_link(token)
    if link is None:
        abort(404)
    outcome = _record(link)
    if current_user.is_authenticated:  # a signed-in person goes on with their own rights
        return redirect(url_for("task_page.show", task_id=link.task_id))
    if outcome != GRANTED:
        message = _(REFUSALS.get(outcome, NOT_ANY_MORE))
        return render_template("link_refused.html", message=message), 410
    grants = session.get("task_links") or {}
    if any(person != link.person_id for person, _issued in grants.values()):
        grants = {}  # another person's link on this browser: theirs go
    grants.pop(link.task_id, None)
    grants[link.task_id] = [link.person_id, int(link.issued_at.timestamp())]
    session["task_links"] = dict(list(grants.items())[-KEPT:])
    return redirect(url_for("task_page.show", task_id=link.task_id))


def _record(link) -> str:
    command = c.OpenTaskLink(link.task_id, link.person_id, link.issued_at,
                             request.remote_addr or "?", dd().settings.task_link_days)
    actor = Actor(link.person_id, "focal_point")  # the log's actor: the person the link names
    for attempt in range(3):  # two clicks at once race for the links stream: try again
        try:
            return dd().bus.handle(command, actor)
        except ConcurrencyError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def link_actor(task_id: str) -> Actor | None:
    """The person a link in this session grants ``task_id`` to, as an actor, if the rule still
    holds now; else None (and the task leaves the session)."""
    grants = session.get("task_links") or {}
    grant = grants.get(task_id)
    if not grant:
        return None
    person_id, issued = grant
    with reading() as conn:
        facts, actor = link_facts(conn, task_id, person_id)
    refused = link_refusal(facts, datetime.fromtimestamp(issued, timezone.utc), now(),
                           dd().settings.task_link_days)
    if refused is None and actor is not None:
        return actor
    grants.pop(task_id, None)
    session["task_links"] = grants
    return None


def task_access(view):
    """``login_required``, or a link in this session granting the ``task_id`` of the URL."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            actor = link_actor(kwargs.get("task_id", ""))
            if actor is None:
                from service.web.auth import login_manager

                return login_manager.unauthorized()
            g.link_actor = actor
        return view(*args, **kwargs)

    return wrapped
