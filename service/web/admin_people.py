"""Quản trị người dùng: people, their role, agency, plans and contacts, and their passwords.
Contacts are checked by the handler at entry (an invalid phone number is refused now, not when
a reminder fails to go out)."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select

from service.auth.credentials import WeakPassword, set_password
from service.projections.people import people
from service.queries.plans import list_plans
from service.web import queries_tasks as q
from service.web.context import actor, dd, now, require_roles, run, reading
from service.queries.search import fold
from service.web.paging import filter_args, paged
from service.web.formatting import by_name
from service.web.i18n import _
from service.web.messages import describe_vi
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import UserRole

PAGE = 30
bp = Blueprint("admin_people", __name__)


def role_names() -> dict[str, str]:
    return {"administrator": _("Quản trị"), "coordinator": _("Cơ quan thường trực"),
            "focal_point": _("Cán bộ đầu mối"), "leader": _("Lãnh đạo")}


def _choices(conn) -> dict:
    return dict(agencies=q.all_agencies(conn), plans=list_plans(conn, actor()),
                roles=[r.value for r in UserRole], role_names=role_names())


@bp.get("/quan-tri/nguoi-dung")
@login_required
def index():
    require_roles("administrator")
    with reading() as conn:
        rows = conn.execute(select(people)).mappings().all()
        agencies = q.agency_names(conn)
    wanted = fold(request.args.get("q") or "")
    shown = [r for r in by_name(rows, "name") if not wanted or wanted in fold(" ".join(
        [r["name"], r["username"], r["email"] or "", agencies.get(r["agency_id"], "")]))]
    page_rows, page, pages = paged(shown, PAGE)
    return render_template("admin_people.html", rows=page_rows,
                           total=len(shown), page=page, pages=pages, args=filter_args(),
                           agencies=agencies, role_names=role_names())


def profile_from(form) -> Profile:
    return Profile(
        username=(form.get("username") or "").strip(), name=(form.get("name") or "").strip(),
        role=form.get("role", ""), agency_id=form.get("agency_id") or None,
        plan_ids=tuple(form.getlist("plan_ids")), email=(form.get("email") or "").strip() or None,
        phone=(form.get("phone") or "").strip() or None, channels=tuple(form.getlist("channels")),
        language=form.get("language") if form.get("language") in ("vi", "en") else "vi",
        is_leader=form.get("is_leader") == "1", active=form.get("active") == "1")


@bp.route("/quan-tri/nguoi-dung/moi", methods=["GET", "POST"])
@login_required
def new():
    require_roles("administrator")
    person = None
    if request.method == "POST":
        person = profile_from(request.form)
        ok, person_id = run(c.AddPerson(person, password=request.form.get("password") or None),
                            _("Đã thêm người dùng."))
        if ok:
            return redirect(url_for("admin_people.edit", person_id=person_id))
    with reading() as conn:
        return render_template("person_form.html", person=person, row=None, **_choices(conn))


@bp.route("/quan-tri/nguoi-dung/<person_id>", methods=["GET", "POST"])
@login_required
def edit(person_id: str):
    require_roles("administrator")
    with reading() as conn:
        row = conn.execute(select(people).where(people.c.person_id == person_id)).mappings().first()
    if row is None:
        abort(404)
    person = None
    if request.method == "POST":  # the person's own message choices are theirs: kept
        person = replace(profile_from(request.form), digest_at=row["digest_at"],
                         muted=tuple(row["muted"] or ()))
        version = request.form.get("version", "")
        ok, _v = run(c.UpdatePerson(person_id, person, int(version) if version.isdigit() else None),
                     _("Đã lưu."))
        if ok:
            return redirect(url_for("admin_people.edit", person_id=person_id))
    with reading() as conn:
        return render_template("person_form.html", person=person or Profile(**_profile_fields(row)),
                               row=row, **_choices(conn))


def _profile_fields(row) -> dict:
    return {k: row[k] for k in ("username", "name", "role", "agency_id", "email", "phone", "language",
                                "is_leader", "active")} | {"plan_ids": tuple(row["plan_ids"]),
                                                           "channels": tuple(row["channels"])}


@bp.post("/quan-tri/nguoi-dung/<person_id>/mat-khau")
@login_required
def password(person_id: str):
    require_roles("administrator")
    with dd().engine.begin() as conn:
        if conn.execute(select(people.c.person_id).where(people.c.person_id == person_id)).first() is None:
            abort(404)
        try:
            set_password(conn, person_id, request.form.get("password") or "", now())
        except WeakPassword as exc:
            flash(describe_vi(exc), "error")
            return redirect(url_for("admin_people.edit", person_id=person_id))
    flash(_("Đã đặt mật khẩu mới."), "ok")
    return redirect(url_for("admin_people.edit", person_id=person_id))
