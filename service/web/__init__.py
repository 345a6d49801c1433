"""The web pages: sign-in, focal points' tasks, coordinators' dashboards, import, administration.

``init_web(app)`` binds the extensions (Flask-Login, CSRF) and registers the page blueprints.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from service.web.session_cookie import API_PREFIX, PagesSessionInterface

csrf = CSRFProtect()


# The JSON API authenticates each request with a bearer token; a one-click unsubscribe is
# POSTed by a mail client, its signed URL being the proof (RFC 8058).
_NO_CSRF = (API_PREFIX, "/huy-nhan/")


def init_web(app: Flask) -> None:
    # Flask's defaults (31 days, no upload limit) are present already: override them
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config.get("SESSION_HOURS", 8))
    from service.web import headers

    app.session_interface = PagesSessionInterface()  # the API's requests carry no session
    headers.init_app(app, app.extensions["dondoc"].settings)  # cookie flags, CSP, framing
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or 25 * 1024 * 1024
    # The JSON API (/api/) authenticates with bearer tokens, not cookies: no CSRF token there.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    csrf.init_app(app)

    @app.before_request
    def _csrf_outside_api():
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and not request.path.startswith(_NO_CSRF):
            csrf.protect()

    from service.web import auth, formatting, i18n, pages_errors

    auth.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    pages_errors.init_app(app)
    for bp in _blueprints():
        app.register_blueprint(bp)


def _blueprints():
    from flask import Blueprint

    assets = Blueprint("static_web", __name__, static_folder="static", static_url_path="/web-static",
                       template_folder="templates")
    from service.web import (admin_agencies, admin_people, auth, calendar_feeds, collective_duties, dashboard,
                             dashboard_more, draft_parts,
                             deliveries, exports, links, my_settings, my_tasks, password_change,
                             password_reset, plan_cascade, plans_import, review, search_page, target_exports,
                             targets_page, task_link, task_page, task_post)

    return [assets, auth.bp, password_reset.bp, password_change.bp, my_tasks.bp, task_page.bp,
            task_post.bp, dashboard.bp, dashboard_more.bp, exports.bp, review.bp, deliveries.bp, links.bp,
            task_link.bp, calendar_feeds.bp, my_settings.bp, plans_import.bp, admin_agencies.bp,
            admin_people.bp, targets_page.bp, target_exports.bp, search_page.bp, plan_cascade.bp,
            collective_duties.bp, draft_parts.bp]
