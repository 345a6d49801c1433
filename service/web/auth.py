"""Sign-in and sign-out with Flask-Login; people come from the ``people`` read model."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from sqlalchemy import select

from service.auth.actors import actor_for
from service.auth.credentials import check_password, is_locked
from service.projections.people import people
from service.web.context import dd, now, reading
from service.web.i18n import _
from service.web.ratelimit import AttemptLimiter
from service.web.redirects import local_path

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


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
        row = load_person(conn, person_id=person_id)
        actor = actor_for(conn, person_id) if row else None
    return WebUser(dict(row), actor) if actor else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.session_protection = "strong"
    login_manager.login_message = None
    app.extensions["dondoc_signin_limiter"] = AttemptLimiter(
        limit=app.config.get("SIGNIN_LIMIT_PER_IP", 20))


def _limiter() -> AttemptLimiter:
    return current_app.extensions["dondoc_signin_limiter"]


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
    ip = request.remote_addr or "?"
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    if _limiter().blocked(ip, now()):
        flash(_("Quá nhiều lần đăng nhập sai từ máy này. Hãy thử lại sau 15 phút."), "error")
        return render_template("sign_in.html", username=username), 429
    user = _authenticate(username, password)
    if user is None:
        _limiter().record(ip, now())
        return render_template("sign_in.html", username=username), 401
    lang = session.get("lang")
    session.clear()  # a fresh session at sign-in: no fixation
    if lang:
        session["lang"] = lang
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
    login_user(user)
    return redirect(local_path(request.form.get("next")) or url_for("auth.home"))


def _authenticate(username: str, password: str):
    with dd().engine.begin() as conn:
        row = load_person(conn, username=username) if username else None
        if row is None or not row["active"]:
            flash(_("Sai tên đăng nhập hoặc mật khẩu."), "error")
            return None
        if is_locked(conn, row["person_id"], now()):
            flash(_("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau 15 phút "
                    "hoặc đặt lại mật khẩu."), "error")
            return None
        if not check_password(conn, row["person_id"], password, now()):
            locked = is_locked(conn, row["person_id"], now())
            flash(_("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau 15 phút "
                    "hoặc đặt lại mật khẩu.") if locked else _("Sai tên đăng nhập hoặc mật khẩu."),
                  "error")
            return None
        actor = actor_for(conn, row["person_id"])
    return WebUser(dict(row), actor)


@bp.post("/dang-xuat")
@login_required
def sign_out():
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in"))
