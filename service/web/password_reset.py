"""Password reset by email: a signed link that expires in an hour and works once (it names the
password hash it replaces, so it stops working when the password changes)."""
from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_, select

from service.auth import attempts
from service.auth.credentials import WeakPassword, credentials, set_password
from service.projections.people import people
from service.web.context import dd, now, reading
from service.web.i18n import _
from service.outbox.queueing import insert_row
from service.web.messages import describe_vi

bp = Blueprint("password_reset", __name__)
MAX_AGE = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="dondoc-password-reset")


def _fingerprint(conn, person_id: str) -> str:
    hashed = conn.execute(select(credentials.c.password_hash)
                          .where(credentials.c.person_id == person_id)).scalar() or ""
    return hashlib.sha256(hashed.encode()).hexdigest()[:16]


def make_token(conn, person_id: str) -> str:
    return _serializer().dumps({"p": person_id, "h": _fingerprint(conn, person_id)})


@bp.route("/quen-mat-khau", methods=["GET", "POST"])
def request_form():
    if request.method == "GET":
        return render_template("reset_request.html")
    who = (request.form.get("who") or "").strip()
    key = f"reset:{request.remote_addr}"
    with dd().engine.begin() as conn:
        if attempts.wait_left(conn, key, now()) is not None:
            flash(_("Quá nhiều yêu cầu từ máy này. Hãy thử lại sau 15 phút."), "error")
            return render_template("reset_request.html"), 429
        attempts.record_failure(conn, key, attempts.RESET, now())  # every request counts
    with dd().engine.begin() as conn:
        row = conn.execute(select(people).where(
            people.c.active.is_(True), or_(people.c.username == who, people.c.email == who))).mappings().first()
        if row and row["email"] and who:
            # queued, not sent here: the answer never waits for the relay, so its time does
            # not tell whether the account exists (the dispatcher sends it within seconds)
            link = dd().settings.base_url.rstrip("/") + url_for(
                "password_reset.reset", token=make_token(conn, row["person_id"]))
            insert_row(conn, dedupe_key=f"reset:{row['person_id']}:{now().isoformat()}",
                       kind="password_reset", channel="email", person_id=row["person_id"],
                       address=row["email"], status="pending", next_attempt_at=now(),
                       created_at=now(), context={"recipient_name": row["name"], "reset_url": link})
    # the same answer whether or not the account exists
    flash(_("Nếu tài khoản có địa chỉ email, một liên kết đặt lại mật khẩu đã được gửi tới đó."), "ok")
    return redirect(url_for("auth.sign_in"))


@bp.route("/dat-lai-mat-khau/<token>", methods=["GET", "POST"])
def reset(token: str):
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except SignatureExpired:
        flash(_("Liên kết đã hết hạn. Hãy yêu cầu liên kết mới."), "error")
        return redirect(url_for("password_reset.request_form"))
    except BadSignature:
        data = None
    if not (isinstance(data, dict) and isinstance(data.get("p"), str) and isinstance(data.get("h"), str)):
        flash(_("Liên kết không hợp lệ."), "error")  # forged, or signed for something else
        return redirect(url_for("password_reset.request_form"))
    with dd().engine.begin() as conn:
        if _fingerprint(conn, data["p"]) != data["h"]:
            flash(_("Liên kết đã được dùng. Hãy yêu cầu liên kết mới."), "error")
            return redirect(url_for("password_reset.request_form"))
        if request.method == "GET":
            return render_template("reset_form.html", token=token)
        password = request.form.get("password") or ""
        if password != request.form.get("confirm"):
            flash(_("Hai mật khẩu không khớp."), "error")
            return render_template("reset_form.html", token=token), 400
        try:
            set_password(conn, data["p"], password, now())
        except WeakPassword as exc:
            flash(describe_vi(exc), "error")
            return render_template("reset_form.html", token=token), 400
    flash(_("Đã đặt mật khẩu mới. Hãy đăng nhập."), "ok")
    return redirect(url_for("auth.sign_in"))
