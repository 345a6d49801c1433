"""A person changes their own password: the current one first (a session left open on a shared
computer cannot change it), then the new one twice. Every other session ends; this one goes on
under the new session generation. Wrong current passwords count as failed sign-ins do."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from service.auth import attempts
from service.auth.credentials import WeakPassword, check_password, set_password
from service.web import sessions
from service.web.context import dd, now, reading
from service.web.i18n import _
from service.web.messages import describe_vi

bp = Blueprint("password_change", __name__)


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
@login_required
def change():
    if request.method == "GET":
        return render_template("password_change.html")
    person_id = current_user.row["person_id"]
    key = attempts.pair_key(current_user.row["username"], request.remote_addr or "?")
    with reading() as conn:
        wait = attempts.wait_left(conn, key, now())
        right = wait is None and check_password(conn, person_id, request.form.get("current") or "")
    if wait is not None:
        flash(_("Tạm khóa do nhập sai nhiều lần: hãy thử lại sau {n} phút.",
                n=-(-int(wait.total_seconds()) // 60)), "error")
        return render_template("password_change.html"), 429
    if not right:
        with dd().engine.begin() as conn:
            attempts.record_failure(conn, key, attempts.PAIR, now())
        flash(_("Mật khẩu hiện tại không đúng."), "error")
        return render_template("password_change.html"), 400
    password = request.form.get("password") or ""
    if password != request.form.get("confirm"):
        flash(_("Hai mật khẩu không khớp."), "error")
        return render_template("password_change.html"), 400
    try:
        with dd().engine.begin() as conn:
            set_password(conn, person_id, password, now())  # ends every session
            attempts.clear(conn, key)
            sessions.open_session(conn, person_id, now())  # ... but this one, renewed
    except WeakPassword as exc:
        flash(describe_vi(exc), "error")
        return render_template("password_change.html"), 400
    flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."), "ok")
    return redirect(url_for("auth.home"))
