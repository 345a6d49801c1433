"""Sign-in and sign-out with Flask-Login; people come from the ``people`` read model."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from sqlalchemy import select

from service.auth.actors import actor_of_row
from service.auth import attempts
from service.auth.credentials import check_password, end_sessions
from service.projections.people import people
from service.web import sessions
from service.web.session_cookie import api_path
from service.web.context import dd, now, reading
from service.web.i18n import _
from service.web.redirects import local_path

bp = Blueprint("auth", __name__)


class PagesLoginManager(LoginManager):
    """Flask-Login for the pages. The JSON API carries no session (session_cookie.py): its
    requests skip the remember-me cookie's refresh, whose look into the session after every
    response cost 5 µs of an API request."""

    def _update_remember_cookie(self, response):
        if api_path(request.path):
            return response
        return super()._update_remember_cookie(response)


login_manager = PagesLoginManager()


class WebUser(UserMixin):
    def __init__(self, row, actor):
        self.row, self.actor = row, actor

    def get_id(self) -> str:
        return self.row["person_id"]

    @property
    def name(self) -> str:
        return self.row["name"]


def load_person(conn, **where):
    query = select(people)
    for column, value in where.items():
        query = query.where(people.c[column] == value)
    return conn.execute(query).mappings().first()


@login_manager.user_loader
def _load_user(person_id: str):
    with reading() as conn:
        if not sessions.is_current(conn, person_id, now()):
            return None  # signed out elsewhere, password changed, or past the absolute lifetime
        row = load_person(conn, person_id=person_id)
        actor = actor_of_row(conn, row) if row else None
    return WebUser(dict(row), actor) if actor else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.session_protection = "strong"
    login_manager.login_message = None


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in"))
    if current_user.actor.role.value == "focal_point":
        return redirect(url_for("my_tasks.index"))
    return redirect(url_for("dashboard.index"))


@bp.route("/dang-nhap", methods=["GET", "POST"])
def sign_in():
    if request.method == "GET":
        return render_template("sign_in.html", next=local_path(request.args.get("next")) or "")
    address = request.remote_addr or "?"
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    pair, wide = attempts.pair_key(username, address), f"address:{address}"
    with reading() as conn:
        wait = attempts.wait_left(conn, pair, now()) or attempts.wait_left(conn, wide, now())
        # no password checked while blocked, and the same answer for any username
        user = None if wait is not None else _authenticate(conn, username, password)
    if wait is not None:
        flash(_("Đăng nhập tạm khóa do sai nhiều lần: hãy thử lại sau {n} phút hoặc đặt lại "
                "mật khẩu.", n=-(-int(wait.total_seconds()) // 60)), "error")
        return render_template("sign_in.html", username=username), 429
    with dd().engine.begin() as conn:  # a short write, after the slow hash
        if user is None:
            attempts.record_failure(conn, pair, attempts.PAIR, now())
            attempts.record_failure(conn, wide, _address_rule(), now())
        else:
            attempts.clear(conn, pair)
    if user is None:
        flash(_("Sai tên đăng nhập hoặc mật khẩu."), "error")
        return render_template("sign_in.html", username=username), 401
    lang = session.get("lang")
    session.clear()  # a fresh session at sign-in: no fixation
    if lang:
        session["lang"] = lang
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
    with reading() as conn:
        sessions.open_session(conn, user.row["person_id"], now())
    login_user(user)
    return redirect(local_path(request.form.get("next")) or url_for("auth.home"))


def _address_rule() -> attempts.Rule:
    return replace(attempts.ADDRESS, free=current_app.config.get("SIGNIN_LIMIT_PER_IP", attempts.ADDRESS.free))


def _authenticate(conn, username: str, password: str):
    """The person, or None; one Argon2 check whatever the username (constant work)."""
    row = load_person(conn, username=username) if username else None
    person_id = row["person_id"] if row is not None and row["active"] else None
    if not check_password(conn, person_id, password) or person_id is None:
        return None
    return WebUser(dict(row), actor_of_row(conn, row))


@bp.post("/dang-xuat")
@login_required
def sign_out():
    """Ends every session of the person, on every device: a copied cookie dies with it."""
    with dd().engine.begin() as conn:
        end_sessions(conn, current_user.row["person_id"])
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in"))
