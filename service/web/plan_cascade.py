"""The cascade on a plan's page: the plans its legal basis cites and whether dondoc linked
them (link, unlink), and, for an active plan, the lower plans that implement it, the bodies
that have not written theirs, and the lower plans' classification rolled up."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import login_required
from sqlalchemy import select

from service.projections.plans import plans
from service.queries.cascade import implemented, plan_cascade
from service.queries.visibility import plan_scope
from service.web.context import actor, now, reading, run
from service.web.i18n import _, ngettext
from workflows import cascade
from workflows import commands as c
from workflows.localtime import local_date
from workflows.permissions import PlanRef, can

bp = Blueprint("plan_cascade", __name__)


@dataclass(frozen=True)
class Cited:
    """A plan the legal basis cites: the one linked to it, or the plans it may be."""

    ref: cascade.PlanRef
    linked: dict | None
    candidates: list[dict]


def cascade_context(conn, plan) -> dict:
    """What plan_draft.html's cascade parts need."""
    links = {r.plan_id: r for r in implemented(conn, plan.plan_id)}
    refs = cascade.plan_refs(plan.draft)
    heads = {r.number.split("/")[0].strip() for r in refs}
    found = [r for h in sorted(heads) for r in conn.execute(
        select(plans.c.plan_id, plans.c.number, plans.c.issued_on, plans.c.title, plans.c.issuer, plans.c.place)
        .where(plans.c.number.like(f"{h}/%") | plans.c.number.like(f"{h} /%"), plans.c.plan_id != plan.plan_id))]
    cited, shown = [], set()
    for ref in refs:
        key = cascade.number_key(ref.number)
        same = [r for r in found if cascade.number_key(r.number) == key]
        linked = next((dict(links[p]._mapping) for p in links if p in {r.plan_id for r in same}), None)
        shown |= {linked["plan_id"]} if linked else set()
        cited.append(Cited(ref, linked, [dict(r._mapping) for r in same if not linked]))
    extra = [dict(r._mapping) for p, r in links.items() if p not in shown]  # linked by hand
    visible = conn.execute(select(plans.c.plan_id, plans.c.number, plans.c.title)
                           .where(plan_scope(actor()), plans.c.plan_id != plan.plan_id,
                                  plans.c.plan_id.not_in(list(links) or [""]))
                           .order_by(plans.c.number).limit(200)).all()
    return dict(cited=cited, extra_links=extra, link_choices=visible,
                may_link=can(actor(), "activate_plan", PlanRef(plan.plan_id)),
                cascade=plan_cascade(conn, plan.plan_id, local_date(now())) if plan.status == "active" else None)


@bp.post("/ke-hoach/<plan_id>/lien-ket")
@login_required
def link(plan_id: str):
    higher = (request.form.get("higher_plan_id") or "").strip()
    if higher:
        run(c.LinkPlan(plan_id, higher, (request.form.get("note") or "").strip() or None),
            _("Đã liên kết với kế hoạch cấp trên."))
    return redirect(url_for("plans_import.draft", plan_id=plan_id) + "#can-cu")


@bp.post("/ke-hoach/<plan_id>/bo-lien-ket")
@login_required
def unlink(plan_id: str):
    ok, reopened = run(c.UnlinkPlan(plan_id, request.form.get("higher_plan_id") or "",
                                    request.form.get("reason") or ""), _("Đã bỏ liên kết."))
    if ok and reopened:
        flash(ngettext("{n} nhiệm vụ \"xây dựng kế hoạch\" mà liên kết này đã hoàn thành được mở lại.",
                       "{n} nhiệm vụ \"xây dựng kế hoạch\" mà liên kết này đã hoàn thành được mở lại.",
                       reopened), "ok")
    return redirect(url_for("plans_import.draft", plan_id=plan_id) + "#can-cu")
