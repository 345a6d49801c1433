"""Quản trị cơ quan: the agency registry, its hierarchy and the other names agencies go by."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from service.web import queries_tasks as q
from service.web.context import require_roles, run, reading
from service.queries.search import fold
from service.web.paging import filter_args, paged
from service.web.formatting import by_name
from service.web.i18n import _
from workflows import commands as c
from workflows.agency_names import LEVELS
from workflows.places import describe

PAGE = 30  # agencies a page: a province's communes are thousands
bp = Blueprint("admin_agencies", __name__)


def level_names() -> dict[str, str]:
    return {"central": _("Trung ương"), "province": _("Tỉnh"), "district": _("Huyện"),
            "commune": _("Xã"), "other": _("Khác")}


def tree(rows: list[dict]) -> list[tuple[int, dict]]:
    """(depth, agency) in display order: each agency under its parent, by name."""
    children: dict = {}
    ids = {r["agency_id"] for r in rows}
    for r in rows:
        parent = r["parent_id"] if r["parent_id"] in ids else None
        children.setdefault(parent, []).append(r)
    out, seen = [], set()

    def walk(parent, depth):
        for r in by_name(children.get(parent, []), "name"):
            if r["agency_id"] in seen:
                continue
            seen.add(r["agency_id"])
            out.append((depth, r))
            walk(r["agency_id"], depth + 1)

    walk(None, 0)
    return out


@bp.get("/quan-tri/co-quan")
@login_required
def index():
    require_roles("administrator")
    with reading() as conn:
        rows = q.all_agencies(conn)
    active = by_name([r for r in rows if r["status"] == "active"], "name")
    wanted = fold(request.args.get("q") or "")
    shown = [(d, r) for d, r in tree(rows) if not wanted or wanted in fold(" ".join(
        [r["name"], r.get("place") or "", *(r.get("aliases") or [])]))]
    page_rows, page, pages = paged(shown, PAGE)
    return render_template("admin_agencies.html", rows=page_rows,
                           total=len(shown), page=page, pages=pages, args=filter_args(),
                           agencies=active, levels=LEVELS, level_names=level_names(),
                           place_of=place_text, names={r["agency_id"]: r["name"] for r in rows})



def place_text(row: dict) -> str:
    """"Cầu Giấy (nay: Phường Cầu Giấy, Thành phố Hà Nội)": a former place and its successor."""
    place = row.get("place") or ""
    successor = describe(row.get("successor"))
    return f"{place} ({_('nay')}: {successor})" if place and successor else place or "—"


@bp.post("/quan-tri/co-quan/<agency_id>/doi-ten")
@login_required
def rename(agency_id: str):
    require_roles("administrator")
    run(c.RenameAgency(agency_id, (request.form.get("name") or "").strip()), _("Đã đổi tên cơ quan."))
    return redirect(url_for("admin_agencies.index") + f"#ag-{agency_id}")


@bp.post("/quan-tri/co-quan/<agency_id>/sap-nhap")
@login_required
def merge(agency_id: str):
    require_roles("administrator")
    f = request.form
    ok, moved = run(c.MergeAgencies(agency_id, f.get("into_agency_id", ""), (f.get("reason") or "").strip()))
    if ok:
        flash(_("Đã sáp nhập: chuyển {t} nhiệm vụ và {p} người dùng sang cơ quan mới.",
                t=moved.tasks, p=moved.people), "ok")
    return redirect(url_for("admin_agencies.index"))


@bp.post("/quan-tri/co-quan/<agency_id>/giai-the")
@login_required
def retire(agency_id: str):
    require_roles("administrator")
    run(c.RetireAgency(agency_id, (request.form.get("reason") or "").strip()), _("Đã giải thể cơ quan."))
    return redirect(url_for("admin_agencies.index"))


@bp.post("/quan-tri/co-quan")
@login_required
def register():
    require_roles("administrator")
    f = request.form
    aliases = tuple(a.strip() for a in (f.get("aliases") or "").splitlines() if a.strip())
    run(c.RegisterAgency(name=(f.get("name") or "").strip(), level=f.get("level", ""),
                         parent_id=f.get("parent_id") or None, aliases=aliases),
        _("Đã thêm cơ quan."))
    return redirect(url_for("admin_agencies.index"))


@bp.post("/quan-tri/co-quan/<agency_id>/ten-khac")
@login_required
def add_alias(agency_id: str):
    require_roles("administrator")
    alias = (request.form.get("alias") or "").strip()
    if alias:
        run(c.AddAgencyAlias(agency_id, alias), _("Đã thêm tên khác."))
    return redirect(url_for("admin_agencies.index") + f"#ag-{agency_id}")
